// The bucket policy the alert's trail writes under: ours recognised however AWS returns
// it, other statements kept when ours are added.
import { describe, expect, it } from 'vitest';
import { bucketPolicyOk, mergeBucketPolicy, trailBucketStatements, TRAIL_POLICY_SIDS } from '../../src/steps/trail.js';

const ACCOUNT = '111122223333';

describe('trail bucket policy', () => {
  it('is recognised with one-element lists in place of strings, and not when a condition differs', () => {
    const ours = trailBucketStatements('aws', ACCOUNT);
    const listed = ours.map((s) => ({ ...s, Action: [s.Action].flat() }));
    expect(bucketPolicyOk(JSON.stringify({ Version: '2012-10-17', Statement: listed }), 'aws', ACCOUNT)).toBe(true);
    const loose = ours.map((s) => (s.Sid === 'MvspCloudTrailWrite' ? { ...s, Condition: {} } : s));
    expect(bucketPolicyOk(JSON.stringify({ Version: '2012-10-17', Statement: loose }), 'aws', ACCOUNT)).toBe(false);
    expect(bucketPolicyOk(null, 'aws', ACCOUNT)).toBe(false);
    expect(bucketPolicyOk('not json', 'aws', ACCOUNT)).toBe(false);
  });

  it('merging keeps every other statement and replaces ours by Sid', () => {
    const other = { Sid: 'Auditors', Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:GetObject', Resource: '*' };
    const stale = { Sid: 'MvspCloudTrailWrite', Effect: 'Allow' as const, Principal: '*', Action: 's3:*', Resource: '*' };
    const merged = mergeBucketPolicy(JSON.stringify({ Version: '2012-10-17', Statement: [other, stale] }), 'aws', ACCOUNT);
    expect(merged.Statement.map((s) => s.Sid)).toEqual(['Auditors', ...TRAIL_POLICY_SIDS]);
    expect(merged.Statement.find((s) => s.Sid === 'MvspCloudTrailWrite')?.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
    expect(bucketPolicyOk(JSON.stringify(merged), 'aws', ACCOUNT)).toBe(true);
  });
});
