// Enough of EventBridge's pattern language to ask one question: would this rule fire
// on a root console sign-in? Hand-made rules differ in spelling (extra filters, prefix
// matches, $or), so the pattern is evaluated against a sample event rather than compared.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The event CloudTrail sends to EventBridge when root signs in to the console. */
export function rootSignInEvent(accountId: string, at: Date): Json {
  const time = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    version: '0',
    id: '00000000-0000-0000-0000-000000000000',
    'detail-type': 'AWS Console Sign In via CloudTrail',
    source: 'aws.signin',
    account: accountId,
    time,
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: { type: 'Root', principalId: accountId, arn: `arn:aws:iam::${accountId}:root`, accountId },
      eventTime: time,
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      awsRegion: 'us-east-1',
      sourceIPAddress: '192.0.2.1',
      userAgent: 'Mozilla/5.0',
      requestParameters: null,
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'Yes' },
      eventID: '00000000-0000-0000-0000-000000000001',
      readOnly: false,
      eventType: 'AwsConsoleSignIn',
      managementEvent: true,
      recipientAccountId: accountId,
      eventCategory: 'Management',
    },
  };
}

function wildcard(pattern: string, value: string): boolean {
  const re = pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${re}$`).test(value);
}

function stringTest(arg: unknown, value: unknown, test: (a: string, v: string) => boolean): boolean {
  if (typeof value !== 'string') return false;
  if (typeof arg === 'string') return test(arg, value);
  if (isObject(arg) && typeof arg['equals-ignore-case'] === 'string') return test(arg['equals-ignore-case'].toLowerCase(), value.toLowerCase());
  return false;
}

function numeric(arg: unknown, value: unknown): boolean {
  if (typeof value !== 'number' || !Array.isArray(arg)) return false;
  for (let i = 0; i + 1 < arg.length; i += 2) {
    const op = arg[i];
    const n = arg[i + 1];
    if (typeof n !== 'number') return false;
    const ok = op === '=' ? value === n : op === '<' ? value < n : op === '<=' ? value <= n : op === '>' ? value > n : op === '>=' ? value >= n : false;
    if (!ok) return false;
  }
  return true;
}

/** One element of a pattern array against one event value (present, or undefined when absent). */
function matchOne(alt: unknown, value: unknown): boolean {
  if (!isObject(alt)) return value !== undefined && alt === value;
  const [op, arg] = Object.entries(alt)[0] ?? [];
  switch (op) {
    case 'exists':
      return arg === (value !== undefined);
    case 'prefix':
      return stringTest(arg, value, (a, v) => v.startsWith(a));
    case 'suffix':
      return stringTest(arg, value, (a, v) => v.endsWith(a));
    case 'equals-ignore-case':
      return typeof arg === 'string' && typeof value === 'string' && arg.toLowerCase() === value.toLowerCase();
    case 'wildcard':
      return typeof arg === 'string' && typeof value === 'string' && wildcard(arg, value);
    case 'numeric':
      return numeric(arg, value);
    case 'anything-but': {
      if (value === undefined) return false;
      const alts = Array.isArray(arg) ? arg : [arg];
      return !alts.some((a) => (isObject(a) ? matchOne(a, value) : a === value));
    }
    default:
      return false;
  }
}

function matchField(alternatives: unknown[], value: unknown): boolean {
  // An array in the event matches when any of its elements does.
  const values = Array.isArray(value) ? (value.length ? value : [undefined]) : [value];
  return alternatives.some((alt) => values.some((v) => matchOne(alt, v)));
}

function matchObject(pattern: Record<string, unknown>, event: unknown): boolean {
  for (const [key, p] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(p) || !p.some((alt) => isObject(alt) && matchObject(alt, event))) return false;
      continue;
    }
    const value = isObject(event) ? event[key] : undefined;
    if (Array.isArray(p)) {
      if (!matchField(p, value)) return false;
    } else if (isObject(p)) {
      if (!matchObject(p, value)) return false;
    } else {
      return false;
    }
  }
  return true;
}

/** Whether an EventBridge event pattern (JSON text) matches the event. Invalid JSON never matches. */
export function patternMatches(patternText: string, event: unknown): boolean {
  let pattern: unknown;
  try {
    pattern = JSON.parse(patternText);
  } catch {
    return false;
  }
  return isObject(pattern) && Object.keys(pattern).length > 0 && matchObject(pattern, event);
}
