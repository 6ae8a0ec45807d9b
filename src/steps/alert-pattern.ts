// Does an EventBridge event pattern fire when root signs in to the console? Answered by
// matching the pattern, with EventBridge's own rules, against real-format root sign-in
// events, so hand-made equivalents (different key order, extra filters that still let
// root sign-ins through, "$or", prefix filters…) are recognised, not only our own text.
// No imports: the verify check uses this too.

/** The rule mvsp-setup creates (DESIGN.md), byte for byte. */
export const ROOT_SIGNIN_PATTERN = '{"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function rootSignIn(account: string, mfa: 'Yes' | 'No'): Json {
  return {
    version: '0',
    id: '6f3ef9d8-0d1b-4a5c-9d2c-2f5d0f5b7a10',
    'detail-type': 'AWS Console Sign In via CloudTrail',
    source: 'aws.signin',
    account,
    time: '2026-11-24T07:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account },
      eventTime: '2026-11-24T07:00:00Z',
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      awsRegion: 'us-east-1',
      sourceIPAddress: '192.0.2.10',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      requestParameters: null,
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: mfa },
      eventID: 'd8c2b9a4-1f0e-4e55-8f43-6a1f2d3c4b5a',
      readOnly: false,
      eventType: 'AwsConsoleSignIn',
      managementEvent: true,
      recipientAccountId: account,
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function matchString(filter: unknown, value: string, how: 'prefix' | 'suffix'): boolean {
  const test = (needle: string, s: string) => (how === 'prefix' ? s.startsWith(needle) : s.endsWith(needle));
  if (typeof filter === 'string') return test(filter, value);
  if (isObject(filter) && typeof filter['equals-ignore-case'] === 'string') {
    return test(filter['equals-ignore-case'].toLowerCase(), value.toLowerCase());
  }
  return false;
}

function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return re.test(value);
}

function numeric(ops: unknown, value: unknown): boolean {
  if (typeof value !== 'number' || !Array.isArray(ops)) return false;
  for (let i = 0; i + 1 < ops.length; i += 2) {
    const op = ops[i];
    const n = ops[i + 1];
    if (typeof n !== 'number') return false;
    const ok = op === '=' ? value === n : op === '<' ? value < n : op === '<=' ? value <= n : op === '>' ? value > n : op === '>=' ? value >= n : false;
    if (!ok) return false;
  }
  return true;
}

/** One element of a pattern's array against one scalar of the event. Unknown filters never match. */
function matchOne(filter: unknown, value: Json): boolean {
  if (!isObject(filter)) return filter === value;
  const keys = Object.keys(filter);
  if (keys.length !== 1) return false;
  const [kind] = keys as [string];
  const arg = filter[kind];
  switch (kind) {
    case 'prefix':
    case 'suffix':
      return typeof value === 'string' && matchString(arg, value, kind);
    case 'equals-ignore-case':
      return typeof value === 'string' && typeof arg === 'string' && value.toLowerCase() === arg.toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && typeof arg === 'string' && wildcard(arg, value);
    case 'numeric':
      return numeric(arg, value);
    case 'anything-but': {
      if (Array.isArray(arg)) return !arg.some((a) => a === value);
      if (isObject(arg)) {
        if ('prefix' in arg || 'suffix' in arg) {
          const how = 'prefix' in arg ? 'prefix' : 'suffix';
          return typeof value === 'string' && !matchString(arg[how], value, how);
        }
        if ('equals-ignore-case' in arg) {
          const list = Array.isArray(arg['equals-ignore-case']) ? arg['equals-ignore-case'] : [arg['equals-ignore-case']];
          return typeof value === 'string' && !list.some((a) => typeof a === 'string' && a.toLowerCase() === value.toLowerCase());
        }
        return false;
      }
      return value !== arg;
    }
    default:
      return false;
  }
}

/** A leaf (array of filters) against the event's value at that key (absent = undefined). */
function matchLeaf(filters: unknown[], value: Json | undefined): boolean {
  for (const f of filters) {
    if (isObject(f) && 'exists' in f) {
      if ((f.exists === true) === (value !== undefined)) return true;
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
      if (!Array.isArray(sub) || !sub.some((alt) => isObject(alt) && matches(alt, event))) return false;
      continue;
    }
    const value = fields?.[key];
    if (Array.isArray(sub)) {
      if (!matchLeaf(sub, value)) return false;
    } else if (isObject(sub)) {
      if (!matches(sub, value)) return false;
    } else {
      return false;
    }
  }
  return true;
}

/**
 * True when the pattern fires on every successful root console sign-in (with or without
 * MFA) and is not a catch-all that fires on unrelated events too.
 */
export function matchesRootSignIn(eventPattern: string): boolean {
  let pattern: unknown;
  try {
    pattern = JSON.parse(eventPattern);
  } catch {
    return false;
  }
  if (!isObject(pattern) || Object.keys(pattern).length === 0) return false;
  // A hand-made rule may name its own account; the samples take that account.
  const named = Array.isArray(pattern.account) ? pattern.account.find((a): a is string => typeof a === 'string') : undefined;
  const account = named ?? '123456789012';
  const p = pattern;
  return matches(p, rootSignIn(account, 'Yes')) && matches(p, rootSignIn(account, 'No')) && !matches(p, unrelated(account));
}
