import {
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type EventBridgeClient,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { AwsError } from '../errors.js';
import type { EventsPort, EventTarget } from '../port.js';
import { call } from './map-error.js';
import { collect, toTags } from './paginate.js';

function toSdkTarget(t: EventTarget): Target {
  return {
    Id: t.id,
    Arn: t.arn,
    ...(t.input !== undefined ? { Input: t.input } : {}),
    ...(t.inputPath !== undefined ? { InputPath: t.inputPath } : {}),
    ...(t.inputTransformer
      ? { InputTransformer: { InputTemplate: t.inputTransformer.inputTemplate, ...(t.inputTransformer.inputPathsMap ? { InputPathsMap: t.inputTransformer.inputPathsMap } : {}) } }
      : {}),
  };
}

export function createEventsPort(client: () => EventBridgeClient): EventsPort {
  return {
    async listRules() {
      const rules = await call('events:ListRules', () =>
        collect(async (NextToken) => {
          const r = await client().send(new ListRulesCommand({ NextToken }));
          return { items: r.Rules, next: r.NextToken };
        }),
      );
      return rules.map((r) => ({
        name: r.Name ?? '',
        arn: r.Arn ?? '',
        state: r.State ?? 'ENABLED',
        ...(r.EventPattern ? { eventPattern: r.EventPattern } : {}),
        ...(r.Description ? { description: r.Description } : {}),
      }));
    },
    async listTargetsByRule(ruleName) {
      const targets = await call('events:ListTargetsByRule', () =>
        collect(async (NextToken) => {
          const r = await client().send(new ListTargetsByRuleCommand({ Rule: ruleName, NextToken }));
          return { items: r.Targets, next: r.NextToken };
        }),
      );
      return targets.map((t) => ({
        id: t.Id ?? '',
        arn: t.Arn ?? '',
        ...(t.Input !== undefined ? { input: t.Input } : {}),
        ...(t.InputPath !== undefined ? { inputPath: t.InputPath } : {}),
        ...(t.InputTransformer
          ? {
              inputTransformer: {
                inputTemplate: t.InputTransformer.InputTemplate ?? '',
                ...(t.InputTransformer.InputPathsMap ? { inputPathsMap: { ...t.InputTransformer.InputPathsMap } } : {}),
              },
            }
          : {}),
      }));
    },
    async putRule(input) {
      const out = await call('events:PutRule', () =>
        client().send(
          new PutRuleCommand({
            Name: input.name,
            EventPattern: input.eventPattern,
            Description: input.description,
            State: 'ENABLED',
            Tags: toTags(input.tags),
          }),
        ),
      );
      return out.RuleArn ?? '';
    },
    async putTargets(ruleName, targets) {
      const out = await call('events:PutTargets', () =>
        client().send(new PutTargetsCommand({ Rule: ruleName, Targets: targets.map(toSdkTarget) })),
      );
      // PutTargets answers 200 even when targets were refused; the refusals are in the body.
      const failed = out.FailedEntries?.[0];
      if ((out.FailedEntryCount ?? 0) > 0 && failed) {
        throw new AwsError({
          kind: 'Unknown',
          action: 'events:PutTargets',
          code: failed.ErrorCode,
          message: `Target ${failed.TargetId ?? ''} was not added to rule ${ruleName}: ${failed.ErrorMessage ?? failed.ErrorCode ?? 'refused'}`,
        });
      }
    },
  };
}
