// CloudTrail: a new account has no trails (the 90-day event history is not a trail).
// CreateTrail checks what AWS checks: a valid name, a bucket that exists, and a bucket
// policy that lets CloudTrail write (InsufficientS3BucketPolicyException otherwise).
import type { CloudTrailPort, PolicyStatement, Trail, TrailRef } from '../port.js';
import { fail, tagProblem, type SandboxContext } from './context.js';
import type { TrailRecord } from './state.js';

function asList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Does the bucket policy let cloudtrail.amazonaws.com put objects and read the ACL? */
function letsCloudTrailWrite(policy: string | null): boolean {
  if (!policy) return false;
  let statements: PolicyStatement[];
  try {
    const doc = JSON.parse(policy) as { Statement?: PolicyStatement | PolicyStatement[] };
    statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return false;
  }
  const allows = (action: string) =>
    statements.some((s) => {
      if (s.Effect !== 'Allow') return false;
      const service = (s.Principal as { Service?: unknown } | undefined)?.Service;
      if (!asList(service).includes('cloudtrail.amazonaws.com')) return false;
      return asList(s.Action).some((a) => a === action || a === 's3:*' || a === '*');
    });
  return allows('s3:PutObject') && allows('s3:GetBucketAcl');
}

function view(t: TrailRecord): Trail {
  return {
    name: t.name,
    arn: t.arn,
    homeRegion: t.homeRegion,
    isMultiRegion: t.isMultiRegion,
    includeGlobalServiceEvents: t.includeGlobalServiceEvents,
    s3BucketName: t.s3BucketName,
    isLogging: t.isLogging,
    logsManagementEvents: t.logsManagementEvents,
  };
}

export function createCloudTrail(ctx: SandboxContext): CloudTrailPort {
  const { state } = ctx;
  const requireTrail = (action: string, ref: TrailRef): TrailRecord =>
    state.trails.find((t) => t.arn === ref.arn && t.homeRegion === ref.homeRegion) ??
    fail('NotFound', action, 'TrailNotFoundException', `Unknown trail: ${ref.arn} for the user: ${state.accountId}`);

  return {
    async describeTrails() {
      return state.trails.map(view);
    },

    async createTrail(input) {
      const action = 'cloudtrail:CreateTrail';
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/.test(input.name) || /[._-]{2}/.test(input.name)) {
        fail('InvalidInput', action, 'InvalidTrailNameException', 'Trail name must be 3-128 letters, numbers, periods, underscores or dashes, starting and ending with a letter or number.');
      }
      const problem = tagProblem(input.tags);
      if (problem) fail('InvalidInput', action, 'InvalidTagParameterException', problem.message);
      if (state.trails.some((t) => t.name === input.name && t.homeRegion === input.region)) {
        fail('AlreadyExists', action, 'TrailAlreadyExistsException', `Trail ${input.name} already exists for customer: ${state.accountId}`);
      }
      const bucket = state.buckets.find((b) => b.name === input.s3BucketName);
      if (!bucket) fail('InvalidInput', action, 'S3BucketDoesNotExistException', `S3 bucket ${input.s3BucketName} does not exist!`);
      if (!letsCloudTrailWrite(bucket.policy)) {
        fail('InvalidInput', action, 'InsufficientS3BucketPolicyException', `Incorrect S3 bucket policy is detected for bucket: ${input.s3BucketName}`);
      }
      const arn = `arn:aws:cloudtrail:${input.region}:${state.accountId}:trail/${input.name}`;
      // AWS gives a new trail the default selector (all management events); it logs only after StartLogging.
      state.trails.push({
        name: input.name,
        arn,
        homeRegion: input.region,
        isMultiRegion: true,
        includeGlobalServiceEvents: true,
        isLogging: false,
        logsManagementEvents: true,
        s3BucketName: input.s3BucketName,
        logFileValidation: true,
        tags: { ...input.tags },
      });
      return arn;
    },

    async putManagementEventSelectors(ref) {
      requireTrail('cloudtrail:PutEventSelectors', ref).logsManagementEvents = true;
    },

    async startLogging(ref) {
      requireTrail('cloudtrail:StartLogging', ref).isLogging = true;
    },
  };
}
