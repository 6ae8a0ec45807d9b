// The CloudTrail part of the root sign-in alert: root console sign-ins reach EventBridge
// only through a trail that logs management events for us-east-1. When none does, the
// smallest fix: start a stopped trail that would otherwise do and writes to a bucket of
// this account (never one another account owns: it would receive every management
// event), or make `mvsp-trail`
// (multi-region, log file validation, management events read and write) writing to a
// bucket of this account with public access blocked, default encryption, ACLs off and a
// policy that lets only CloudTrail, for this trail, write.
import type { Gateway, PolicyDocument, PolicyStatement, PublicAccessBlock, Tags, Trail, TrailRef } from '../aws/port.js';
import { isAwsError } from '../aws/errors.js';
import { neutralize } from '../untrusted.js';
import type { Action, Existing } from './types.js';
import { ownChain } from './run-actions.js';

export const TRAIL_NAME = 'mvsp-trail';
/** root console sign-ins are recorded in us-east-1: the trail lives there */
export const TRAIL_REGION = 'us-east-1';
export const TRAIL_POLICY_SIDS = ['MvspCloudTrailAclCheck', 'MvspCloudTrailWrite', 'MvspDenyInsecureTransport'] as const;

const ALL_BLOCKED: PublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

/** The log bucket's name: S3 bucket names are global, so it carries the account id. */
export function trailBucketName(accountId: string): string {
  return `mvsp-trail-${accountId}`;
}

export function trailArnFor(partition: string, accountId: string): string {
  return `arn:${partition}:cloudtrail:${TRAIL_REGION}:${accountId}:trail/${TRAIL_NAME}`;
}

/**
 * The bucket policy CloudTrail needs (CloudTrail user guide, "Amazon S3 bucket policy for
 * CloudTrail"), limited to this trail by aws:SourceArn and aws:SourceAccount, and a
 * statement refusing any request not made over TLS.
 */
export function trailBucketStatements(partition: string, accountId: string): PolicyStatement[] {
  const bucketArn = `arn:${partition}:s3:::${trailBucketName(accountId)}`;
  const source = { 'aws:SourceArn': trailArnFor(partition, accountId), 'aws:SourceAccount': accountId };
  return [
    {
      Sid: 'MvspCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: bucketArn,
      Condition: { StringEquals: source },
    },
    {
      Sid: 'MvspCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${bucketArn}/AWSLogs/${accountId}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...source } },
    },
    {
      Sid: 'MvspDenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
}

/** Equal as policy JSON: a one-element list and its element are the same. */
function samePolicyValue(a: unknown, b: unknown): boolean {
  const one = (v: unknown) => (Array.isArray(v) && v.length === 1 ? v[0] : v);
  a = one(a);
  b = one(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => samePolicyValue(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every((k) => samePolicyValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

function parsePolicy(text: string | null): PolicyDocument | null {
  if (!text) return null;
  try {
    const doc = JSON.parse(text) as { Version?: string; Statement?: PolicyStatement | PolicyStatement[] };
    const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
    return { ...doc, Version: doc.Version ?? '2012-10-17', Statement: statements };
  } catch {
    return null;
  }
}

/** Does the policy hold our three statements as they should be? */
export function bucketPolicyOk(policyText: string | null, partition: string, accountId: string): boolean {
  const doc = parsePolicy(policyText);
  if (!doc) return false;
  return trailBucketStatements(partition, accountId).every((want) => doc.Statement.some((s) => s.Sid === want.Sid && samePolicyValue(s, want)));
}

/** The bucket's policy with our statements added (or replaced by Sid); every other statement kept. */
export function mergeBucketPolicy(policyText: string | null, partition: string, accountId: string): PolicyDocument {
  const doc = parsePolicy(policyText) ?? { Version: '2012-10-17', Statement: [] };
  const ours: readonly string[] = TRAIL_POLICY_SIDS;
  return {
    ...doc,
    Version: '2012-10-17',
    Statement: [...doc.Statement.filter((s) => !ours.includes(s.Sid ?? '')), ...trailBucketStatements(partition, accountId)],
  };
}

/** What keeps a trail from seeing root sign-ins, in words; empty when nothing does. */
export function trailGaps(t: Trail): string[] {
  const gaps: string[] = [];
  if (!t.isLogging) gaps.push('is stopped');
  if (!t.isMultiRegion && t.homeRegion !== TRAIL_REGION) gaps.push(`logs only ${neutralize(t.homeRegion) || 'another region'}`);
  if (!t.logsManagementEvents) gaps.push('has management events off');
  if (!t.includeGlobalServiceEvents) gaps.push('leaves out global service events, where console sign-ins are recorded');
  return gaps;
}

/** The log bucket as read: null fields mean "not set". */
export interface TrailBucketState {
  name: string;
  exists: boolean;
  publicAccessBlock: PublicAccessBlock | null;
  encryption: string[] | null;
  objectOwnership: string | null;
  policy: string | null;
  tags: Tags;
  /** the read was refused (this IAM action): the plan assumes no bucket, and says so */
  unreadable?: string;
}

/** A stopped trail this step did not start, and why (in words, AWS strings neutralised). */
export interface TrailNotStarted {
  trail: Trail;
  why: string;
}

/**
 * The smallest fix, from what DescribeTrails showed:
 * - `none`: a trail already covers us-east-1 (or CloudTrail could not be read);
 * - `start`: a trail that would cover it but is stopped, writing to a bucket of this
 *   account: StartLogging;
 * - `ours`: make (or finish) `mvsp-trail` and its bucket; `notStarted`: the stopped trails
 *   that would have done but whose bucket is not known to be this account's.
 */
export type TrailFix = { kind: 'none' } | { kind: 'start'; trail: Trail } | { kind: 'ours'; trail: Trail | null; notStarted: TrailNotStarted[] };

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const TRAIL_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]{3,128}$/;
/** S3 bucket names (S3 user guide, "Bucket naming rules"; older us-east-1 names may hold capitals and "_") */
const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/;

/**
 * Whether a stopped trail's log bucket is this account's, keyed by the trail's ARN:
 * `own`, or why it is not known to be (in words, the bucket name neutralised).
 */
export type TrailBucketOwners = Record<string, { own: true } | { own: false; why: string }>;

/** The stopped trails that starting alone would make cover us-east-1 (their ARN and region well-formed: they go back to AWS). */
export function stoppedTrailsToStart(trails: Trail[] | null, covered: boolean): Trail[] {
  if (trails === null || covered) return [];
  if (trails.some((t) => t.name === TRAIL_NAME && t.homeRegion === TRAIL_REGION)) return [];
  return trails.filter((t) => {
    const gaps = trailGaps(t);
    return gaps.length === 1 && !t.isLogging && REGION.test(t.homeRegion) && TRAIL_ARN.test(t.arn);
  });
}

/**
 * Reads whose the log bucket of each trail is (s3:ListBucket, i.e. HeadBucket, with
 * ExpectedBucketOwner this account: S3 answers 403 for a bucket another account owns).
 * A name that is not a bucket name is not sent; a bucket that does not exist, a refused
 * or failed read are each a reason not to start the trail, never an error of the step.
 */
export async function readTrailBucketOwners(aws: Gateway, accountId: string, trails: Trail[]): Promise<TrailBucketOwners> {
  const entries = await Promise.all(
    trails.map(async (t): Promise<[string, TrailBucketOwners[string]]> => {
      const bucket = t.s3BucketName;
      const named = `its S3 bucket ${neutralize(bucket)}`;
      if (!BUCKET_NAME.test(bucket)) return [t.arn, { own: false, why: bucket ? `${named} is not a valid bucket name` : 'it names no S3 bucket' }];
      try {
        if (await aws.s3.bucketExists(bucket, accountId)) return [t.arn, { own: true }];
        return [t.arn, { own: false, why: `${named} does not exist, and anyone may create a bucket of that name` }];
      } catch (e) {
        if (isAwsError(e, 'AccessDenied')) {
          return [t.arn, { own: false, why: `${named} is not known to be this account's (S3 refused HeadBucket with ExpectedBucketOwner ${accountId}: another account owns it, or s3:ListBucket is not allowed)` }];
        }
        if (!isAwsError(e)) throw e;
        return [t.arn, { own: false, why: `${named} could not be checked (${neutralize(e.message)})` }];
      }
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * `owners`: what readTrailBucketOwners found for stoppedTrailsToStart's trails; a trail
 * missing from it is not started (its bucket was not checked).
 */
export function chooseTrailFix(trails: Trail[] | null, covered: boolean, owners: TrailBucketOwners = {}): TrailFix {
  if (trails === null || covered) return { kind: 'none' };
  const ours = trails.find((t) => t.name === TRAIL_NAME && t.homeRegion === TRAIL_REGION) ?? null;
  if (ours) return { kind: 'ours', trail: ours, notStarted: [] };
  const stopped = stoppedTrailsToStart(trails, covered);
  const startable = stopped.filter((t) => owners[t.arn]?.own === true);
  // a multi-region trail first: it records every region, as the baselines want
  const pick = startable.find((t) => t.isMultiRegion) ?? startable[0];
  if (pick) return { kind: 'start', trail: pick };
  const notStarted = stopped.map((trail) => {
    const owner = owners[trail.arn];
    return { trail, why: owner && !owner.own ? owner.why : `its S3 bucket ${neutralize(trail.s3BucketName)} was not checked` };
  });
  return { kind: 'ours', trail: null, notStarted };
}

/**
 * Reads the log bucket (only when the fix is our own trail); `existsRead`: its
 * s3:HeadBucket, when already asked. A refused read (no S3
 * permission, or a bucket of that name in another account) is not fatal: the plan then
 * assumes no bucket, and CreateBucket fails before anything is written if one is there.
 */
export async function inspectTrailBucket(aws: Gateway, accountId: string, existsRead?: Promise<boolean>): Promise<TrailBucketState> {
  try {
    return await readTrailBucket(aws, accountId, existsRead);
  } catch (e) {
    if (!isAwsError(e, 'AccessDenied')) throw e;
    const none = { publicAccessBlock: null, encryption: null, objectOwnership: null, policy: null, tags: {} };
    return { name: trailBucketName(accountId), exists: false, ...none, unreadable: e.action };
  }
}

async function readTrailBucket(aws: Gateway, accountId: string, existsRead?: Promise<boolean>): Promise<TrailBucketState> {
  const name = trailBucketName(accountId);
  const exists = await (existsRead ?? aws.s3.bucketExists(name, accountId));
  if (!exists) return { name, exists, publicAccessBlock: null, encryption: null, objectOwnership: null, policy: null, tags: {} };
  const [publicAccessBlock, encryption, objectOwnership, policy, tags] = await Promise.all([
    aws.s3.getPublicAccessBlock(name, accountId),
    aws.s3.getBucketEncryption(name, accountId),
    aws.s3.getObjectOwnership(name, accountId),
    aws.s3.getBucketPolicy(name, accountId),
    aws.s3.getBucketTagging(name, accountId),
  ]);
  return { name, exists, publicAccessBlock, encryption, objectOwnership, policy, tags };
}

export interface TrailPlanInput {
  trails: Trail[] | null;
  /** some trail already covers us-east-1 (the alert step's trailCovers) */
  covered: boolean;
  /** whose the stopped trails' log buckets are (readTrailBucketOwners); only a trail whose bucket is this account's is started */
  bucketOwners?: TrailBucketOwners;
  /** read only when the fix is our own trail */
  bucket: TrailBucketState | null;
  accountId: string;
  partition: string;
  tags: Tags;
  /** false: the person declined; nothing is planned */
  enabled: boolean;
  /** the first phase the trail's actions may use */
  phase: number;
}

export interface TrailPlan {
  fix: TrailFix['kind'];
  actions: Action[];
  existing: Existing[];
  notes: string[];
}

function whyNoTrail(trails: Trail[]): string {
  if (trails.length === 0) return 'This account has no CloudTrail trail';
  const each = trails.map((t) => `trail ${neutralize(t.name)} ${trailGaps(t).join(' and ')}`);
  return `No trail logs management events for us-east-1 (${each.join('; ')})`;
}

export const TRAIL_COST_NOTE = 'Cost: the first copy of management events is free; S3 storage costs cents.';

/** The trail part of the alert plan: what to change, what is there, and why, in words. */
export function planTrail(input: TrailPlanInput): TrailPlan {
  const { trails, accountId, partition, tags, phase } = input;
  const fix = chooseTrailFix(trails, input.covered, input.bucketOwners);
  if (trails === null) return { fix: 'none', actions: [], existing: [], notes: [] };
  if (fix.kind === 'none') {
    const t = trails.find((x) => trailGaps(x).length === 0);
    return { fix: 'none', actions: [], existing: t ? [{ summary: `CloudTrail trail ${neutralize(t.name)} logs management events for us-east-1` }] : [], notes: [] };
  }
  if (!input.enabled) return { fix: fix.kind, actions: [], existing: [], notes: [] };

  if (fix.kind === 'start') {
    const t = fix.trail;
    const ref: TrailRef = { arn: t.arn, homeRegion: t.homeRegion };
    return {
      fix: 'start',
      actions: [
        {
          id: 'trail-start',
          needs: [],
          call: 'cloudtrail:StartLogging',
          summary: `Start logging on trail ${neutralize(t.name)} (${neutralize(t.homeRegion)}), which is stopped`,
          phase,
          run: async (ctx) => {
            await ctx.aws.cloudtrail.startLogging(ref);
          },
        },
      ],
      existing: [],
      notes: [`Trail ${neutralize(t.name)} is stopped: starting it is enough for root sign-ins to reach the alert.`],
    };
  }

  const bucket = input.bucket;
  const name = trailBucketName(accountId);
  const ours = fix.trail;
  const ref: TrailRef = { arn: ours?.arn || trailArnFor(partition, accountId), homeRegion: TRAIL_REGION };
  const actions: Action[] = [];
  const existing: Existing[] = [];
  const exists = bucket?.exists === true;

  if (exists) existing.push({ summary: `S3 bucket ${name}` });
  else {
    actions.push({
      id: 'trail-bucket',
      call: 's3:CreateBucket',
      summary: `Create log bucket ${name} (us-east-1, ACLs off)`,
      phase,
      run: async (ctx) => {
        await ctx.aws.s3.createBucket(name, TRAIL_REGION);
      },
    });
  }
  // tagged like the rest, also when an earlier run made the bucket but stopped before tagging it;
  // the bucket's other tags are kept (PutBucketTagging replaces the whole set)
  const currentTags = exists ? bucket.tags : {};
  const tagged = Object.keys(tags).every((k) => k in currentTags);
  if (!tagged) {
    actions.push({
      id: 'trail-bucket-tags',
      call: 's3:PutBucketTagging',
      summary: 'Tag the bucket (mvsp-setup:created-by, created-at)',
      phase: phase + 1,
      run: async (ctx) => {
        await ctx.aws.s3.putBucketTagging(name, accountId, { ...currentTags, ...tags });
      },
    });
  }

  const pab = bucket?.publicAccessBlock;
  if (exists && pab && pab.blockPublicAcls && pab.ignorePublicAcls && pab.blockPublicPolicy && pab.restrictPublicBuckets) {
    existing.push({ summary: 'Bucket blocks public access' });
  } else {
    actions.push({
      id: 'trail-bucket-public-access',
      call: 's3:PutBucketPublicAccessBlock',
      summary: 'Block all public access to the bucket',
      phase: phase + 1,
      run: async (ctx) => {
        await ctx.aws.s3.putPublicAccessBlock(name, accountId, ALL_BLOCKED);
      },
    });
  }

  if (exists && bucket.encryption) existing.push({ summary: `Bucket encrypts by default (${bucket.encryption.map(neutralize).join(', ')})` });
  else {
    actions.push({
      id: 'trail-bucket-encryption',
      call: 's3:PutEncryptionConfiguration',
      summary: 'Encrypt the bucket by default (SSE-S3)',
      phase: phase + 1,
      run: async (ctx) => {
        await ctx.aws.s3.putBucketEncryptionS3(name, accountId);
      },
    });
  }

  // a new bucket is created with ObjectOwnership BucketOwnerEnforced
  if (exists && bucket.objectOwnership !== 'BucketOwnerEnforced') {
    actions.push({
      id: 'trail-bucket-ownership',
      call: 's3:PutBucketOwnershipControls',
      summary: 'Make the bucket owner own every object (ACLs off)',
      phase: phase + 1,
      run: async (ctx) => {
        await ctx.aws.s3.putObjectOwnershipEnforced(name, accountId);
      },
    });
  } else if (exists) existing.push({ summary: 'Bucket owner enforced (ACLs off)' });

  if (exists && bucketPolicyOk(bucket.policy, partition, accountId)) existing.push({ summary: 'Bucket policy lets only CloudTrail write, over TLS' });
  else {
    const current = exists ? bucket.policy : null;
    actions.push({
      id: 'trail-bucket-policy',
      call: 's3:PutBucketPolicy',
      summary: `Bucket policy: only CloudTrail for ${TRAIL_NAME} writes; TLS only`,
      phase: phase + 1,
      run: async (ctx) => {
        await ctx.aws.s3.putBucketPolicy(name, accountId, JSON.stringify(mergeBucketPolicy(current, partition, accountId)));
      },
    });
  }

  if (ours) existing.push({ summary: `CloudTrail trail ${TRAIL_NAME}` });
  else {
    actions.push({
      id: 'trail-create',
      call: 'cloudtrail:CreateTrail',
      summary: `Create trail ${TRAIL_NAME}: every region, log file validation`,
      phase: phase + 2,
      run: async (ctx) => {
        await ctx.aws.cloudtrail.createTrail({ name: TRAIL_NAME, region: TRAIL_REGION, s3BucketName: name, tags });
      },
    });
  }

  if (ours?.logsManagementEvents) existing.push({ summary: `Trail ${TRAIL_NAME} records management events` });
  else {
    actions.push({
      id: 'trail-selectors',
      call: 'cloudtrail:PutEventSelectors',
      summary: `Record management events, read and write, on ${TRAIL_NAME}`,
      phase: phase + 3,
      run: async (ctx) => {
        await ctx.aws.cloudtrail.putManagementEventSelectors(ref);
      },
    });
  }

  if (ours?.isLogging) existing.push({ summary: `Trail ${TRAIL_NAME} is logging` });
  else {
    actions.push({
      id: 'trail-start',
      call: 'cloudtrail:StartLogging',
      summary: `Start logging on ${TRAIL_NAME}`,
      // with the selectors, not after them: a new trail's default selectors already record
      // management events, so nothing is missed in between, and the alert is ready a round trip sooner
      phase: phase + 3,
      run: async (ctx) => {
        await ctx.aws.cloudtrail.startLogging(ref);
      },
    });
  }

  const notes = [
    ours ? `Trail ${TRAIL_NAME} ${trailGaps(ours).join(' and ')}: finishing it.` : `${whyNoTrail(trails)}: the alert needs one to fire.`,
  ];
  // starting it would send every management event of this account to that bucket
  for (const n of fix.notStarted) {
    notes.push(`Trail ${neutralize(n.trail.name)} is stopped and is not started: ${n.why}; started, it would deliver this account's management events there.`);
  }
  if (ours && !ours.includeGlobalServiceEvents) {
    notes.push(
      `Trail ${TRAIL_NAME} leaves out global service events, so it does not record console sign-ins; this step does not change that: turn them on (aws cloudtrail update-trail --region us-east-1 --name ${TRAIL_NAME} --include-global-service-events).`,
    );
  }
  if (ours && !ours.isMultiRegion) notes.push(`Trail ${TRAIL_NAME} records only us-east-1; the baselines want every region (CloudTrail console → ${TRAIL_NAME} → Edit).`);
  if (bucket?.unreadable) {
    notes.push(`Could not read bucket ${name} (${neutralize(bucket.unreadable)} denied): the plan assumes it does not exist yet.`);
  }
  if (!ours) notes.push(TRAIL_COST_NOTE);
  return { fix: 'ours', actions: ownChain(actions), existing, notes };
}

/**
 * The trail part of a plan in one line, for a screen that has no room for each call:
 * what will change and how many calls it takes, or what is there.
 */
export function trailSummary(t: TrailPlan): string {
  if (t.fix === 'none') return t.existing[0]?.summary ?? 'CloudTrail could not be read';
  if (t.actions.length === 0) return 'No trail: root sign-ins may never reach the alert';
  if (t.fix === 'start') return t.actions[0]!.summary;
  const calls = `${t.actions.length} change${t.actions.length === 1 ? '' : 's'}`;
  if (t.actions.some((a) => a.call === 'cloudtrail:CreateTrail')) {
    return `Create trail ${TRAIL_NAME} (every region) and its log bucket: ${calls}`;
  }
  return `Finish trail ${TRAIL_NAME} and its bucket: ${calls}`;
}
