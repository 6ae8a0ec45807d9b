// SNS (us-east-1): topics, attributes and email subscriptions that wait for confirmation.
import type { SnsPort, Tags } from '../port.js';
import { fail, looksLikeEmail, tagProblem, type SandboxContext } from './context.js';
import type { SandboxState, TopicRecord } from './state.js';

const SETTABLE = new Set(['DisplayName', 'Policy', 'DeliveryPolicy', 'KmsMasterKeyId', 'SignatureVersion', 'TracingConfig']);
export const PENDING_CONFIRMATION = 'PendingConfirmation';

/** The access policy AWS gives every new topic. */
function defaultPolicy(state: SandboxState, topicArn: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': state.accountId } },
      },
    ],
  });
}

const EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

function sameTags(a: Tags, b: Tags): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** A subscription id as SNS writes it: a UUID after the topic ARN. */
function uuid(bytes: Uint8Array): string {
  const hex = [...bytes.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function createSns(ctx: SandboxContext): SnsPort {
  const { state } = ctx;
  const requireTopic = (action: string, arn: string): TopicRecord =>
    state.topics.find((t) => t.arn === arn) ?? fail('NotFound', action, 'NotFound', 'Topic does not exist');

  return {
    async listTopics() {
      return state.topics.map((t) => t.arn);
    },

    async createTopic(name, tags) {
      const action = 'sns:CreateTopic';
      if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) {
        fail('InvalidInput', action, 'InvalidParameter', 'Invalid parameter: Topic Name');
      }
      const problem = tagProblem(tags);
      if (problem) fail(problem.limit ? 'LimitExceeded' : 'InvalidInput', action, problem.limit ? 'TagLimitExceeded' : 'InvalidParameter', problem.message);
      const existing = state.topics.find((t) => t.name === name);
      if (existing) {
        if (Object.keys(tags).length > 0 && !sameTags(existing.tags, tags)) {
          fail('InvalidInput', action, 'InvalidParameter', 'Invalid parameter: Tags Reason: Topic already exists with different tags');
        }
        return existing.arn;
      }
      const arn = `arn:aws:sns:${state.region}:${state.accountId}:${name}`;
      state.topics.push({ arn, name, tags: { ...tags }, attributes: { DisplayName: '', Policy: defaultPolicy(state, arn) }, subscriptions: [] });
      return arn;
    },

    async getTopicAttributes(topicArn) {
      const topic = requireTopic('sns:GetTopicAttributes', topicArn);
      const count = (confirmed: boolean) => String(topic.subscriptions.filter((s) => s.confirmed === confirmed).length);
      return {
        ...topic.attributes,
        TopicArn: topic.arn,
        Owner: state.accountId,
        SubscriptionsConfirmed: count(true),
        SubscriptionsPending: count(false),
        SubscriptionsDeleted: '0',
        EffectiveDeliveryPolicy: EFFECTIVE_DELIVERY_POLICY,
      };
    },

    async setTopicAttribute(topicArn, name, value) {
      const action = 'sns:SetTopicAttributes';
      const topic = requireTopic(action, topicArn);
      if (!SETTABLE.has(name)) fail('InvalidInput', action, 'InvalidParameter', 'Invalid parameter: AttributeName');
      if (name === 'DisplayName' && value.length > 100) {
        fail('InvalidInput', action, 'InvalidParameter', 'Invalid parameter: DisplayName Reason: must be at most 100 characters');
      }
      if (name === 'Policy' || name === 'DeliveryPolicy') {
        try {
          JSON.parse(value);
        } catch {
          fail('InvalidInput', action, 'InvalidParameter', `Invalid parameter: ${name} Reason: failed to parse JSON`);
        }
      }
      topic.attributes[name] = value;
    },

    async listSubscriptionsByTopic(topicArn) {
      return requireTopic('sns:ListSubscriptionsByTopic', topicArn).subscriptions.map((s) => ({
        arn: s.confirmed ? s.arn : PENDING_CONFIRMATION,
        protocol: s.protocol,
        endpoint: s.endpoint,
        pending: !s.confirmed,
      }));
    },

    async getSubscriptionAttributes(subscriptionArn) {
      const action = 'sns:GetSubscriptionAttributes';
      for (const topic of state.topics) {
        const s = topic.subscriptions.find((x) => x.confirmed && x.arn === subscriptionArn);
        if (!s) continue;
        const attributes: Record<string, string> = {
          SubscriptionArn: s.arn,
          TopicArn: topic.arn,
          Owner: state.accountId,
          Protocol: s.protocol,
          Endpoint: s.endpoint,
          PendingConfirmation: 'false',
          ConfirmationWasAuthenticated: 'false',
          ...s.attributes,
        };
        // AWS reports the default scope once a filter policy is set
        if (attributes.FilterPolicy && !attributes.FilterPolicyScope) attributes.FilterPolicyScope = 'MessageAttributes';
        return attributes;
      }
      return fail('NotFound', action, 'NotFound', 'Subscription does not exist');
    },

    async subscribe(topicArn, protocol, endpoint) {
      const action = 'sns:Subscribe';
      const topic = requireTopic(action, topicArn);
      if (protocol !== 'email') fail('InvalidInput', action, 'InvalidParameter', 'Invalid parameter: Protocol');
      if (!looksLikeEmail(endpoint)) fail('InvalidInput', action, 'InvalidParameter', 'Invalid parameter: Email address');
      // Subscribing the same endpoint again returns the existing subscription.
      if (topic.subscriptions.some((s) => s.protocol === protocol && s.endpoint === endpoint)) return;
      topic.subscriptions.push({ arn: `${topic.arn}:${uuid(ctx.random(16))}`, protocol, endpoint, confirmed: false });
    },
  };
}
