import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AwsError } from '../errors.js';
import type { S3Port } from '../port.js';
import { call, mapAwsError } from './map-error.js';
import { fromTags, toTags } from './paginate.js';

function status(e: unknown): number | undefined {
  const s = (e as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof s === 'number' ? s : undefined;
}

/**
 * Like callOrNull, but only S3's "this bucket has no such configuration" codes are an
 * answer (null): a bucket that does not exist (NoSuchBucket) is still an error.
 */
async function configOrNull<T>(action: string, missing: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    const mapped = mapAwsError(error, action);
    if (mapped.code === missing) return null;
    throw mapped;
  }
}

export function createS3Port(client: () => S3Client): S3Port {
  return {
    async bucketExists(bucket, accountId) {
      try {
        await client().send(new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: accountId }));
        return true;
      } catch (e) {
        // HEAD answers carry no body: the status is all there is.
        if (status(e) === 404) return false;
        if (status(e) === 403) {
          throw new AwsError({
            kind: 'AccessDenied',
            action: 's3:ListBucket',
            code: 'AccessDenied',
            message: `s3:ListBucket on ${bucket} was refused: the caller may not read it, or the bucket belongs to another AWS account.`,
          });
        }
        throw mapAwsError(e, 's3:ListBucket');
      }
    },
    async createBucket(bucket, region) {
      await call('s3:CreateBucket', () =>
        client().send(
          new CreateBucketCommand({
            Bucket: bucket,
            ObjectOwnership: 'BucketOwnerEnforced',
            // us-east-1 takes no LocationConstraint (AWS rejects it there)
            ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
          }),
        ),
      );
    },
    async getPublicAccessBlock(bucket, accountId) {
      const out = await configOrNull('s3:GetBucketPublicAccessBlock', 'NoSuchPublicAccessBlockConfiguration', () =>
        client().send(new GetPublicAccessBlockCommand({ Bucket: bucket, ExpectedBucketOwner: accountId })),
      );
      const c = out?.PublicAccessBlockConfiguration;
      if (!c) return null;
      return {
        blockPublicAcls: c.BlockPublicAcls === true,
        ignorePublicAcls: c.IgnorePublicAcls === true,
        blockPublicPolicy: c.BlockPublicPolicy === true,
        restrictPublicBuckets: c.RestrictPublicBuckets === true,
      };
    },
    async putPublicAccessBlock(bucket, accountId, block) {
      await call('s3:PutBucketPublicAccessBlock', () =>
        client().send(
          new PutPublicAccessBlockCommand({
            Bucket: bucket,
            ExpectedBucketOwner: accountId,
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: block.blockPublicAcls,
              IgnorePublicAcls: block.ignorePublicAcls,
              BlockPublicPolicy: block.blockPublicPolicy,
              RestrictPublicBuckets: block.restrictPublicBuckets,
            },
          }),
        ),
      );
    },
    async getBucketEncryption(bucket, accountId) {
      const out = await configOrNull('s3:GetEncryptionConfiguration', 'ServerSideEncryptionConfigurationNotFoundError', () =>
        client().send(new GetBucketEncryptionCommand({ Bucket: bucket, ExpectedBucketOwner: accountId })),
      );
      const rules = out?.ServerSideEncryptionConfiguration?.Rules ?? [];
      const algorithms = rules.map((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? '').filter((a) => a !== '');
      return algorithms.length > 0 ? algorithms : null;
    },
    async putBucketEncryptionS3(bucket, accountId) {
      await call('s3:PutEncryptionConfiguration', () =>
        client().send(
          new PutBucketEncryptionCommand({
            Bucket: bucket,
            ExpectedBucketOwner: accountId,
            ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          }),
        ),
      );
    },
    async getObjectOwnership(bucket, accountId) {
      const out = await configOrNull('s3:GetBucketOwnershipControls', 'OwnershipControlsNotFoundError', () =>
        client().send(new GetBucketOwnershipControlsCommand({ Bucket: bucket, ExpectedBucketOwner: accountId })),
      );
      return out?.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? null;
    },
    async putObjectOwnershipEnforced(bucket, accountId) {
      await call('s3:PutBucketOwnershipControls', () =>
        client().send(
          new PutBucketOwnershipControlsCommand({
            Bucket: bucket,
            ExpectedBucketOwner: accountId,
            OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
          }),
        ),
      );
    },
    async getBucketPolicy(bucket, accountId) {
      const out = await configOrNull('s3:GetBucketPolicy', 'NoSuchBucketPolicy', () =>
        client().send(new GetBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: accountId })),
      );
      return out?.Policy ?? null;
    },
    async putBucketPolicy(bucket, accountId, policy) {
      await call('s3:PutBucketPolicy', () =>
        client().send(new PutBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: accountId, Policy: policy })),
      );
    },
    async getBucketTagging(bucket, accountId) {
      const out = await configOrNull('s3:GetBucketTagging', 'NoSuchTagSet', () =>
        client().send(new GetBucketTaggingCommand({ Bucket: bucket, ExpectedBucketOwner: accountId })),
      );
      return fromTags(out?.TagSet);
    },
    async putBucketTagging(bucket, accountId, tags) {
      await call('s3:PutBucketTagging', () =>
        client().send(new PutBucketTaggingCommand({ Bucket: bucket, ExpectedBucketOwner: accountId, Tagging: { TagSet: toTags(tags) } })),
      );
    },
  };
}
