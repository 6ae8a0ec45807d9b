// Does an EventBridge event pattern fire when root signs in to the console of *this*
// account? Answered by matching the pattern, with EventBridge's documented rules
// ("Event patterns", "Content filtering" in the EventBridge user guide), against
// real-format root sign-in events of the account, so hand-made equivalents (other key
// order, extra filters that still let root sign-ins through, "$or", prefix filters…) are
// recognised, and a pattern naming another account or region is not.
// A filter this evaluator does not know, or a filter on a field that differs between
// sign-ins, is `unknown`, never a match. The verify check and the alert step both use it.
import { neutralize } from '../untrusted.js';

/** The rule mvsp-setup creates (DESIGN.md), byte for byte. */
export const ROOT_SIGNIN_PATTERN = '{"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}';

/** match: fires; no-match: does not; unknown: the pattern uses something not evaluated here, or is not valid. */
export type PatternResult = 'match' | 'no-match' | 'unknown';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface SignInSample {
  account: string;
  region?: string;
  /** the CloudTrail userIdentity.type: Root, IAMUser, AssumedRole */
  identity?: 'Root' | 'IAMUser' | 'AssumedRole';
  result?: 'Success' | 'Failure';
  mfa?: 'Yes' | 'No';
}

/**
 * A console sign-in event as EventBridge delivers it (detail-type "AWS Console Sign In
 * via CloudTrail", CloudTrail's ConsoleLogin record as detail). Root sign-ins arrive in
 * us-east-1.
 */
export function signInEvent(s: SignInSample): Json {
  const region = s.region ?? 'us-east-1';
  const identity = s.identity ?? 'Root';
  const userIdentity: Json =
    identity === 'Root'
      ? { type: 'Root', principalId: s.account, arn: `arn:aws:iam::${s.account}:root`, accountId: s.account }
      : identity === 'IAMUser'
        ? { type: 'IAMUser', principalId: 'AIDAEXAMPLEUSERID0001', arn: `arn:aws:iam::${s.account}:user/alice`, accountId: s.account, userName: 'alice' }
        : {
            type: 'AssumedRole',
            principalId: 'AROAEXAMPLEROLEID0001:alice',
            arn: `arn:aws:sts::${s.account}:assumed-role/Admin/alice`,
            accountId: s.account,
            sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${s.account}:role/Admin`, userName: 'Admin' } },
          };
  return {
    version: '0',
    id: '6f3ef9d8-0d1b-4a5c-9d2c-2f5d0f5b7a10',
    'detail-type': 'AWS Console Sign In via CloudTrail',
    source: 'aws.signin',
    account: s.account,
    time: '2026-11-24T07:00:00Z',
    region,
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity,
      eventTime: '2026-11-24T07:00:00Z',
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      awsRegion: region,
      sourceIPAddress: '192.0.2.10',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      requestParameters: null,
      responseElements: { ConsoleLogin: s.result ?? 'Success' },
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: s.mfa ?? 'Yes' },
      eventID: 'd8c2b9a4-1f0e-4e55-8f43-6a1f2d3c4b5a',
      readOnly: false,
      eventType: 'AwsConsoleSignIn',
      managementEvent: true,
      recipientAccountId: s.account,
      eventCategory: 'Management',
    },
  };
}

/** Something that is neither a sign-in nor root: a pattern matching it too is a catch-all, not an alert. */
function unrelated(account: string): Json {
  return {
    version: '0',
    id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account,
    time: '2026-11-24T07:00:00Z',
    region: 'eu-west-1',
    resources: [`arn:aws:ec2:eu-west-1:${account}:instance/i-0123456789abcdef0`],
    detail: { 'instance-id': 'i-0123456789abcdef0', state: 'running' },
  };
}

/** Thrown inside the evaluator for a pattern it cannot judge; caught at the top. */
class Unevaluable extends Error {}

const cannot = (why: string): never => {
  throw new Unevaluable(why);
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** prefix / suffix: a string, or {"equals-ignore-case": string}. */
function affix(arg: unknown, value: string, how: 'prefix' | 'suffix'): boolean {
  const test = (needle: string, s: string) => (how === 'prefix' ? s.startsWith(needle) : s.endsWith(needle));
  if (typeof arg === 'string') return test(arg, value);
  if (isObject(arg) && Object.keys(arg).length === 1 && typeof arg['equals-ignore-case'] === 'string') {
    return test(arg['equals-ignore-case'].toLowerCase(), value.toLowerCase());
  }
  return cannot(`${how} ${JSON.stringify(arg)}`);
}

/** `*` matches any run of characters; `\*` a literal star, `\\` a backslash. */
function wildcard(pattern: string, value: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      re += `\\${pattern[++i]}`;
    } else if (c === '*') {
      re += '.*';
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`, 's').test(value);
}

const NUMERIC_OPS = new Set(['=', '<', '<=', '>', '>=']);

function numeric(ops: unknown, value: Json): boolean {
  if (!Array.isArray(ops) || ops.length === 0 || ops.length % 2 !== 0) return cannot(`numeric ${JSON.stringify(ops)}`);
  if (typeof value !== 'number') return false;
  for (let i = 0; i < ops.length; i += 2) {
    const op = ops[i];
    const n = ops[i + 1];
    if (typeof op !== 'string' || !NUMERIC_OPS.has(op) || typeof n !== 'number') return cannot(`numeric ${JSON.stringify(ops)}`);
    const ok = op === '=' ? value === n : op === '<' ? value < n : op === '<=' ? value <= n : op === '>' ? value > n : value >= n;
    if (!ok) return false;
  }
  return true;
}

function anythingBut(arg: unknown, value: Json): boolean {
  if (Array.isArray(arg)) {
    if (arg.some((a) => isObject(a) || Array.isArray(a))) return cannot(`anything-but ${JSON.stringify(arg)}`);
    return !arg.some((a) => a === value);
  }
  if (isObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length !== 1) return cannot(`anything-but ${JSON.stringify(arg)}`);
    const [kind] = keys as [string];
    const inner = arg[kind];
    if (typeof value !== 'string') return kind === 'numeric' ? !numeric(inner, value) : true;
    switch (kind) {
      case 'prefix':
      case 'suffix': {
        const list = Array.isArray(inner) ? inner : [inner];
        return !list.some((x) => affix(x, value, kind));
      }
      case 'equals-ignore-case': {
        const list = Array.isArray(inner) ? inner : [inner];
        if (!list.every((x) => typeof x === 'string')) return cannot(`anything-but ${JSON.stringify(arg)}`);
        return !list.some((x) => (x as string).toLowerCase() === value.toLowerCase());
      }
      case 'wildcard': {
        const list = Array.isArray(inner) ? inner : [inner];
        if (!list.every((x) => typeof x === 'string')) return cannot(`anything-but ${JSON.stringify(arg)}`);
        return !list.some((x) => wildcard(x as string, value));
      }
      default:
        return cannot(`anything-but ${kind}`);
    }
  }
  return value !== arg;
}

/** One element of a pattern's array against one scalar of the event. */
function matchOne(filter: unknown, value: Json): boolean {
  if (Array.isArray(filter)) return cannot(`a nested array ${JSON.stringify(filter)}`);
  if (!isObject(filter)) return filter === value;
  const keys = Object.keys(filter);
  if (keys.length !== 1) return cannot(`filter ${JSON.stringify(filter)}`);
  const [kind] = keys as [string];
  const arg = filter[kind];
  switch (kind) {
    case 'prefix':
    case 'suffix':
      return typeof value === 'string' && affix(arg, value, kind);
    case 'equals-ignore-case':
      if (typeof arg !== 'string') return cannot(`equals-ignore-case ${JSON.stringify(arg)}`);
      return typeof value === 'string' && value.toLowerCase() === arg.toLowerCase();
    case 'wildcard':
      if (typeof arg !== 'string') return cannot(`wildcard ${JSON.stringify(arg)}`);
      return typeof value === 'string' && wildcard(arg, value);
    case 'numeric':
      return numeric(arg, value);
    case 'anything-but':
      return anythingBut(arg, value);
    default:
      return cannot(`the "${kind}" filter`);
  }
}

/** A leaf (array of filters) against the event's value at that key (absent = undefined). */
function matchLeaf(filters: unknown[], value: Json | undefined): boolean {
  if (filters.length === 0) return cannot('an empty list of values');
  if (isObject(value)) return cannot('a value filter on an object field (EventBridge matches leaves only)');
  for (const f of filters) {
    if (isObject(f) && 'exists' in f) {
      if (Object.keys(f).length !== 1 || typeof f.exists !== 'boolean') return cannot(`filter ${JSON.stringify(f)}`);
      if (f.exists === (value !== undefined)) return true;
      continue;
    }
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => matchOne(f, v))) return true;
  }
  return false;
}

function matches(pattern: Record<string, unknown>, event: Json | undefined): boolean {
  const fields = isObject(event) ? (event as Record<string, Json>) : undefined;
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length < 2 || !sub.every(isObject)) return cannot('"$or" that is not a list of at least two patterns');
      // every alternative is evaluated, so an unknown one is never hidden by a match
      const results = sub.map((alt) => matches(alt, event));
      if (!results.some(Boolean)) return false;
      continue;
    }
    const value = fields?.[key];
    if (Array.isArray(sub)) {
      if (!matchLeaf(sub, value)) return false;
    } else if (isObject(sub)) {
      if (Object.keys(sub).length === 0) return cannot(`an empty object at "${key}"`);
      if (!matches(sub, value)) return false;
    } else {
      return cannot(`"${key}": ${JSON.stringify(sub)} (a value must be in a list)`);
    }
  }
  return true;
}

/** The pattern against one event, with EventBridge's semantics. */
export function evaluatePattern(eventPattern: string, event: Json): { result: PatternResult; why?: string } {
  let pattern: unknown;
  try {
    pattern = JSON.parse(eventPattern);
  } catch {
    return { result: 'unknown', why: 'the pattern is not JSON' };
  }
  if (!isObject(pattern) || Object.keys(pattern).length === 0) return { result: 'unknown', why: 'the pattern is empty or not an object' };
  try {
    return { result: matches(pattern, event) ? 'match' : 'no-match' };
  } catch (e) {
    if (e instanceof Unevaluable) return { result: 'unknown', why: `it uses ${e.message}, which this check does not evaluate` };
    throw e;
  }
}

/**
 * The fields of an event pattern that are the same on every successful root console
 * sign-in of the account (CloudTrail ConsoleLogin record, "CloudTrail userIdentity
 * element" and "AWS Console Sign-in events" in the CloudTrail user guide), as dotted paths.
 * Two fields that vary are here too because the samples carry each of their values for a
 * successful sign-in: responseElements.ConsoleLogin (Success) and
 * additionalEventData.MFAUsed (Yes, No). A filter on any other field (time, id,
 * eventTime, eventID, sourceIPAddress, userAgent, requestID, other additionalEventData…)
 * cannot be judged from a sample.
 */
export const FIXED_SIGNIN_FIELDS: ReadonlySet<string> = new Set([
  'version',
  'source',
  'detail-type',
  'account',
  'region',
  'detail.eventSource',
  'detail.eventName',
  'detail.eventType',
  'detail.eventCategory',
  'detail.managementEvent',
  'detail.readOnly',
  'detail.recipientAccountId',
  'detail.userIdentity.type',
  'detail.userIdentity.arn',
  'detail.userIdentity.accountId',
  'detail.userIdentity.principalId',
  'detail.responseElements.ConsoleLogin',
  'detail.additionalEventData.MFAUsed',
]);

/**
 * The pattern with every filter on a field outside FIXED_SIGNIN_FIELDS removed (their
 * paths pushed to `varying`); null when nothing is left, i.e. every event passes the fixed
 * fields. Removing a filter only widens what a pattern matches, so a pruned pattern that
 * does not match rules the original out. A "$or" with an alternative left empty is
 * removed whole (that alternative passes every event).
 */
function pruneVarying(pattern: Record<string, unknown>, path: string[], varying: string[]): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(sub) || !sub.every(isObject)) {
        out[key] = sub; // not valid: left for the evaluator to call unknown
        continue;
      }
      const alts = sub.map((alt) => pruneVarying(alt, path, varying));
      if (alts.every((a) => a !== null)) out[key] = alts;
      continue;
    }
    const here = [...path, key];
    if (isObject(sub)) {
      const inner = pruneVarying(sub, here, varying);
      if (inner !== null) out[key] = inner;
      else if (Object.keys(sub).length === 0) out[key] = sub;
      continue;
    }
    const field = here.join('.');
    if (FIXED_SIGNIN_FIELDS.has(field)) out[key] = sub;
    else if (!varying.includes(field)) varying.push(field);
  }
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * Does a pattern (an EventBridge event pattern, or an SNS filter policy on the message
 * body, which has the same syntax) let every successful root console sign-in of
 * `accountId` in us-east-1 through (with MFA and without)? `unknown` (with why) when it
 * cannot be evaluated, or filters on a field that differs between sign-ins.
 */
export function passesEverySignIn(pattern: string, accountId: string): { result: PatternResult; why?: string } {
  const samples = [signInEvent({ account: accountId, mfa: 'Yes' }), signInEvent({ account: accountId, mfa: 'No' })];
  let parsed: unknown;
  try {
    parsed = JSON.parse(pattern);
  } catch {
    parsed = undefined;
  }
  if (isObject(parsed)) {
    const varying: string[] = [];
    const fixedOnly = pruneVarying(parsed, [], varying);
    if (varying.length > 0) {
      // The sample's value of such a field says nothing about the next sign-in: the pattern
      // can still be ruled out on the fixed fields, never confirmed.
      const why = `it filters on ${varying.map((f) => `"${neutralize(f)}"`).join(', ')}, which differs from one root sign-in to the next`;
      if (fixedOnly !== null) {
        for (const e of samples) {
          if (evaluatePattern(JSON.stringify(fixedOnly), e).result === 'no-match') {
            return { result: 'no-match', why: 'it does not match a root console sign-in of this account in us-east-1' };
          }
        }
      }
      return { result: 'unknown', why };
    }
  }
  let unknownWhy: string | undefined;
  for (const e of samples) {
    const r = evaluatePattern(pattern, e);
    if (r.result === 'no-match') return { result: 'no-match', why: "it does not match a root console sign-in of this account in us-east-1" };
    if (r.result === 'unknown') unknownWhy ??= r.why;
  }
  if (unknownWhy) return { result: 'unknown', why: unknownWhy };
  return { result: 'match' };
}

/**
 * Does the pattern fire on every successful root console sign-in of `accountId` in
 * us-east-1 (with MFA and without), while not being a catch-all that fires on unrelated
 * events too? `unknown` (with why) when any of those cannot be evaluated.
 */
export function rootSignInResult(eventPattern: string, accountId: string): { result: PatternResult; why?: string } {
  const signIns = passesEverySignIn(eventPattern, accountId);
  if (signIns.result !== 'match') return signIns;
  const other = evaluatePattern(eventPattern, unrelated(accountId));
  if (other.result === 'match') return { result: 'no-match', why: 'it matches every event (a catch-all, not a root sign-in alert)' };
  if (other.result === 'unknown') return { result: 'unknown', ...(other.why ? { why: other.why } : {}) };
  return { result: 'match' };
}

/** True only when the pattern surely fires on root console sign-ins of `accountId`. */
export function matchesRootSignIn(eventPattern: string, accountId: string): boolean {
  return rootSignInResult(eventPattern, accountId).result === 'match';
}
