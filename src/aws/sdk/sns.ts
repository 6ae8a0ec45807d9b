import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { SnsPort } from '../port.js';
import { call } from './map-error.js';
import { collect, toTags } from './paginate.js';

export function createSnsPort(client: () => SNSClient): SnsPort {
  return {
    async listTopics() {
      const topics = await call('sns:ListTopics', () =>
        collect(async (NextToken) => {
          const r = await client().send(new ListTopicsCommand({ NextToken }));
          return { items: r.Topics, next: r.NextToken };
        }),
      );
      return topics.map((t) => t.TopicArn ?? '').filter((arn) => arn !== '');
    },
    async createTopic(name, tags) {
      const out = await call('sns:CreateTopic', () => client().send(new CreateTopicCommand({ Name: name, Tags: toTags(tags) })));
      return out.TopicArn ?? '';
    },
    async getTopicAttributes(topicArn) {
      const out = await call('sns:GetTopicAttributes', () => client().send(new GetTopicAttributesCommand({ TopicArn: topicArn })));
      return { ...(out.Attributes ?? {}) };
    },
    async setTopicAttribute(topicArn, name, value) {
      await call('sns:SetTopicAttributes', () =>
        client().send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: name, AttributeValue: value })),
      );
    },
    async listSubscriptionsByTopic(topicArn) {
      const subs = await call('sns:ListSubscriptionsByTopic', () =>
        collect(async (NextToken) => {
          const r = await client().send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }));
          return { items: r.Subscriptions, next: r.NextToken };
        }),
      );
      // A confirmed subscription's SubscriptionArn is its ARN, an unconfirmed one's
      // "PendingConfirmation"; after an unsubscribe SNS lists it a while longer as "Deleted"
      // (and a removed one may show no ARN at all): neither delivers anything, so neither is kept.
      const live = subs.filter((s) => s.SubscriptionArn === 'PendingConfirmation' || (s.SubscriptionArn ?? '').startsWith('arn:'));
      return live.map((s) => ({
        arn: s.SubscriptionArn ?? '',
        protocol: s.Protocol ?? '',
        endpoint: s.Endpoint ?? '',
        pending: s.SubscriptionArn === 'PendingConfirmation',
      }));
    },
    async getSubscriptionAttributes(subscriptionArn) {
      const out = await call('sns:GetSubscriptionAttributes', () =>
        client().send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn })),
      );
      return { ...(out.Attributes ?? {}) };
    },
    async subscribe(topicArn, protocol, endpoint) {
      await call('sns:Subscribe', () => client().send(new SubscribeCommand({ TopicArn: topicArn, Protocol: protocol, Endpoint: endpoint })));
    },
  };
}
