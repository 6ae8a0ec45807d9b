// The judgement of a root sign-in alert, link by link: an enabled rule on this account's
// default bus in us-east-1 whose pattern fires on a root console sign-in of this account
// → an SNS topic in this account that exists and whose access policy lets EventBridge
// publish → at least one confirmed subscription, and a
// CloudTrail trail that delivers the sign-in events. Pure: the verify check and the alert
// step's "already in place" both read the facts, then ask this module.
import { isAwsError } from '../aws/errors.js';
import type { EventRule, EventTarget, PolicyDocument, SnsPort, SnsSubscription, Trail } from '../aws/port.js';
import { rootSignInResult, type PatternResult } from './alert-pattern.js';
import { eventsPublishBlock, parsePolicy, trailCovers } from './alert.js';

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

/** A topic's access policy (sns:GetTopicAttributes "Policy"); null when the topic does not exist or has none. */
export async function topicPolicy(sns: SnsPort, topicArn: string): Promise<PolicyDocument | null> {
  try {
    return parsePolicy((await sns.getTopicAttributes(topicArn)).Policy);
  } catch (e) {
    if (isAwsError(e, 'NotFound')) return null;
    throw e;
  }
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
  /** access policies by topic ARN (own topics only), read with `topicPolicy` */
  policies: Record<string, Read<PolicyDocument | null>>;
  /** undefined when the caller does not judge the trail (the alert step plans it apart) */
  trails?: Read<Trail[]>;
}

export type LinkStatus = 'ok' | 'pending' | 'broken' | 'unknown';

export interface RuleChain {
  rule: EventRule;
  status: LinkStatus;
  /** a topic's access policy keeps EventBridge from publishing */
  policyBlocked?: boolean;
  /** the working topics (ok) */
  topicArns: string[];
  /** each problem of this rule's chain, in words */
  problems: string[];
}

export interface ChainVerdict {
  status: 'pass' | 'warn' | 'unknown';
  detail: string;
  fix: string;
  rules: RuleChain[];
}

const short = (arn: string) => arn.split(':').pop() ?? arn;

function topicLink(
  arn: string,
  ruleArn: string,
  read: Read<SnsSubscription[] | null> | undefined,
  policy: Read<PolicyDocument | null> | undefined,
): { status: LinkStatus; problem?: string; policy?: boolean } {
  if (!read) return { status: 'unknown', problem: `topic ${short(arn)} was not read` };
  if (!read.ok) return { status: 'unknown', problem: `could not read the subscriptions of topic ${short(arn)} (${describe(read.error)})` };
  if (read.value === null) return { status: 'broken', problem: `its topic ${short(arn)} no longer exists` };
  if (!policy) return { status: 'unknown', problem: `the access policy of topic ${short(arn)} was not read` };
  if (!policy.ok) return { status: 'unknown', problem: `could not read the access policy of topic ${short(arn)} (${describe(policy.error)})` };
  const block = eventsPublishBlock(policy.value, arn, ruleArn);
  if (block === 'denied') return { status: 'broken', policy: true, problem: `the access policy of topic ${short(arn)} denies EventBridge sns:Publish: the alert is never sent` };
  if (block === 'not-allowed') {
    return { status: 'broken', policy: true, problem: `the access policy of topic ${short(arn)} does not allow EventBridge (events.amazonaws.com) to publish from this rule: the alert is never sent` };
  }
  const confirmed = read.value.filter((s) => !s.pending);
  if (confirmed.length > 0) return { status: 'ok' };
  if (read.value.length > 0) {
    return { status: 'pending', problem: `topic ${short(arn)} has only a pending subscription (${read.value.map((s) => s.endpoint).join(', ')}): confirm the email` };
  }
  return { status: 'broken', problem: `topic ${short(arn)} has no subscription: nobody receives the alert` };
}

function describe(error: unknown): string {
  if (isAwsError(error)) return `${error.action}: ${error.code ?? error.kind}`;
  return error instanceof Error ? error.message : String(error);
}

const RANK: Record<LinkStatus, number> = { ok: 3, pending: 2, unknown: 1, broken: 0 };

function judgeRule(c: AlertCandidate, facts: ChainFacts): RuleChain {
  const base = { rule: c.rule, topicArns: [] as string[] };
  const name = `rule ${c.rule.name}`;
  if (!ruleEnabled(c.rule)) {
    return { ...base, status: 'broken', problems: [`${name} matches but is ${c.rule.state.toLowerCase()}`] };
  }
  const problems: string[] = [];
  let status: LinkStatus = 'broken';
  if (c.pattern === 'unknown') problems.push(`${name}: cannot tell whether its pattern matches (${c.why ?? 'unknown filter'})`);
  const targets = facts.targets[c.rule.name];
  if (!targets || !targets.ok) {
    problems.push(`could not read the targets of ${name}${targets && !targets.ok ? ` (${describe(targets.error)})` : ''}`);
    return { ...base, status: 'unknown', problems };
  }
  if (targets.value.length === 0) problems.push(`${name} has no target`);
  const topicArns: string[] = [];
  let policyBlocked = false;
  for (const t of targets.value) {
    const topic = parseTopicArn(t.arn);
    if (!topic) {
      problems.push(`${name} sends to ${short(t.arn)}, not an SNS topic (delivery not checked)`);
      continue;
    }
    if (topic.accountId !== facts.accountId) {
      problems.push(`${name} sends to topic ${topic.name} in another account (${topic.accountId}): its subscribers cannot be checked from here`);
      continue;
    }
    if (topic.region !== ALERT_CHAIN_REGION) {
      problems.push(`${name} sends to topic ${topic.name} in ${topic.region}, not us-east-1`);
      continue;
    }
    const link = topicLink(t.arn, c.rule.arn, facts.topics[t.arn], facts.policies[t.arn]);
    if (link.problem) problems.push(`${name}: ${link.problem}`);
    if (link.policy) policyBlocked = true;
    if (link.status === 'ok') topicArns.push(t.arn);
    if (RANK[link.status] > RANK[status]) status = link.status;
  }
  // a pattern not known to match can at best be unknown
  if (c.pattern === 'unknown' && (status === 'ok' || status === 'pending')) status = 'unknown';
  return { ...base, status, topicArns: status === 'ok' ? topicArns : [], problems, ...(policyBlocked ? { policyBlocked } : {}) };
}

const TRAIL_FIX = 'Create a CloudTrail trail that logs management events, multi-region or in us-east-1 (CloudTrail → Trails → Create trail; or mvsp-setup --steps alert).';

/** The whole chain, judged: pass only when every link is known to work. */
export function judgeAlertChain(facts: ChainFacts): ChainVerdict {
  const candidates = alertCandidates(facts.rules, facts.accountId);
  const rules = candidates.map((c) => judgeRule(c, facts));
  const best = rules.reduce<LinkStatus>((b, r) => (RANK[r.status] > RANK[b] ? r.status : b), 'broken');
  const working = rules.filter((r) => r.status === 'ok');
  const problems = rules.flatMap((r) => r.problems);
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
      problems.push(
        facts.trails.value.length === 0
          ? 'no CloudTrail trail: root sign-ins never reach EventBridge'
          : 'no trail is logging management events for us-east-1 (multi-region, or home region us-east-1)',
      );
      fixes.push(TRAIL_FIX);
    }
  }

  if (working.length > 0 && (trail === 'ok' || trail === 'not-judged')) {
    const w = working[0]!;
    return {
      status: 'pass',
      detail: `Rule ${w.rule.name} (us-east-1) fires on a root console sign-in of this account → ${w.topicArns.map(short).join(', ')} (confirmed subscription)${trail === 'ok' ? '; a trail logs management events' : ''}.`,
      fix: 'Nothing to do.',
      rules,
    };
  }

  if (candidates.length === 0) problems.unshift('no EventBridge rule in us-east-1 fires on a root console sign-in of this account');
  if (best === 'pending') fixes.unshift('Confirm the subscription: open the email from AWS Notifications and click "Confirm subscription".');
  else if (best !== 'ok') fixes.unshift('mvsp-setup --steps alert: an EventBridge rule in us-east-1 on root console sign-in → SNS topic in this account → email (confirm the subscription).');
  if (rules.some((r) => r.policyBlocked)) {
    fixes.push('Or let EventBridge publish to the topic: its access policy needs an Allow for events.amazonaws.com on sns:Publish and no Deny that reaches it (SNS → Topics → Edit → Access policy).');
  }
  const detail = `No working alert: ${problems.join('; ')}.`;
  // a link known to be broken warns; otherwise a link not read leaves the verdict unknown
  let status: 'warn' | 'unknown' = 'warn';
  if (trail !== 'missing' && (best === 'ok' || best === 'unknown')) status = 'unknown';
  return { status, detail, fix: fixes.join(' '), rules };
}
