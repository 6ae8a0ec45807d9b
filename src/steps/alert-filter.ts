// Does an SNS subscription's filter policy let the root sign-in alert through? EventBridge
// publishes the event to the topic as the message body (the event JSON) with no message
// attributes ("Amazon SNS message filtering", "subscription filter policy scope" in the SNS
// developer guide; a policy with no scope set applies to message attributes). Conservative:
// a filter that cannot be judged is `unknown`, never taken to pass.
// A rule target with Input, InputPath or InputTransformer sends something else than the
// event: a body filter is then not judged against the event.
import type { EventTarget } from '../aws/port.js';
import { passesEverySignIn, signInEvent, type Json } from './alert-pattern.js';

/**
 * What a rule target sends instead of the matched event, in words; null when it sends the
 * event itself (no Input, InputPath or InputTransformer, or InputPath "$", the whole event).
 * events:ListTargetsByRule; EventBridge user guide, "Transforming target input".
 */
export function reshapedInput(target: EventTarget): string | null {
  if (target.input !== undefined) return 'a fixed Input';
  if (target.inputTransformer) return 'the text of its InputTransformer';
  if (target.inputPath !== undefined && target.inputPath.trim() !== '$') return `only the part ${target.inputPath} of the event (InputPath)`;
  return null;
}

/** Predefined InputTransformer variables that carry the event itself (EventBridge user guide, "Predefined variables"). */
const EVENT_VARIABLES = new Set(['aws.events.event', 'aws.events.event.json']);

/** The predefined variable holding when EventBridge received the event (about when root signed in). */
const INGESTION_TIME = 'aws.events.event.ingestion-time';

/**
 * The steps of an InputPath / InputPathsMap path (`$`, `$.detail.sourceIPAddress`,
 * `$['detail-type']`, `$.resources[0]`); null for a form not read here (wildcards,
 * filters, `..`).
 */
function pathSteps(path: string): (string | number)[] | null {
  const p = path.trim();
  if (!p.startsWith('$')) return null;
  const steps: (string | number)[] = [];
  const re = /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\['([^'\\]*)'\]|\["([^"\\]*)"\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < p.length) {
    const m = re.exec(p);
    if (!m) return null;
    steps.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4])!);
  }
  return steps;
}

/** Root sign-ins as EventBridge delivers them, success with MFA and failure without: a path must be in both. */
const SIGN_IN_SAMPLES = [signInEvent({ account: '000000000000' }), signInEvent({ account: '000000000000', result: 'Failure', mfa: 'No' })];

/**
 * Does the part of a root sign-in event at `path` tell of the sign-in: the event, its
 * `detail` (CloudTrail's record: who, when, from where, the result, MFA) or a field of it
 * that sign-in events have, or `time`? The envelope (version, id, account, region, source,
 * detail-type, resources) is the same on every sign-in, or says nothing of it; a path
 * sign-ins do not have gives nothing. `unknown` for a path form not read here.
 */
function pathCarriesSignIn(path: string): boolean | 'unknown' {
  const steps = pathSteps(path);
  if (!steps) return 'unknown';
  if (steps.length === 0) return true;
  if (steps[0] === 'time') return steps.length === 1;
  if (steps[0] !== 'detail') return false;
  return SIGN_IN_SAMPLES.every((event) => {
    let at: Json | undefined = event;
    for (const s of steps) at = at !== null && typeof at === 'object' ? (at as Record<string, Json>)[s] : undefined;
    return at !== undefined;
  });
}

/** What a rule target sends subscribers, as far as the sign-in goes. */
export type TargetText =
  /** the event, or a text holding something of the sign-in */
  | { sends: 'sign-in' }
  /** the same words on every sign-in, which may say anything ("test, no action needed") */
  | { sends: 'fixed'; why: string }
  /** a path form this does not read */
  | { sends: 'unknown'; why: string };

/**
 * Does this rule target send the sign-in? A fixed Input, or an InputPath or InputTransformer
 * that picks nothing of the sign-in (see pathCarriesSignIn; the event itself,
 * `<aws.events.event>`, `<aws.events.event.json>` and `<aws.events.event.ingestion-time>`
 * count) sends the same words on every sign-in: not the alert. A target that picks
 * something still sends its own words, which may say anything: the pass says so.
 * events:ListTargetsByRule; EventBridge user guide, "Transforming target input".
 */
export function signInInTarget(target: EventTarget): TargetText {
  if (target.input !== undefined) return { sends: 'fixed', why: 'a fixed Input' };
  const unread: string[] = [];
  const judge = (path: string) => {
    const c = pathCarriesSignIn(path);
    if (c === 'unknown') unread.push(path);
    return c === true;
  };
  const t = target.inputTransformer;
  if (t) {
    const paths = t.inputPathsMap ?? {};
    for (const m of t.inputTemplate.matchAll(/<([^<>\s]+)>/g)) {
      const name = m[1]!;
      if (EVENT_VARIABLES.has(name) || name === INGESTION_TIME) return { sends: 'sign-in' };
      if (Object.hasOwn(paths, name) && judge(paths[name]!)) return { sends: 'sign-in' };
    }
    if (unread.length) return { sends: 'unknown', why: `its InputTransformer picks ${unread.join(', ')}, a path form not evaluated` };
    return { sends: 'fixed', why: 'an InputTransformer whose template uses nothing of the sign-in' };
  }
  if (target.inputPath === undefined || target.inputPath.trim() === '$' || judge(target.inputPath)) return { sends: 'sign-in' };
  if (unread.length) return { sends: 'unknown', why: `its InputPath ${target.inputPath} is a path form not evaluated` };
  return { sends: 'fixed', why: `InputPath ${target.inputPath}, which holds nothing of the sign-in` };
}

/** passes: every root sign-in reaches the subscriber; drops: none or only some do; unknown: not judged. */
export interface FilterJudgement {
  result: 'passes' | 'drops' | 'unknown';
  /** why it drops or is unknown, in words */
  why?: string;
}

/** The filter forms judged on the message body; anything else is unknown. */
const JUDGED_FORMS = new Set(['prefix', 'anything-but', 'exists']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first filter form in the policy outside exact values, prefix, anything-but and exists; null when none. */
function unjudgedForm(policy: Record<string, unknown>): string | null {
  for (const [key, sub] of Object.entries(policy)) {
    if (key === '$or') {
      if (!Array.isArray(sub)) return '"$or" that is not a list';
      for (const alt of sub) {
        if (!isObject(alt)) return '"$or" that is not a list of objects';
        const inner = unjudgedForm(alt);
        if (inner) return inner;
      }
      continue;
    }
    if (isObject(sub)) {
      const inner = unjudgedForm(sub);
      if (inner) return inner;
      continue;
    }
    if (!Array.isArray(sub)) return `"${key}": a value outside a list`;
    for (const f of sub) {
      if (typeof f === 'string' || typeof f === 'number' || typeof f === 'boolean') continue;
      if (!isObject(f)) return `the filter ${JSON.stringify(f)}`;
      const kinds = Object.keys(f);
      if (kinds.length !== 1 || !JUDGED_FORMS.has(kinds[0]!)) return `the "${kinds.join('", "')}" filter`;
      // anything-but with a prefix or another nested form is not judged here
      if (kinds[0] === 'anything-but' && isObject(f['anything-but'])) return 'an "anything-but" with a nested filter';
    }
  }
  return null;
}

/**
 * Judges a subscription's attributes (sns:GetSubscriptionAttributes): no FilterPolicy (or
 * an empty one) passes; a FilterPolicy on message attributes (FilterPolicyScope
 * MessageAttributes, the default) drops the event, which carries none; one on the message
 * body is matched against real-format root sign-in events of `accountId` when it uses
 * only exact values, prefix, anything-but and exists (with "$or"), else unknown.
 * `reshaped` (see reshapedInput): the rule's target sends that instead of the event, so a
 * body filter is unknown (SNS drops a body that is not a JSON object or lacks the field).
 */
export function judgeSubscriptionFilter(attributes: Record<string, string>, accountId: string, reshaped?: string | null): FilterJudgement {
  const text = (attributes.FilterPolicy ?? '').trim();
  if (text === '') return { result: 'passes' };
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    return { result: 'unknown', why: 'its filter policy is not JSON' };
  }
  if (!isObject(policy)) return { result: 'unknown', why: 'its filter policy is not a JSON object' };
  // SNS takes "{}" as no filter policy
  if (Object.keys(policy).length === 0) return { result: 'passes' };
  const scope = attributes.FilterPolicyScope || 'MessageAttributes';
  if (scope === 'MessageAttributes') {
    return { result: 'drops', why: 'its filter policy tests message attributes, which EventBridge does not send: the alert never reaches it' };
  }
  if (scope !== 'MessageBody') return { result: 'unknown', why: `its filter policy scope "${scope}" is not one this check knows` };
  if (reshaped) {
    return { result: 'unknown', why: `the rule's target sends ${reshaped} instead of the event, and its filter policy on the message body is not judged against that` };
  }
  const form = unjudgedForm(policy);
  if (form) return { result: 'unknown', why: `its filter policy uses ${form}, which this check does not evaluate` };
  const r = passesEverySignIn(text, accountId);
  if (r.result === 'match') return { result: 'passes' };
  if (r.result === 'no-match') return { result: 'drops', why: 'its filter policy (on the message body) lets no root console sign-in through, or only some' };
  return { result: 'unknown', why: `cannot tell whether its filter policy lets root sign-ins through: ${r.why ?? 'not evaluated'}` };
}
