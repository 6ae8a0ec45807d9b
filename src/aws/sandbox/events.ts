// EventBridge (default event bus, us-east-1): rules and their targets.
import type { EventsPort, EventTarget, Tags } from '../port.js';
import { fail, tagProblem, type SandboxContext } from './context.js';
import type { EventRuleRecord } from './state.js';

const NAME_RULE = /^[.\-_A-Za-z0-9]{1,64}$/;
const MAX_TARGETS_PER_RULE = 5;

function checkName(action: string, param: string, value: string): void {
  if (!NAME_RULE.test(value)) {
    fail('InvalidInput', action, 'ValidationException', `Value '${value}' at '${param}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+ and have length between 1 and 64`);
  }
}

function checkPattern(action: string, pattern: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(pattern);
  } catch {
    fail('InvalidInput', action, 'InvalidEventPatternException', 'Event pattern is not valid. Reason: the pattern is not valid JSON.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.keys(parsed).length === 0) {
    fail('InvalidInput', action, 'InvalidEventPatternException', 'Event pattern is not valid. Reason: the pattern must be a non-empty JSON object.');
  }
}

function checkTags(action: string, tags: Tags): void {
  const problem = tagProblem(tags);
  if (problem) fail(problem.limit ? 'LimitExceeded' : 'InvalidInput', action, problem.limit ? 'LimitExceededException' : 'ValidationException', problem.message);
}

/** A target as stored and as listed: its own copy, with only the fields that are set. */
function copyTarget(t: EventTarget): EventTarget {
  return {
    id: t.id,
    arn: t.arn,
    ...(t.input !== undefined ? { input: t.input } : {}),
    ...(t.inputPath !== undefined ? { inputPath: t.inputPath } : {}),
    ...(t.inputTransformer
      ? { inputTransformer: { inputTemplate: t.inputTransformer.inputTemplate, ...(t.inputTransformer.inputPathsMap ? { inputPathsMap: { ...t.inputTransformer.inputPathsMap } } : {}) } }
      : {}),
  };
}

export function createEvents(ctx: SandboxContext): EventsPort {
  const { state } = ctx;
  const requireRule = (action: string, name: string): EventRuleRecord =>
    state.rules.find((r) => r.name === name) ??
    fail('NotFound', action, 'ResourceNotFoundException', `Rule ${name} does not exist on EventBus default.`);

  return {
    async listRules() {
      return [...state.rules]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((r) => ({
          name: r.name,
          arn: r.arn,
          state: r.state,
          eventPattern: r.eventPattern,
          ...(r.description ? { description: r.description } : {}),
        }));
    },

    async listTargetsByRule(ruleName) {
      return requireRule('events:ListTargetsByRule', ruleName).targets.map(copyTarget);
    },

    async putRule({ name, eventPattern, description, tags }) {
      const action = 'events:PutRule';
      checkName(action, 'name', name);
      checkPattern(action, eventPattern);
      if (description.length > 512) fail('InvalidInput', action, 'ValidationException', 'Description must be at most 512 characters.');
      checkTags(action, tags);
      const existing = state.rules.find((r) => r.name === name);
      if (existing) {
        // PutRule replaces an existing rule's definition but leaves its tags alone.
        Object.assign(existing, { eventPattern, description, state: 'ENABLED' });
        return existing.arn;
      }
      const arn = `arn:aws:events:${state.region}:${state.accountId}:rule/${name}`;
      state.rules.push({ name, arn, state: 'ENABLED', eventPattern, description, tags: { ...tags }, targets: [] });
      return arn;
    },

    async putTargets(ruleName, targets) {
      const action = 'events:PutTargets';
      const rule = requireRule(action, ruleName);
      for (const t of targets) {
        checkName(action, 'targets.member.id', t.id);
        if (!t.arn.startsWith('arn:')) fail('InvalidInput', action, 'ValidationException', `Parameter ${t.arn} is not valid. Reason: Provided Arn is not in correct format.`);
        if ([t.input, t.inputPath, t.inputTransformer].filter((x) => x !== undefined).length > 1) {
          fail('InvalidInput', action, 'ValidationException', 'Only one of Input, InputPath, or InputTransformer must be provided.');
        }
      }
      const merged = [...rule.targets.filter((t) => !targets.some((n) => n.id === t.id)), ...targets.map(copyTarget)];
      if (merged.length > MAX_TARGETS_PER_RULE) {
        fail('LimitExceeded', action, 'LimitExceededException', `The requested resource exceeds the maximum number allowed: ${MAX_TARGETS_PER_RULE} targets per rule.`);
      }
      rule.targets = merged;
    },
  };
}
