// The root sign-in alert, in us-east-1: SNS topic (+ a policy statement letting
// EventBridge publish) → email subscription, and an EventBridge rule on root console
// sign-ins targeting the topic. CloudTrail is read first: the rule only sees sign-ins
// that CloudTrail delivers.
import type { EventRule, EventTarget, PolicyDocument, PolicyStatement, SnsSubscription, Tags, Trail } from '../aws/port.js';
import { isAwsError } from '../aws/errors.js';
import { matchesRootSignIn, ROOT_SIGNIN_PATTERN } from './alert-pattern.js';
import {
  alertCandidates,
  isAwsManagedSnsKey,
  judgeAlertChain,
  readAll,
  readTopics,
  recipientText,
  ruleEnabled,
  subscriptionsToRead,
  topicsToRead,
  type Read,
  type Recipient,
} from './alert-chain.js';
import { judgeSubscriptionFilter, reshapedInput } from './alert-filter.js';
import { updateRecord, type LocalRecord, type RecordOptions } from './local-record.js';
import { neutralize } from '../untrusted.js';
import { parseEmail } from './root-email.js';
import {
  chooseTrailFix,
  inspectTrailBucket,
  planTrail,
  readTrailBucketOwners,
  stoppedTrailsToStart,
  trailBucketName,
  type TrailBucketOwners,
  type TrailBucketState,
  type TrailFix,
  type TrailPlan,
} from './trail.js';
import type { Action, Existing, Plan, StepContext } from './types.js';
import { ownChain } from './run-actions.js';
import type { Answers } from '../answers.js';

export { ROOT_SIGNIN_PATTERN } from './alert-pattern.js';

export const ALERT_REGION = 'us-east-1';
export const ALERT_TOPIC = 'mvsp-root-signin-alert';
export const ALERT_RULE = 'mvsp-root-signin';
export const ALERT_TARGET_ID = 'mvsp-root-signin-email';
export const ALERT_POLICY_SID = 'AllowEventBridgeRootSignInAlert';
const TAG_CREATED_BY = 'mvsp-setup:created-by';
const TAG_CREATED_AT = 'mvsp-setup:created-at';

export interface TrailCheck {
  /** null: CloudTrail could not be read (access denied) */
  trails: Trail[] | null;
  /** a logging trail that records management events where root sign-ins arrive */
  ok: boolean;
}

/** A rule someone made by hand that already sends root sign-ins somewhere. */
export interface HandMadeAlert {
  rule: EventRule;
  targets: EventTarget[];
  /** who its working topics reach: the confirmed subscriptions the alert gets through to, and the pending ones */
  recipients: Recipient[];
}

const EMAIL_PROTOCOLS = new Set(['email', 'email-json']);

/** Does this recipient deliver to `email`? */
function deliversTo(r: Recipient, email: string): boolean {
  return EMAIL_PROTOCOLS.has(r.protocol) && sameEmail(r.endpoint, email);
}

/**
 * The hand-made rules that count as the alert already in place: those that deliver to
 * `email` (confirmed, or pending its confirmation); none when no address is given (empty):
 * a chain that reaches someone is not the alert until it reaches the address.
 */
export function handMadeFor(state: Pick<AlertState, 'handMade'>, email: string): HandMadeAlert[] {
  if (email.trim() === '') return [];
  return state.handMade.filter((h) => h.recipients.some((r) => deliversTo(r, email)));
}

export interface AlertState {
  accountId: string;
  partition: string;
  topicArn: string;
  topicExists: boolean;
  /** the topic's policy, parsed (null: no topic yet, or not JSON) */
  policy: PolicyDocument | null;
  policyAllowsEvents: boolean;
  /** the topic's KmsMasterKeyId (sns:GetTopicAttributes); null: not encrypted, or no topic yet */
  kmsMasterKeyId: string | null;
  subscriptions: SnsSubscription[];
  /** sns:GetSubscriptionAttributes of the topic's first confirmed subscriptions (see subscriptionsToRead), by ARN */
  subscriptionAttributes: Record<string, Read<Record<string, string>>>;
  rule: EventRule | null;
  ruleTargets: EventTarget[];
  handMade: HandMadeAlert[];
  trail: TrailCheck;
  /** the log bucket of `mvsp-trail`, read only when no trail covers us-east-1 and no stopped one would */
  trailBucket: TrailBucketState | null;
  /** whose the log bucket of each stopped trail that starting alone would fix is (by trail ARN); none read: none started */
  trailBucketOwners?: TrailBucketOwners;
}

export interface AlertInput {
  email: string;
  callerArn: string;
  now: Date;
  /** false: do not start or create a trail even when none logs ("alert.trail"); default true */
  trail?: boolean;
}

export interface AlertPlan extends Plan {
  topicArn: string;
  ruleArn: string;
  email: string;
  /** the subscription exists but nobody clicked the link in the email yet */
  subscriptionPending: boolean;
  trail: TrailCheck;
  /** the smallest trail fix there is: none needed (or CloudTrail unreadable), start a stopped trail, or our own trail */
  trailFix: TrailFix['kind'];
  /** the plan starts or creates a trail */
  trailPlanned: boolean;
  /** the trail's share of actions, existing and notes (also in the plan's own lists) */
  trailPart: TrailPlan;
  /** a hand-made rule already covers it: nothing of ours is created */
  handMade: HandMadeAlert[];
  /** what could not be judged in the topic (its KMS key policy, a subscription filter): for a person to check */
  toCheck: string[];
}

export function topicArnFor(partition: string, accountId: string): string {
  return `arn:${partition}:sns:${ALERT_REGION}:${accountId}:${ALERT_TOPIC}`;
}

export function ruleArnFor(partition: string, accountId: string): string {
  return `arn:${partition}:events:${ALERT_REGION}:${accountId}:rule/${ALERT_RULE}`;
}

function asList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The statement this step adds: EventBridge may publish to the topic, for our rule only. */
export function eventsPublishStatement(topicArn: string, ruleArn: string): PolicyStatement {
  return {
    Sid: ALERT_POLICY_SID,
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: 'sns:Publish',
    Resource: topicArn,
    Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
  };
}

/** IAM policy wildcards: `*` any run of characters, `?` exactly one. */
function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, ignoreCase ? 'is' : 's').test(value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Does a Principal / NotPrincipal element name events.amazonaws.com ("*" names everyone)? */
function namesEventBridge(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isRecord(principal)) return false;
  return asList(principal.Service).some((s) => s === '*' || s === 'events.amazonaws.com') || asList(principal.AWS).includes('*');
}

/** Does a Deny statement reach EventBridge's sns:Publish on the topic? Conditions are not evaluated: a conditional Deny counts. */
function denyReaches(s: PolicyStatement, topicArn: string): boolean {
  const x = s as PolicyStatement & { NotPrincipal?: unknown };
  const principal = x.Principal !== undefined ? namesEventBridge(x.Principal) : x.NotPrincipal !== undefined ? !namesEventBridge(x.NotPrincipal) : true;
  const publish = (list: unknown) => asList(list).some((a) => globMatches(a, 'sns:Publish', true));
  const action = s.Action !== undefined ? publish(s.Action) : s.NotAction !== undefined ? !publish(s.NotAction) : true;
  const onTopic = (list: unknown) => asList(list).some((r) => globMatches(r, topicArn));
  const resource = s.Resource !== undefined ? onTopic(s.Resource) : s.NotResource !== undefined ? !onTopic(s.NotResource) : true;
  return principal && action && resource;
}

/** Why EventBridge may not publish; `unknown` names a condition this check does not evaluate. */
export type PublishBlock = { kind: 'denied' } | { kind: 'not-allowed' } | { kind: 'unknown'; condition: string };

/** ArnEquals / ArnLike: each of the six colon-separated parts matched apart, with `*` and `?`; null when the pattern is not six parts. */
function arnLike(pattern: string, arn: string): boolean | null {
  const parts = (s: string) => {
    const p = s.split(':');
    return p.length < 6 ? null : [...p.slice(0, 5), p.slice(5).join(':')];
  };
  const want = parts(pattern);
  const have = parts(arn);
  if (!want || !have) return null;
  return want.every((w, i) => globMatches(w, have[i]!));
}

type ConditionResult = { kind: 'holds' } | { kind: 'fails' } | { kind: 'unknown'; condition: string };

/**
 * Does an Allow statement's Condition hold when EventBridge publishes for `ruleArn`?
 * Evaluated: aws:SourceArn with StringEquals, ArnEquals, ArnLike or StringLike, and
 * aws:SourceAccount with StringEquals (EventBridge sends the rule's ARN and account, IAM
 * "Condition operators" and "AWS global condition context keys"). Any other key or
 * operator is unknown; a condition known not to hold wins over an unknown one.
 */
function conditionHolds(condition: unknown, ruleArn: string): ConditionResult {
  if (condition === undefined) return { kind: 'holds' };
  if (!isRecord(condition)) return { kind: 'unknown', condition: 'a Condition that is not an object' };
  const accountId = ruleArn.split(':')[4] ?? '';
  let unknown: string | null = null;
  for (const [operator, block] of Object.entries(condition)) {
    if (!isRecord(block)) {
      unknown ??= `${operator} that is not an object`;
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.length > 0 && raw.every((v) => typeof v === 'string') ? (raw as string[]) : null;
      const name = `${operator} on ${key}`;
      if (!values) {
        unknown ??= name;
        continue;
      }
      let holds: boolean | null = null;
      const k = key.toLowerCase();
      if (k === 'aws:sourcearn') {
        if (operator === 'StringEquals') holds = values.includes(ruleArn);
        else if (operator === 'StringLike') holds = values.some((v) => globMatches(v, ruleArn));
        else if (operator === 'ArnEquals' || operator === 'ArnLike') {
          const each = values.map((v) => arnLike(v, ruleArn));
          holds = each.includes(true) ? true : each.includes(null) ? null : false;
        }
      } else if (k === 'aws:sourceaccount' && operator === 'StringEquals') {
        holds = values.includes(accountId);
      }
      if (holds === false) return { kind: 'fails' };
      if (holds === null) unknown ??= name;
    }
  }
  return unknown ? { kind: 'unknown', condition: unknown } : { kind: 'holds' };
}

/**
 * Why EventBridge (events.amazonaws.com) may not publish to the topic for `ruleArn`, from
 * the topic's access policy (sns:GetTopicAttributes "Policy"): `denied` when a Deny
 * statement may reach sns:Publish (an explicit Deny wins over any Allow), `not-allowed`
 * when no Allow statement grants it, `unknown` when the only Allows that might grant it
 * carry a condition not evaluated here (see conditionHolds); null when it may publish.
 */
export function eventsPublishBlock(policy: PolicyDocument | null, topicArn: string, ruleArn: string): PublishBlock | null {
  if (!policy) return { kind: 'not-allowed' };
  if (policy.Statement.some((s) => s.Effect === 'Deny' && denyReaches(s, topicArn))) return { kind: 'denied' };
  let unknown: string | null = null;
  for (const s of policy.Statement) {
    if (s.Effect !== 'Allow') continue;
    const principal = s.Principal as { Service?: unknown } | undefined;
    if (!isRecord(principal) || !asList(principal.Service).includes('events.amazonaws.com')) continue;
    if (!asList(s.Action).some((a) => globMatches(a, 'sns:Publish', true))) continue;
    if (!asList(s.Resource).some((r) => globMatches(r, topicArn))) continue;
    const c = conditionHolds(s.Condition, ruleArn);
    if (c.kind === 'holds') return null;
    if (c.kind === 'unknown') unknown ??= c.condition;
  }
  return unknown ? { kind: 'unknown', condition: unknown } : { kind: 'not-allowed' };
}

/** Does the topic's policy surely let events.amazonaws.com publish to it (from `ruleArn`), with no Deny in the way? */
export function allowsEventsPublish(policy: PolicyDocument | null, topicArn: string, ruleArn: string): boolean {
  return eventsPublishBlock(policy, topicArn, ruleArn) === null;
}

/** The topic's current policy with our statement added (or replaced); every other statement kept. */
export function mergePolicy(current: PolicyDocument | null, topicArn: string, ruleArn: string): PolicyDocument {
  const base: PolicyDocument = current ?? { Version: '2008-10-17', Statement: [] };
  return {
    ...base,
    Statement: [...base.Statement.filter((s) => s.Sid !== ALERT_POLICY_SID), eventsPublishStatement(topicArn, ruleArn)],
  };
}

/** A topic's "Policy" attribute as a document; null when absent or not a policy. */
export function parsePolicy(text: string | undefined): PolicyDocument | null {
  if (!text) return null;
  try {
    const doc = JSON.parse(text) as PolicyDocument;
    if (!doc || !Array.isArray(doc.Statement)) {
      // a policy with a single statement object is legal JSON policy syntax
      const single = (doc as unknown as { Statement?: PolicyStatement }).Statement;
      return single ? { ...doc, Statement: [single] } : null;
    }
    return doc;
  } catch {
    return null;
  }
}

/**
 * Root console sign-ins are global service events, recorded in us-east-1: a trail sees
 * them if it is logging management events, includes global service events
 * (IncludeGlobalServiceEvents; CloudTrail user guide, "Enabling and disabling global
 * service event logging") and is multi-region or lives in us-east-1.
 */
export function trailCovers(t: Trail): boolean {
  return t.isLogging && t.logsManagementEvents && t.includeGlobalServiceEvents && (t.isMultiRegion || t.homeRegion === ALERT_REGION);
}

/** Where the alert goes: "alert.email", else the security contact (from an earlier step, or the answers). */
export function defaultAlertEmail(answers: Answers, securityEmail: string | undefined): string | undefined {
  return answers.alert?.email ?? securityEmail ?? answers.contacts?.security?.email;
}

/**
 * Do two addresses name the same mailbox, however written: case, Unicode normal form, and
 * an internationalised domain in Unicode or in its ASCII (punycode) form. An address that
 * does not parse is compared as text (trimmed, NFC, lower case).
 */
export function sameEmail(a: string, b: string): boolean {
  return mailboxKey(a) === mailboxKey(b);
}

function mailboxKey(address: string): string {
  const parsed = parseEmail(address.normalize('NFC'));
  if (!parsed.ok) return address.trim().normalize('NFC').toLowerCase();
  return `${parsed.email.local.toLowerCase()}@${parsed.email.asciiDomain}`;
}

function partitionOf(arn: string): string {
  return arn.split(':')[1] || 'aws';
}

export async function inspect(ctx: StepContext): Promise<AlertState> {
  const { aws, caller } = ctx;
  const partition = partitionOf(caller.arn);
  const topicArn = topicArnFor(partition, caller.accountId);
  const trailsRead = aws.cloudtrail.describeTrails().catch((e: unknown) => {
    if (isAwsError(e, 'AccessDenied')) return null;
    throw e;
  });
  // whether the trail's log bucket exists is asked beside the trails (a new account has no
  // trail, and the bucket is read next); the rest of it once the trails say it is needed,
  // beside the topic's and the rule's reads
  const existsRead = aws.s3.bucketExists(trailBucketName(caller.accountId), caller.accountId);
  existsRead.catch(() => {});
  // a stopped trail is started only when its log bucket is this account's: asked first
  const ownersRead = trailsRead.then((trails) => {
    const covered = trails !== null && trails.some(trailCovers);
    return readTrailBucketOwners(aws, caller.accountId, stoppedTrailsToStart(trails, covered));
  });
  ownersRead.catch(() => {});
  const bucketRead = Promise.all([trailsRead, ownersRead]).then(([trails, owners]) => {
    const covered = trails !== null && trails.some(trailCovers);
    return chooseTrailFix(trails, covered, owners).kind === 'ours' ? inspectTrailBucket(aws, caller.accountId, existsRead) : null;
  });
  // its failure is the inspect's when awaited below; not an unhandled one if another read fails first
  bucketRead.catch(() => {});
  const [topics, rules, trails] = await Promise.all([aws.sns.listTopics(), aws.events.listRules(), trailsRead]);
  const topicExists = topics.includes(topicArn);
  const rule = rules.find((r) => r.name === ALERT_RULE) ?? null;
  const candidates = alertCandidates(rules, caller.accountId).filter((c) => c.rule.name !== ALERT_RULE && ruleEnabled(c.rule));
  const [attributes, subscriptions, ruleTargets, candidateTargets] = await Promise.all([
    topicExists ? aws.sns.getTopicAttributes(topicArn) : Promise.resolve({} as Record<string, string>),
    topicExists ? aws.sns.listSubscriptionsByTopic(topicArn) : Promise.resolve([]),
    rule ? aws.events.listTargetsByRule(rule.name) : Promise.resolve([]),
    readAll(candidates.map((c) => [c.rule.name, () => aws.events.listTargetsByRule(c.rule.name)] as const)),
  ]);
  // A hand-made rule counts as "already in place" only when its whole chain works in this
  // account: a foreign or deleted topic, or one nobody confirmed, is not taken as ours.
  const candidateTopics = topicsToRead(candidates, candidateTargets, caller.accountId);
  const [candidateTopicFacts, subscriptionAttributes] = await Promise.all([
    readTopics(aws.sns, candidateTopics),
    // the own topic's reads fail the inspect, as its other reads do (a missing permission is named)
    Promise.all(subscriptionsToRead(subscriptions).map(async (s): Promise<[string, Read<Record<string, string>>]> => [s.arn, { ok: true, value: await aws.sns.getSubscriptionAttributes(s.arn) }])).then(
      (entries) => Object.fromEntries(entries),
    ),
  ]);
  const chain = judgeAlertChain({
    accountId: caller.accountId,
    rules: candidates.map((c) => c.rule),
    targets: candidateTargets,
    ...candidateTopicFacts,
  });
  const policy = parsePolicy(attributes.Policy);
  const ruleArn = ruleArnFor(partition, caller.accountId);
  const covered = trails !== null && trails.some(trailCovers);
  const trailBucket = await bucketRead;
  const trailBucketOwners = await ownersRead;
  return {
    accountId: caller.accountId,
    partition,
    topicArn,
    topicExists,
    policy,
    policyAllowsEvents: allowsEventsPublish(policy, topicArn, ruleArn),
    kmsMasterKeyId: attributes.KmsMasterKeyId || null,
    subscriptions,
    subscriptionAttributes,
    rule,
    ruleTargets,
    handMade: chain.rules
      .filter((r) => r.status === 'ok')
      .map((r) => {
        const read = candidateTargets[r.rule.name];
        // a pending subscription on a working topic receives the alert once confirmed
        const pending = r.topicArns.flatMap((arn) => {
          const subs = candidateTopicFacts.topics[arn];
          return (subs?.ok && subs.value ? subs.value : []).filter((s) => s.pending).map((s) => ({ protocol: s.protocol, endpoint: s.endpoint, topicArn: arn, pending: true }));
        });
        return { rule: r.rule, targets: (read?.ok ? read.value : []).filter((t) => r.topicArns.includes(t.arn)), recipients: [...r.recipients, ...pending] };
      }),
    trail: { trails, ok: covered },
    trailBucket,
    trailBucketOwners,
  };
}

/** What the rule needs from CloudTrail, in words; null when a trail covers it. */
export function trailNote(trail: TrailCheck): string | null {
  if (trail.ok) return null;
  if (trail.trails === null) {
    return 'Could not read CloudTrail (cloudtrail:DescribeTrails denied): make sure a trail logs management events, or the rule may never fire.';
  }
  const what =
    trail.trails.length === 0
      ? 'This account has no CloudTrail trail'
      : 'No trail logs management events in us-east-1 (multi-region or home there) with global service events, where console sign-ins are recorded';
  // EventBridge user guide: "To record events with a detail-type value of AWS API Call via
  // CloudTrail, a CloudTrail trail with logging enabled is required." It states no
  // exception for console sign-in events, which also arrive "via CloudTrail".
  return `${what}. Root sign-ins reach EventBridge through CloudTrail; AWS requires a logging trail for its API-call events and promises sign-in events no better: create a trail (CloudTrail → Trails → Create trail, management events) so the alert can be relied on.`;
}

export function plan(state: AlertState, input: AlertInput): AlertPlan {
  const ruleArn = state.rule?.arn || ruleArnFor(state.partition, state.accountId);
  const tags: Tags = {
    [TAG_CREATED_BY]: input.callerArn.replace(/[^\p{L}\p{N}\s_.:/=+\-@]/gu, '_').slice(0, 256),
    [TAG_CREATED_AT]: input.now.toISOString(),
  };
  const trailPlan = planTrail({
    trails: state.trail.trails,
    covered: state.trail.ok,
    bucketOwners: state.trailBucketOwners,
    bucket: state.trailBucket,
    accountId: state.accountId,
    partition: state.partition,
    tags,
    enabled: input.trail !== false,
    phase: 0,
  });
  const trailPlanned = trailPlan.actions.length > 0;
  const base = {
    topicArn: state.topicArn,
    ruleArn,
    email: input.email,
    trail: state.trail,
    trailFix: trailPlan.fix,
    trailPlanned,
    trailPart: trailPlan,
  };
  const notes: string[] = [];
  const note = trailPlanned ? null : trailNote(state.trail);
  if (note) notes.push(note);
  notes.push(...trailPlan.notes);

  // A rule made by hand already sends root sign-ins to the address asked for: respect
  // it, add nothing but the trail it needs too. One that reaches others only does not
  // count: the step's own chain is planned for the address.
  const inPlace = state.rule ? [] : handMadeFor(state, input.email);
  if (inPlace.length > 0) {
    const mine = inPlace.flatMap((h) => h.recipients).filter((r) => input.email.trim() !== '' && deliversTo(r, input.email));
    return {
      ...base,
      actions: trailPlan.actions,
      existing: [
        // rule, topic and endpoints come from AWS
        ...inPlace.map((h) => ({
          summary: neutralize(
            `Rule ${h.rule.name} already sends root sign-ins to ${h.targets.map((t) => t.arn.split(':').pop()).join(', ')} → ${h.recipients.map((r) => `${recipientText(r)}${r.pending ? ' (waiting for confirmation)' : ''}`).join(', ')}`,
          ),
        })),
        ...trailPlan.existing,
      ],
      notes,
      // the address asked for is reached only through a pending subscription: confirm it
      subscriptionPending: mine.length > 0 && mine.every((r) => r.pending),
      handMade: inPlace,
      toCheck: [],
    };
  }

  const actions: Action[] = [];
  const existing: Existing[] = [];
  const topicArn = state.topicArn;
  const { doubts } = alertBlockers(state, input.email);
  // a key id and an endpoint come from AWS
  notes.push(...doubts.map((d) => neutralize(d.problem)));
  // whoever else the topic sends to is said, never taken as the address: one swapped in
  // for the alert address stays visible after the address is subscribed again
  const others = state.subscriptions.filter((s) => !(EMAIL_PROTOCOLS.has(s.protocol) && sameEmail(s.endpoint, input.email)));
  if (others.length > 0) {
    notes.push(
      neutralize(
        `Topic ${ALERT_TOPIC} also sends to ${others.map((s) => `${recipientText(s)}${s.pending ? ' (waiting for confirmation)' : ''}`).join(', ')}: remove any recipient you do not know (SNS → Topics → ${ALERT_TOPIC} → Subscriptions → Delete).`,
      ),
    );
  }

  if (state.topicExists) existing.push({ summary: `SNS topic ${ALERT_TOPIC} (us-east-1)` });
  else {
    actions.push({
      id: 'alert-topic',
      call: 'sns:CreateTopic',
      summary: `Create SNS topic ${ALERT_TOPIC} in us-east-1`,
      phase: 0,
      run: async (ctx) => {
        await ctx.aws.sns.createTopic(ALERT_TOPIC, tags);
      },
    });
  }

  if (state.topicExists && state.policyAllowsEvents) existing.push({ summary: 'Topic policy lets EventBridge publish' });
  else {
    actions.push({
      id: 'alert-policy',
      call: 'sns:SetTopicAttributes',
      summary: 'Let EventBridge publish to the topic (statement added to its policy)',
      phase: 1,
      // read at apply time: a new topic's default policy exists only once it is created
      run: async (ctx) => {
        const attrs = await ctx.aws.sns.getTopicAttributes(topicArn);
        const merged = mergePolicy(parsePolicy(attrs.Policy), topicArn, ruleArn);
        await ctx.aws.sns.setTopicAttribute(topicArn, 'Policy', JSON.stringify(merged));
      },
    });
  }

  const sub = state.subscriptions.find((s) => s.protocol === 'email' && sameEmail(s.endpoint, input.email));
  if (sub) existing.push({ summary: `Email subscription for ${sub.endpoint}${sub.pending ? ' (waiting for confirmation)' : ''}` });
  else {
    actions.push({
      id: 'alert-subscribe',
      call: 'sns:Subscribe',
      summary: `Subscribe ${input.email} to the topic (AWS emails a confirmation link)`,
      phase: 1,
      run: async (ctx) => {
        await ctx.aws.sns.subscribe(topicArn, 'email', input.email);
      },
    });
  }

  const ruleOk = state.rule && state.rule.state === 'ENABLED' && state.rule.eventPattern && matchesRootSignIn(state.rule.eventPattern, state.accountId);
  if (ruleOk) existing.push({ summary: `EventBridge rule ${ALERT_RULE} on root sign-ins` });
  else {
    actions.push({
      id: 'alert-rule',
      call: 'events:PutRule',
      summary: state.rule
        ? `Reset EventBridge rule ${ALERT_RULE} to root sign-ins, enabled`
        : `Create EventBridge rule ${ALERT_RULE} on root console sign-ins`,
      phase: 0,
      run: async (ctx) => {
        await ctx.aws.events.putRule({
          name: ALERT_RULE,
          eventPattern: ROOT_SIGNIN_PATTERN,
          description: 'Root user signed in to the AWS console (mvsp-setup)',
          tags,
        });
      },
    });
  }

  // a target with Input, InputPath or InputTransformer sends something else than the event
  const toTopic = state.ruleTargets.filter((t) => t.arn === topicArn);
  const reshaped = toTopic.map(reshapedInput).find((r) => r !== null);
  if (toTopic.some((t) => reshapedInput(t) === null)) existing.push({ summary: `Rule ${ALERT_RULE} → topic ${ALERT_TOPIC}` });
  else {
    actions.push({
      id: 'alert-target',
      call: 'events:PutTargets',
      summary: reshaped ? `Send the rule's events to topic ${ALERT_TOPIC} as they are (its target sends ${neutralize(reshaped)})` : `Send the rule's events to topic ${ALERT_TOPIC}`,
      phase: 2,
      run: async (ctx) => {
        await ctx.aws.events.putTargets(ALERT_RULE, [{ id: ALERT_TARGET_ID, arn: topicArn }]);
      },
    });
  }

  return {
    ...base,
    // the alert's chain and the trail's run side by side
    actions: [...ownChain(actions), ...trailPlan.actions],
    existing: [...existing, ...trailPlan.existing],
    notes,
    // a subscription made now is pending too
    subscriptionPending: sub ? sub.pending : true,
    handMade: [],
    toCheck: doubts.map((d) => neutralize(d.fix)),
  };
}

/** A problem in the step's own topic, in words, and how to mend it. */
export interface AlertProblem {
  problem: string;
  fix: string;
}

/** What keeps the step's own chain from delivering, which the plan does not change. */
export interface AlertBlockers {
  /** known to stop every alert: the step is not done while one holds */
  blockers: AlertProblem[];
  /** could not be judged: said, and left as a to-do */
  doubts: AlertProblem[];
}

/**
 * The same judgement as verify's root-login-alert, for the parts of the step's own topic
 * (mvsp-root-signin-alert) the plan leaves as they are: a Deny for EventBridge in its
 * access policy (the plan adds an Allow, never removes a Deny), its KMS key, and the
 * filter policy of the subscription for `email`.
 */
export function alertBlockers(state: AlertState, email: string | undefined): AlertBlockers {
  const out: AlertBlockers = { blockers: [], doubts: [] };
  if (!state.topicExists) return out;
  const ruleArn = state.rule?.arn || ruleArnFor(state.partition, state.accountId);
  if (eventsPublishBlock(state.policy, state.topicArn, ruleArn)?.kind === 'denied') {
    out.blockers.push({
      problem: `The access policy of topic ${ALERT_TOPIC} denies EventBridge sns:Publish: the alert would never be sent.`,
      fix: `Remove that Deny (SNS console → Topics → ${ALERT_TOPIC} → Edit → Access policy), then: npx mvsp-setup --steps alert`,
    });
  }
  const key = state.kmsMasterKeyId;
  if (key && isAwsManagedSnsKey(key)) {
    out.blockers.push({
      problem: `Topic ${ALERT_TOPIC} is encrypted with the AWS managed key ${key}, which EventBridge cannot use: the alert would never be sent.`,
      fix: `Encrypt topic ${ALERT_TOPIC} with a customer managed KMS key whose key policy grants events.amazonaws.com kms:GenerateDataKey* and kms:Decrypt, or turn its encryption off (SNS console → Topics → Edit → Encryption)`,
    });
  } else if (key) {
    out.doubts.push({
      problem: `Topic ${ALERT_TOPIC} is encrypted with KMS key ${key}, whose key policy is not read here.`,
      fix: `Check that the key policy of KMS key ${key} grants events.amazonaws.com kms:GenerateDataKey* and kms:Decrypt`,
    });
  }
  const sub = email === undefined ? undefined : state.subscriptions.find((s) => !s.pending && s.protocol === 'email' && sameEmail(s.endpoint, email));
  const attributes = sub ? state.subscriptionAttributes[sub.arn] : undefined;
  // judged on the event itself: the plan resets a target of the rule that sends something else
  if (sub && attributes) {
    const f = attributes.ok ? judgeSubscriptionFilter(attributes.value, state.accountId) : { result: 'unknown' as const, why: 'its attributes could not be read (sns:GetSubscriptionAttributes)' };
    if (f.result === 'drops') {
      out.blockers.push({
        problem: `The subscription for ${sub.endpoint}: ${f.why ?? 'its filter policy drops the alert'}.`,
        fix: 'Remove the filter policy of that subscription (SNS console → Subscriptions → Edit → Subscription filter policy), then: npx mvsp-setup --steps alert',
      });
    } else if (f.result === 'unknown') {
      out.doubts.push({
        problem: `The subscription for ${sub.endpoint}: ${f.why ?? 'its filter policy was not judged'}.`,
        fix: `Check that the filter policy of the subscription for ${sub.endpoint} lets root sign-in events through, or remove it`,
      });
    }
  }
  return out;
}

/** Remember the address the alert was set up for, so verify can tell when it no longer receives it. */
export async function recordAlertEmail(accountId: string, email: string, opts: RecordOptions = {}): Promise<LocalRecord> {
  return updateRecord(accountId, (r) => ({ ...r, alertEmail: email.trim() }), opts);
}

/** What is left for a person after the plan ran. */
export function alertTodo(p: AlertPlan): string[] {
  const todo: string[] = [];
  if (p.subscriptionPending) {
    todo.push(`Confirm the alert email: open the message from AWS Notifications sent to ${p.email} and click "Confirm subscription"`);
  }
  todo.push(...p.toCheck);
  if (!p.trail.ok && !p.trailPlanned) {
    todo.push('Create a CloudTrail trail that logs management events, so root sign-ins reach the alert: CloudTrail console → Trails → Create trail, or npx mvsp-setup --steps alert');
  }
  return todo;
}
