// S3, only what a trail's bucket needs. Bucket names are global: a name another account
// owns answers 403 to reads (with ExpectedBucketOwner) and BucketAlreadyExists to create.
import type { S3Port } from '../port.js';
import { fail, tagProblem, type SandboxContext } from './context.js';
import type { BucketRecord } from './state.js';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function createS3(ctx: SandboxContext): S3Port {
  const { state } = ctx;
  const requireBucket = (action: string, name: string, accountId: string): BucketRecord => {
    const bucket = state.buckets.find((b) => b.name === name) ?? fail('NotFound', action, 'NoSuchBucket', 'The specified bucket does not exist');
    if (bucket.owner !== state.accountId || accountId !== state.accountId) fail('AccessDenied', action, 'AccessDenied', 'Access Denied');
    return bucket;
  };

  return {
    async bucketExists(name, accountId) {
      const bucket = state.buckets.find((b) => b.name === name);
      if (!bucket) return false;
      requireBucket('s3:ListBucket', name, accountId);
      return true;
    },

    async createBucket(name, region) {
      const action = 's3:CreateBucket';
      if (!BUCKET_NAME.test(name) || name.includes('..')) fail('InvalidInput', action, 'InvalidBucketName', 'The specified bucket is not valid.');
      const existing = state.buckets.find((b) => b.name === name);
      if (existing && existing.owner !== state.accountId) {
        fail('AlreadyExists', action, 'BucketAlreadyExists', 'The requested bucket name is not available.');
      }
      // us-east-1 answers 200 for a bucket the caller already owns there
      if (existing) {
        if (existing.region !== region || region !== 'us-east-1') fail('AlreadyExists', action, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.');
        return;
      }
      // Since 2023 AWS blocks public access, encrypts with SSE-S3 and disables ACLs on every new bucket.
      state.buckets.push({
        name,
        region,
        owner: state.accountId,
        publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
        encryption: ['AES256'],
        objectOwnership: 'BucketOwnerEnforced',
        policy: null,
        tags: {},
      });
    },

    async getPublicAccessBlock(name, accountId) {
      return requireBucket('s3:GetBucketPublicAccessBlock', name, accountId).publicAccessBlock;
    },
    async putPublicAccessBlock(name, accountId, block) {
      requireBucket('s3:PutBucketPublicAccessBlock', name, accountId).publicAccessBlock = { ...block };
    },
    async getBucketEncryption(name, accountId) {
      return requireBucket('s3:GetEncryptionConfiguration', name, accountId).encryption;
    },
    async putBucketEncryptionS3(name, accountId) {
      requireBucket('s3:PutEncryptionConfiguration', name, accountId).encryption = ['AES256'];
    },
    async getObjectOwnership(name, accountId) {
      return requireBucket('s3:GetBucketOwnershipControls', name, accountId).objectOwnership;
    },
    async putObjectOwnershipEnforced(name, accountId) {
      requireBucket('s3:PutBucketOwnershipControls', name, accountId).objectOwnership = 'BucketOwnerEnforced';
    },
    async getBucketPolicy(name, accountId) {
      return requireBucket('s3:GetBucketPolicy', name, accountId).policy;
    },
    async putBucketPolicy(name, accountId, policy) {
      const action = 's3:PutBucketPolicy';
      const bucket = requireBucket(action, name, accountId);
      try {
        JSON.parse(policy);
      } catch {
        fail('InvalidInput', action, 'MalformedPolicy', 'Policies must be valid JSON and the first byte must be \'{\'');
      }
      bucket.policy = policy;
    },
    async getBucketTagging(name, accountId) {
      return requireBucket('s3:GetBucketTagging', name, accountId).tags;
    },
    async putBucketTagging(name, accountId, tags) {
      const action = 's3:PutBucketTagging';
      const bucket = requireBucket(action, name, accountId);
      const problem = tagProblem(tags);
      if (problem) fail('InvalidInput', action, 'InvalidTag', problem.message);
      bucket.tags = { ...tags };
    },
  };
}
