// The root sign-in alert, in us-east-1: SNS topic (+ a policy statement letting
// EventBridge publish) → email subscription, and an EventBridge rule on root console
// sign-ins targeting the topic. CloudTrail is read first: the rule only sees sign-ins
// that CloudTrail delivers.
import type { EventRule, EventTarget, PolicyDocument, PolicyStatement, SnsSubscription, Tags, Trail } from '../aws/port.js';
import { isAwsError } from '../aws/errors.js';
import { matchesRootSignIn, ROOT_SIGNIN_PATTERN } from './alert-pattern.js';
import { alertCandidates, judgeAlertChain, readAll, ruleEnabled, topicPolicy, topicSubscriptions, topicsToRead } from './alert-chain.js';
import { chooseTrailFix, inspectTrailBucket, planTrail, trailBucketName, type TrailBucketState, type TrailFix, type TrailPlan } from './trail.js';
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
}

export interface AlertState {
  accountId: string;
  partition: string;
  topicArn: string;
  topicExists: boolean;
  /** the topic's policy, parsed (null: no topic yet, or not JSON) */
  policy: PolicyDocument | null;
  policyAllowsEvents: boolean;
  subscriptions: SnsSubscription[];
  rule: EventRule | null;
  ruleTargets: EventTarget[];
  handMade: HandMadeAlert[];
  trail: TrailCheck;
  /** the log bucket of `mvsp-trail`, read only when no trail covers us-east-1 and no stopped one would */
  trailBucket: TrailBucketState | null;
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

/**
 * Why EventBridge (events.amazonaws.com) may not publish to the topic for `ruleArn`, from
 * the topic's access policy (sns:GetTopicAttributes "Policy"): 'denied' when a Deny
 * statement reaches sns:Publish (an explicit Deny wins over any Allow), 'not-allowed'
 * when no Allow statement grants it; null when it may publish.
 */
export function eventsPublishBlock(policy: PolicyDocument | null, topicArn: string, ruleArn: string): 'denied' | 'not-allowed' | null {
  if (!policy) return 'not-allowed';
  if (policy.Statement.some((s) => s.Effect === 'Deny' && denyReaches(s, topicArn))) return 'denied';
  const allowed = policy.Statement.some((s) => {
    if (s.Effect !== 'Allow') return false;
    const principal = s.Principal as { Service?: unknown } | undefined;
    if (!isRecord(principal) || !asList(principal.Service).includes('events.amazonaws.com')) return false;
    const actions = asList(s.Action).map((a) => a.toLowerCase());
    if (!actions.some((a) => a === 'sns:publish' || a === 'sns:*' || a === '*')) return false;
    const resources = asList(s.Resource);
    if (!resources.some((r) => r === topicArn || r === '*')) return false;
    const sourceArns = Object.values(s.Condition ?? {}).flatMap((c) => asList(c['aws:SourceArn'] ?? c['AWS:SourceArn']));
    return sourceArns.length === 0 || sourceArns.some((a) => globMatches(a, ruleArn));
  });
  return allowed ? null : 'not-allowed';
}

/** Does the topic's policy let events.amazonaws.com publish to it (from `ruleArn`), with no Deny in the way? */
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
 * Root console sign-ins are recorded in us-east-1 (a global service event): a trail sees
 * them if it is logging management events and is multi-region or lives in us-east-1.
 */
export function trailCovers(t: Trail): boolean {
  return t.isLogging && t.logsManagementEvents && (t.isMultiRegion || t.homeRegion === ALERT_REGION);
}

/** Where the alert goes: "alert.email", else the security contact (from an earlier step, or the answers). */
export function defaultAlertEmail(answers: Answers, securityEmail: string | undefined): string | undefined {
  return answers.alert?.email ?? securityEmail ?? answers.contacts?.security?.email;
}

export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
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
  const bucketRead = trailsRead.then((trails) => {
    const covered = trails !== null && trails.some(trailCovers);
    return chooseTrailFix(trails, covered).kind === 'ours' ? inspectTrailBucket(aws, caller.accountId, existsRead) : null;
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
  const [topicReads, policyReads] = await Promise.all([
    readAll(candidateTopics.map((arn) => [arn, () => topicSubscriptions(aws.sns, arn)] as const)),
    readAll(candidateTopics.map((arn) => [arn, () => topicPolicy(aws.sns, arn)] as const)),
  ]);
  const chain = judgeAlertChain({
    accountId: caller.accountId,
    rules: candidates.map((c) => c.rule),
    targets: candidateTargets,
    topics: topicReads,
    policies: policyReads,
  });
  const policy = parsePolicy(attributes.Policy);
  const ruleArn = ruleArnFor(partition, caller.accountId);
  const covered = trails !== null && trails.some(trailCovers);
  const trailBucket = await bucketRead;
  return {
    accountId: caller.accountId,
    partition,
    topicArn,
    topicExists,
    policy,
    policyAllowsEvents: allowsEventsPublish(policy, topicArn, ruleArn),
    subscriptions,
    rule,
    ruleTargets,
    handMade: chain.rules
      .filter((r) => r.status === 'ok')
      .map((r) => {
        const read = candidateTargets[r.rule.name];
        return { rule: r.rule, targets: (read?.ok ? read.value : []).filter((t) => r.topicArns.includes(t.arn)) };
      }),
    trail: { trails, ok: covered },
    trailBucket,
  };
}

/** What the rule needs from CloudTrail, in words; null when a trail covers it. */
export function trailNote(trail: TrailCheck): string | null {
  if (trail.ok) return null;
  if (trail.trails === null) {
    return 'Could not read CloudTrail (cloudtrail:DescribeTrails denied): make sure a trail logs management events, or the rule may never fire.';
  }
  const what = trail.trails.length === 0 ? 'This account has no CloudTrail trail' : 'No trail logs management events in us-east-1 (multi-region or home there)';
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

  // A rule made by hand already sends root sign-ins somewhere: respect it, add nothing
  // but the trail it needs too.
  if (!state.rule && state.handMade.length > 0) {
    return {
      ...base,
      actions: trailPlan.actions,
      existing: [
        ...state.handMade.map((h) => ({
          summary: `Rule ${h.rule.name} already sends root sign-ins to ${h.targets.map((t) => t.arn.split(':').pop()).join(', ')}`,
        })),
        ...trailPlan.existing,
      ],
      notes,
      subscriptionPending: false,
      handMade: state.handMade,
    };
  }

  const actions: Action[] = [];
  const existing: Existing[] = [];
  const topicArn = state.topicArn;

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

  if (state.ruleTargets.some((t) => t.arn === topicArn)) existing.push({ summary: `Rule ${ALERT_RULE} → topic ${ALERT_TOPIC}` });
  else {
    actions.push({
      id: 'alert-target',
      call: 'events:PutTargets',
      summary: `Send the rule's events to topic ${ALERT_TOPIC}`,
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
  };
}

/** What is left for a person after the plan ran. */
export function alertTodo(p: AlertPlan): string[] {
  const todo: string[] = [];
  if (p.handMade.length === 0 && p.subscriptionPending) {
    todo.push(`Confirm the alert email: open the message from AWS Notifications sent to ${p.email} and click "Confirm subscription"`);
  }
  if (!p.trail.ok && !p.trailPlanned) {
    todo.push('Create a CloudTrail trail that logs management events, so root sign-ins reach the alert: CloudTrail console → Trails → Create trail, or npx mvsp-setup --steps alert');
  }
  return todo;
}
