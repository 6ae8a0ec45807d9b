// The judgement of a root sign-in alert, link by link: an enabled rule on this account's
// default bus in us-east-1 whose pattern fires on a root console sign-in of this account
// → an SNS topic in this account that exists, whose access policy lets EventBridge
// publish and whose encryption (if any) EventBridge can use → at least one confirmed
// subscription whose filter policy lets the event through, and a CloudTrail trail that
// delivers the sign-in events. Pure: the verify check and the alert
// step's "already in place" both read the facts, then ask this module.
import { isAwsError } from '../aws/errors.js';
import type { EventRule, EventTarget, PolicyDocument, SnsPort, SnsSubscription, Trail } from '../aws/port.js';
import { rootSignInResult, type PatternResult } from './alert-pattern.js';
import { ALERT_RULE, eventsPublishBlock, parsePolicy, trailCovers } from './alert.js';
import { judgeSubscriptionFilter, reshapedInput, signInInTarget } from './alert-filter.js';

/** A read that may have failed; the failure is kept as data. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: unknown };

export const ALERT_CHAIN_REGION = 'us-east-1';

/** Run keyed reads at once; each result kept as data under its key. */
export async function readAll<T>(reads: readonly (readonly [string, () => Promise<T>])[]): Promise<Record<string, Read<T>>> {
  const settled = await Promise.all(
    reads.map(async ([key, read]): Promise<[string, Read<T>]> => {
      try {
        return [key, { ok: true, value: await read() }];
      } catch (error) {
        return [key, { ok: false, error }];
      }
    }),
  );
  return Object.fromEntries(settled);
}

/** A topic's subscriptions; null when the topic does not exist (sns:ListSubscriptionsByTopic NotFound). */
export async function topicSubscriptions(sns: SnsPort, topicArn: string): Promise<SnsSubscription[] | null> {
  try {
    return await sns.listSubscriptionsByTopic(topicArn);
  } catch (e) {
    if (isAwsError(e, 'NotFound')) return null;
    throw e;
  }
}

/** A topic's attributes (sns:GetTopicAttributes); null when the topic does not exist. */
async function topicAttributes(sns: SnsPort, topicArn: string): Promise<Record<string, string> | null> {
  try {
    return await sns.getTopicAttributes(topicArn);
  } catch (e) {
    if (isAwsError(e, 'NotFound')) return null;
    throw e;
  }
}

/**
 * Confirmed subscriptions whose attributes are read, per topic: at most this many
 * sns:GetSubscriptionAttributes calls each. A topic with more confirmed subscriptions, none
 * of the first ones working, is unknown.
 */
export const SUBSCRIPTION_READS_PER_TOPIC = 10;

/** The subscriptions of a topic whose attributes are read: the first confirmed ones. */
export function subscriptionsToRead(subscriptions: SnsSubscription[]): SnsSubscription[] {
  return subscriptions.filter((s) => !s.pending).slice(0, SUBSCRIPTION_READS_PER_TOPIC);
}

function mapRead<T, U>(reads: Record<string, Read<T>>, f: (v: T) => U): Record<string, Read<U>> {
  return Object.fromEntries(Object.entries(reads).map(([k, r]) => [k, r.ok ? { ok: true, value: f(r.value) } : r]));
}

/** What the chain needs to know of some topics; every read kept as data. */
export type TopicFacts = Pick<ChainFacts, 'topics' | 'policies' | 'kmsKeys' | 'subscriptionAttributes'>;

/**
 * Reads each topic: its subscriptions (sns:ListSubscriptionsByTopic) beside its attributes
 * (sns:GetTopicAttributes: Policy, KmsMasterKeyId), then the attributes of its first
 * confirmed subscriptions (sns:GetSubscriptionAttributes, SUBSCRIPTION_READS_PER_TOPIC at most).
 */
export async function readTopics(sns: SnsPort, topicArns: readonly string[]): Promise<TopicFacts> {
  const [topics, attributes] = await Promise.all([
    readAll(topicArns.map((arn) => [arn, () => topicSubscriptions(sns, arn)] as const)),
    readAll(topicArns.map((arn) => [arn, () => topicAttributes(sns, arn)] as const)),
  ]);
  const subscriptions = Object.values(topics).flatMap((r) => (r.ok && r.value ? subscriptionsToRead(r.value) : []));
  const subscriptionAttributes = await readAll(subscriptions.map((s) => [s.arn, () => sns.getSubscriptionAttributes(s.arn)] as const));
  return {
    topics,
    policies: mapRead(attributes, (a) => (a === null ? null : parsePolicy(a.Policy))),
    kmsKeys: mapRead(attributes, (a) => a?.KmsMasterKeyId || null),
    subscriptionAttributes,
  };
}

export interface AlertCandidate {
  rule: EventRule;
  pattern: PatternResult;
  /** why the pattern is unknown */
  why?: string;
}

/** EventBridge rule states that deliver events (ENABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS). */
export function ruleEnabled(rule: EventRule): boolean {
  return rule.state.startsWith('ENABLED');
}

/** Rules whose pattern fires (or may fire) on a root sign-in of this account: their targets are worth reading. */
export function alertCandidates(rules: EventRule[], accountId: string): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  for (const rule of rules) {
    if (!rule.eventPattern) continue;
    const r = rootSignInResult(rule.eventPattern, accountId);
    if (r.result === 'no-match') continue;
    out.push({ rule, pattern: r.result, ...(r.why ? { why: r.why } : {}) });
  }
  return out;
}

export interface TopicArn {
  partition: string;
  region: string;
  accountId: string;
  name: string;
}

/** arn:PARTITION:sns:REGION:ACCOUNT:NAME, or null for any other ARN. */
export function parseTopicArn(arn: string): TopicArn | null {
  const m = /^arn:([\w-]+):sns:([\w-]+):(\d{12}):([\w-]{1,256})$/.exec(arn);
  return m ? { partition: m[1]!, region: m[2]!, accountId: m[3]!, name: m[4]! } : null;
}

/** An SNS topic of this account in us-east-1: the only targets whose delivery can be checked here. */
export function isOwnTopic(arn: string, accountId: string): boolean {
  const t = parseTopicArn(arn);
  return t !== null && t.accountId === accountId && t.region === ALERT_CHAIN_REGION;
}

/** The topics worth reading: own topics targeted by enabled candidate rules. */
export function topicsToRead(candidates: AlertCandidate[], targets: Record<string, Read<EventTarget[]>>, accountId: string): string[] {
  const arns = new Set<string>();
  for (const c of candidates) {
    if (!ruleEnabled(c.rule)) continue;
    const t = targets[c.rule.name];
    if (t?.ok) for (const x of t.value) if (isOwnTopic(x.arn, accountId)) arns.add(x.arn);
  }
  return [...arns];
}

export interface ChainFacts {
  accountId: string;
  rules: EventRule[];
  /** targets by rule name, read for the candidates */
  targets: Record<string, Read<EventTarget[]>>;
  /** subscriptions by topic ARN (own topics only); null = the topic does not exist */
  topics: Record<string, Read<SnsSubscription[] | null>>;
  /** access policies by topic ARN (own topics only; sns:GetTopicAttributes "Policy") */
  policies: Record<string, Read<PolicyDocument | null>>;
  /** the KMS key encrypting each topic (sns:GetTopicAttributes "KmsMasterKeyId"); null: not encrypted */
  kmsKeys: Record<string, Read<string | null>>;
  /** sns:GetSubscriptionAttributes by subscription ARN, for the subscriptions of `subscriptionsToRead` */
  subscriptionAttributes: Record<string, Read<Record<string, string>>>;
  /** undefined when the caller does not judge the trail (the alert step plans it apart) */
  trails?: Read<Trail[]>;
}

export type LinkStatus = 'ok' | 'pending' | 'broken' | 'unknown';

/** Who receives the alert: a subscription of a working topic (sns:ListSubscriptionsByTopic). */
export interface Recipient {
  protocol: string;
  endpoint: string;
  topicArn: string;
  /** not confirmed yet: receives nothing until it is */
  pending: boolean;
}

/** "email sec@acme.com": a recipient in words (not neutralised: the caller does). */
export function recipientText(r: Pick<Recipient, 'protocol' | 'endpoint'>): string {
  return `${r.protocol} ${r.endpoint}`;
}

export interface RuleChain {
  rule: EventRule;
  status: LinkStatus;
  /** a topic's access policy keeps EventBridge from publishing */
  policyBlocked?: boolean;
  /** the working topics (ok) */
  topicArns: string[];
  /** the confirmed subscriptions of the working topics whose filter lets the alert through (ok) */
  recipients: Recipient[];
  /** each problem of this rule's chain, in words */
  problems: string[];
  /** how to mend the problems that have a fix of their own */
  fixes: string[];
  /**
   * what was not judged, in words: a pattern, target, topic or subscription whose delivery
   * is not known. Someone not among the recipients may still get the alert through it.
   */
  undecided: string[];
  /** working targets that send their own text, not the event (e.g. "target t sends the text of its InputTransformer") */
  reshaped: string[];
}

export interface ChainVerdict {
  status: 'pass' | 'warn' | 'unknown';
  detail: string;
  /** pass: every confirmed recipient of the working chains, in words (protocol endpoint; not neutralised) */
  recipients: string[];
  fix: string;
  rules: RuleChain[];
  /** every rule's undecided parts: see RuleChain.undecided */
  undecided: string[];
}

const short = (arn: string) => arn.split(':').pop() ?? arn;

interface Link {
  status: LinkStatus;
  problems: string[];
  fixes: string[];
  policy?: boolean;
  /** ok: the confirmed subscriptions the alert reaches */
  recipients?: Recipient[];
  /** subscriptions not judged beside the recipients; absent: the link's problems when unknown */
  undecided?: string[];
}

/** What a link leaves undecided: its own list, or all its problems when it is unknown. */
const undecidedOf = (l: Link): string[] => l.undecided ?? (l.status === 'unknown' ? l.problems : []);

const WORST = (a: LinkStatus, b: LinkStatus): LinkStatus => (RANK[a] <= RANK[b] ? a : b);

/** The AWS managed key for SNS, by alias name or alias ARN. */
export function isAwsManagedSnsKey(keyId: string): boolean {
  return keyId === 'alias/aws/sns' || /^arn:[\w-]+:kms:[\w-]+:\d{12}:alias\/aws\/sns$/.test(keyId);
}

function encryptionLink(arn: string, keyId: string | null): Link {
  if (!keyId) return { status: 'ok', problems: [], fixes: [] };
  if (isAwsManagedSnsKey(keyId)) {
    return {
      status: 'broken',
      problems: [`topic ${short(arn)} is encrypted with the AWS managed key ${keyId}, which EventBridge cannot use: the alert is never sent`],
      fixes: [`Encrypt topic ${short(arn)} with a customer managed KMS key whose key policy grants events.amazonaws.com kms:GenerateDataKey* and kms:Decrypt, or turn its encryption off (SNS → Topics → Edit → Encryption).`],
    };
  }
  // the key policy is not read: whether it lets EventBridge use the key stays open
  return {
    status: 'unknown',
    problems: [`topic ${short(arn)} is encrypted with KMS key ${keyId}, whose key policy this check does not read`],
    fixes: [`Check that the key policy of KMS key ${keyId} grants events.amazonaws.com kms:GenerateDataKey* and kms:Decrypt (an AWS managed key cannot).`],
  };
}

function policyLink(arn: string, ruleArn: string, policy: PolicyDocument | null): Link {
  const block = eventsPublishBlock(policy, arn, ruleArn);
  if (!block) return { status: 'ok', problems: [], fixes: [] };
  if (block.kind === 'denied') {
    return { status: 'broken', policy: true, problems: [`the access policy of topic ${short(arn)} denies EventBridge sns:Publish: the alert is never sent`], fixes: [] };
  }
  if (block.kind === 'not-allowed') {
    return {
      status: 'broken',
      policy: true,
      problems: [`the access policy of topic ${short(arn)} does not allow EventBridge (events.amazonaws.com) to publish from this rule: the alert is never sent`],
      fixes: [],
    };
  }
  return {
    status: 'unknown',
    policy: true,
    problems: [`the access policy of topic ${short(arn)} lets EventBridge publish only under a condition this check does not evaluate (${block.condition})`],
    fixes: [],
  };
}

function subscriptionsLink(arn: string, subscriptions: SnsSubscription[], facts: ChainFacts, reshaped: string | null): Link {
  if (subscriptions.length === 0) return { status: 'broken', problems: [`topic ${short(arn)} has no subscription: nobody receives the alert`], fixes: [] };
  const confirmed = subscriptions.filter((s) => !s.pending);
  const pending = subscriptions.filter((s) => s.pending);
  const read = subscriptionsToRead(subscriptions);
  const dropped: string[] = [];
  const unknown: string[] = [];
  const recipients: Recipient[] = [];
  for (const s of read) {
    const attributes = facts.subscriptionAttributes[s.arn];
    if (!attributes) unknown.push(`subscription ${s.endpoint} of topic ${short(arn)} was not read`);
    else if (!attributes.ok) unknown.push(`could not read subscription ${s.endpoint} of topic ${short(arn)} (${describe(attributes.error)})`);
    else {
      const f = judgeSubscriptionFilter(attributes.value, facts.accountId, reshaped);
      if (f.result === 'passes') recipients.push({ protocol: s.protocol, endpoint: s.endpoint, topicArn: arn, pending: false });
      else (f.result === 'drops' ? dropped : unknown).push(`subscription ${s.endpoint} of topic ${short(arn)}: ${f.why ?? ''}`);
    }
  }
  const unread = confirmed.length - read.length;
  if (unread > 0) unknown.push(`${unread} more confirmed subscription(s) of topic ${short(arn)} not read (at most ${SUBSCRIPTION_READS_PER_TOPIC})`);
  if (recipients.length > 0) return { status: 'ok', problems: [], fixes: [], recipients, undecided: unknown };
  const fixes = dropped.length > 0 ? [`Remove the filter policy of the subscription that drops the alert, or subscribe an address without one (SNS → Subscriptions → Edit → Subscription filter policy).`] : [];
  const problems = [...dropped, ...unknown];
  if (unknown.length > 0) return { status: 'unknown', problems, fixes };
  if (pending.length > 0) {
    problems.push(`topic ${short(arn)} has only a pending subscription (${pending.map((s) => s.endpoint).join(', ')}): confirm the email`);
    return { status: 'pending', problems, fixes };
  }
  return { status: 'broken', problems, fixes };
}

function topicLink(arn: string, ruleArn: string, facts: ChainFacts, reshaped: string | null): Link {
  const read = facts.topics[arn];
  const policy = facts.policies[arn];
  const key = facts.kmsKeys[arn];
  const one = (status: LinkStatus, problem: string): Link => ({ status, problems: [problem], fixes: [] });
  if (!read) return one('unknown', `topic ${short(arn)} was not read`);
  if (!read.ok) return one('unknown', `could not read the subscriptions of topic ${short(arn)} (${describe(read.error)})`);
  if (read.value === null) return one('broken', `its topic ${short(arn)} no longer exists`);
  if (!policy) return one('unknown', `the access policy of topic ${short(arn)} was not read`);
  if (!policy.ok) return one('unknown', `could not read the access policy of topic ${short(arn)} (${describe(policy.error)})`);
  const links = [
    policyLink(arn, ruleArn, policy.value),
    !key ? one('unknown', `the encryption of topic ${short(arn)} was not read`) : key.ok ? encryptionLink(arn, key.value) : one('unknown', `could not read the encryption of topic ${short(arn)} (${describe(key.error)})`),
    subscriptionsLink(arn, read.value, facts, reshaped),
  ];
  return {
    status: links.reduce<LinkStatus>((w, l) => WORST(w, l.status), 'ok'),
    recipients: links.flatMap((l) => l.recipients ?? []),
    problems: links.flatMap((l) => l.problems),
    fixes: links.flatMap((l) => l.fixes),
    undecided: links.flatMap(undecidedOf),
    ...(links.some((l) => l.policy) ? { policy: true } : {}),
  };
}

function describe(error: unknown): string {
  if (isAwsError(error)) return `${error.action}: ${error.code ?? error.kind}`;
  return error instanceof Error ? error.message : String(error);
}

const RANK: Record<LinkStatus, number> = { ok: 3, pending: 2, unknown: 1, broken: 0 };

function judgeRule(c: AlertCandidate, facts: ChainFacts): RuleChain {
  const base = { rule: c.rule, topicArns: [] as string[], recipients: [] as Recipient[], fixes: [] as string[], undecided: [] as string[], reshaped: [] as string[] };
  const name = `rule ${c.rule.name}`;
  if (!ruleEnabled(c.rule)) {
    return { ...base, status: 'broken', problems: [`${name} matches but is ${c.rule.state.toLowerCase()}`] };
  }
  const problems: string[] = [];
  const undecided: string[] = [];
  const reshaped: string[] = [];
  // a problem that leaves open whether someone gets the alert through it
  const notJudged = (problem: string) => {
    problems.push(problem);
    undecided.push(problem);
  };
  let status: LinkStatus = 'broken';
  if (c.pattern === 'unknown') notJudged(`${name}: cannot tell whether its pattern matches (${c.why ?? 'unknown filter'})`);
  const targets = facts.targets[c.rule.name];
  if (!targets || !targets.ok) {
    problems.push(`could not read the targets of ${name}${targets && !targets.ok ? ` (${describe(targets.error)})` : ''}`);
    return { ...base, status: 'unknown', problems, undecided: problems };
  }
  if (targets.value.length === 0) problems.push(`${name} has no target`);
  const topicArns: string[] = [];
  const recipients: Recipient[] = [];
  const fixes: string[] = [];
  let policyBlocked = false;
  for (const t of targets.value) {
    const topic = parseTopicArn(t.arn);
    if (!topic) {
      notJudged(`${name} sends to ${short(t.arn)}, not an SNS topic (delivery not checked)`);
      continue;
    }
    if (topic.accountId !== facts.accountId) {
      notJudged(`${name} sends to topic ${topic.name} in another account (${topic.accountId}): its subscribers cannot be checked from here`);
      continue;
    }
    if (topic.region !== ALERT_CHAIN_REGION) {
      problems.push(`${name} sends to topic ${topic.name} in ${topic.region}, not us-east-1`);
      continue;
    }
    // the same words on every sign-in, whatever they say, are not the alert
    const text = signInInTarget(t);
    if (text.sends !== 'sign-in') {
      if (text.sends === 'unknown') {
        notJudged(`${name}: cannot tell whether its target ${t.id} to topic ${topic.name} sends the sign-in (${text.why})`);
        if (RANK.unknown > RANK[status]) status = 'unknown';
      } else problems.push(`${name}: its target ${t.id} to topic ${topic.name} sends a fixed text, not the sign-in (${text.why})`);
      fixes.push(`Make target ${t.id} of ${name} send the matched event (EventBridge → Rules → ${c.rule.name} → Targets → Edit → Additional settings → Matched events)${c.rule.name === ALERT_RULE ? ', or run mvsp-setup --steps alert' : ''}.`);
      continue;
    }
    const own = reshapedInput(t);
    const link = topicLink(t.arn, c.rule.arn, facts, own);
    for (const p of link.problems) problems.push(`${name}: ${p}`);
    for (const p of undecidedOf(link)) undecided.push(`${name}: ${p}`);
    fixes.push(...link.fixes);
    if (link.policy) policyBlocked = true;
    if (link.status === 'ok') {
      if (own) reshaped.push(`${name}: target ${t.id} sends ${own}, not the event`);
      if (!topicArns.includes(t.arn)) topicArns.push(t.arn);
      for (const r of link.recipients ?? []) if (!recipients.some((x) => x.topicArn === r.topicArn && x.endpoint === r.endpoint && x.protocol === r.protocol)) recipients.push(r);
    }
    if (RANK[link.status] > RANK[status]) status = link.status;
  }
  // a pattern not known to match can at best be unknown
  if (c.pattern === 'unknown' && (status === 'ok' || status === 'pending')) status = 'unknown';
  const ok = status === 'ok';
  return { ...base, status, topicArns: ok ? topicArns : [], recipients: ok ? recipients : [], problems, fixes, undecided, reshaped: ok ? reshaped : [], ...(policyBlocked ? { policyBlocked } : {}) };
}

/** " (also rule b → t2, rule c → t3)": the other working rules, whose recipients the pass names too. */
function also(rules: RuleChain[]): string {
  return rules.length === 0 ? '' : ` (also ${rules.map((r) => `rule ${r.rule.name} → ${r.topicArns.map(short).join(', ')}`).join(', ')})`;
}

/** Recipients named in a pass's detail; the rest are counted (all are in the verdict's list). */
const RECIPIENTS_SHOWN = 3;

const TRAIL_FIX = 'Create a CloudTrail trail that logs management events and global service events, multi-region or in us-east-1 (CloudTrail → Trails → Create trail; or mvsp-setup --steps alert).';

/** The whole chain, judged: pass only when every link is known to work. */
export function judgeAlertChain(facts: ChainFacts): ChainVerdict {
  const candidates = alertCandidates(facts.rules, facts.accountId);
  const rules = candidates.map((c) => judgeRule(c, facts));
  const best = rules.reduce<LinkStatus>((b, r) => (RANK[r.status] > RANK[b] ? r.status : b), 'broken');
  const working = rules.filter((r) => r.status === 'ok');
  const problems = rules.flatMap((r) => r.problems);
  const undecided = rules.flatMap((r) => r.undecided);
  const fixes: string[] = [];

  let trail: 'ok' | 'missing' | 'unknown' | 'not-judged' = 'not-judged';
  if (facts.trails) {
    if (!facts.trails.ok) {
      trail = 'unknown';
      problems.push(`could not read CloudTrail trails (${describe(facts.trails.error)})`);
    } else if (facts.trails.value.some(trailCovers)) {
      trail = 'ok';
    } else {
      trail = 'missing';
      const noGlobal = facts.trails.value.filter((t) => trailCovers({ ...t, includeGlobalServiceEvents: true }));
      problems.push(
        facts.trails.value.length === 0
          ? 'no CloudTrail trail: root sign-ins never reach EventBridge'
          : noGlobal.length > 0
            ? `no trail is logging management events for us-east-1 with global service events: ${noGlobal.map((t) => `trail ${t.name}`).join(', ')} leaves them out (IncludeGlobalServiceEvents false), so console sign-ins are not recorded`
            : 'no trail is logging management events for us-east-1 (multi-region, or home region us-east-1)',
      );
      fixes.push(TRAIL_FIX);
      for (const t of noGlobal) fixes.push(`Or turn on global service events for trail ${t.name}: aws cloudtrail update-trail --region ${t.homeRegion} --name ${t.name} --include-global-service-events.`);
    }
  }

  if (working.length > 0 && (trail === 'ok' || trail === 'not-judged')) {
    const w = working[0]!;
    const recipients = [...new Set(working.flatMap((r) => r.recipients.map(recipientText)))];
    const shown = recipients.length <= RECIPIENTS_SHOWN ? recipients.join(', ') : `${recipients.slice(0, RECIPIENTS_SHOWN).join(', ')} and ${recipients.length - RECIPIENTS_SHOWN} more`;
    return {
      status: 'pass',
      detail: `Rule ${w.rule.name} (us-east-1) fires on a root console sign-in of this account → ${w.topicArns.map(short).join(', ')}${also(working.slice(1))}${trail === 'ok' ? '; a trail logs management events' : ''}. Confirmed recipients: ${shown}.${ownText(working)}`,
      fix: 'Nothing to do.',
      recipients,
      rules,
      undecided,
    };
  }

  if (candidates.length === 0) problems.unshift('no EventBridge rule in us-east-1 fires on a root console sign-in of this account');
  if (best === 'pending') fixes.unshift('Confirm the subscription: open the email from AWS Notifications and click "Confirm subscription".');
  else if (best !== 'ok') fixes.unshift('mvsp-setup --steps alert: an EventBridge rule in us-east-1 on root console sign-in → SNS topic in this account → email (confirm the subscription).');
  if (rules.some((r) => r.policyBlocked)) {
    fixes.push('Or let EventBridge publish to the topic: its access policy needs an Allow for events.amazonaws.com on sns:Publish and no Deny that reaches it (SNS → Topics → Edit → Access policy).');
  }
  for (const f of rules.flatMap((r) => r.fixes)) if (!fixes.includes(f)) fixes.push(f);
  const detail = `No working alert: ${problems.join('; ')}.`;
  // a link known to be broken warns; otherwise a link not read leaves the verdict unknown
  let status: 'warn' | 'unknown' = 'warn';
  if (trail !== 'missing' && (best === 'ok' || best === 'unknown')) status = 'unknown';
  return { status, detail, fix: fixes.join(' '), recipients: [], rules, undecided };
}

/** " Rule r: target t sends the text of its InputTransformer, not the event: check that it tells of a root sign-in." */
function ownText(working: RuleChain[]): string {
  const own = working.flatMap((r) => r.reshaped);
  return own.length === 0 ? '' : ` ${own.join('; ').replace(/^r/, 'R')}: check that it tells of a root sign-in.`;
}
