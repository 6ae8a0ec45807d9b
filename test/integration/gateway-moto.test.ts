// The SDK adapter against moto over HTTP: the shared contract, plus what is true only of
// moto (each such case says how AWS differs) and the error paths moto can produce.
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/aws/errors.js';
import { parseCallerArn } from '../../src/aws/port.js';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { describeGatewayContract } from '../contract/gateway-contract.js';
import { MOTO_ACCOUNT_ID, motoUrl, resetAuth, useMoto } from '../helpers/moto.js';
import { createUserCredential } from '../helpers/iam-user.js';

useMoto();

const iamClient = () => new IAMClient({ region: 'us-east-1' });

describeGatewayContract('SDK adapter on moto', () => ({
  gateway: () => createSdkGateway({}),
  fixtures: {
    async createAccessKey(userName) {
      const out = await iamClient().send(new CreateAccessKeyCommand({ UserName: userName }));
      return out.AccessKey?.AccessKeyId ?? '';
    },
    // service-specific credentials: an extension of moto in test/helpers/moto-server.py
    createUserCredential: (userName, kind) => createUserCredential(iamClient(), userName, kind),
  },
}));

async function failure(p: Promise<unknown>): Promise<AwsError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AwsError);
  return e as AwsError;
}

describe('SDK adapter on moto: moto-specific facts', () => {
  it('identifies the caller as moto’s fixed IAM user', async () => {
    expect(await createSdkGateway({}).sts.getCallerIdentity()).toEqual({
      accountId: MOTO_ACCOUNT_ID,
      arn: `arn:aws:sts::${MOTO_ACCOUNT_ID}:user/moto`,
      kind: 'user',
      name: 'moto',
    });
    expect(parseCallerArn(`arn:aws:sts::${MOTO_ACCOUNT_ID}:user/moto`)).toEqual({ kind: 'user', name: 'moto' });
  });

  it('answers GetPrimaryEmail with an HTML 404, which maps to Unsupported', async () => {
    const e = await failure(createSdkGateway({}).account.getPrimaryEmail(MOTO_ACCOUNT_ID));
    expect({ kind: e.kind, action: e.action }).toEqual({ kind: 'Unsupported', action: 'account:GetPrimaryEmail' });
  });

  // AWS: AccountMFAEnabled is 1 once root has MFA; moto has no root user, so always 0.
  it('reports no root MFA and no root keys in the summary', async () => {
    const summary = await createSdkGateway({}).iam.getAccountSummary();
    expect(summary.AccountMFAEnabled).toBe(0);
    expect(summary.AccountAccessKeysPresent).toBe(0);
  });

  // AWS lists a new email subscription as PendingConfirmation until the recipient clicks
  // the link; moto confirms it at once and returns a real subscription ARN.
  it('confirms email subscriptions at once', async () => {
    const gw = createSdkGateway({});
    const arn = await gw.sns.createTopic('alerts', {});
    await gw.sns.subscribe(arn, 'email', 'security@acme.com');
    const [sub] = await gw.sns.listSubscriptionsByTopic(arn);
    expect(sub?.pending).toBe(false);
    expect(sub?.arn).toMatch(new RegExp(`^${arn}:`));
  });

  // AWS refuses CreateTopic for an existing name with different tags (InvalidParameter,
  // "Topic already exists with different tags"); moto returns the existing topic.
  it('returns the existing topic even when the tags differ', async () => {
    const gw = createSdkGateway({});
    const arn = await gw.sns.createTopic('alerts', { day: '1' });
    expect(await gw.sns.createTopic('alerts', { day: '2' })).toBe(arn);
  });

  // AWS: CreateLoginProfile enforces the password policy and keeps PasswordResetRequired.
  it('ignores the password policy and PasswordResetRequired on login profiles', async () => {
    const gw = createSdkGateway({});
    await gw.iam.createUser('alice', {});
    await gw.iam.updatePasswordPolicy({
      minimumPasswordLength: 14,
      requireSymbols: true,
      requireNumbers: true,
      requireUppercaseCharacters: true,
      requireLowercaseCharacters: true,
      allowUsersToChangePassword: true,
    });
    await gw.iam.createLoginProfile('alice', 'short', true);
    expect((await gw.iam.getLoginProfile('alice'))?.passwordResetRequired).toBe(false);
  });

  // AWS: ListAccessKeys without a user name lists the caller's own keys (root's, for
  // root). moto's caller "moto" is not an IAM user it knows, so the call fails.
  it('cannot list the caller’s own access keys', async () => {
    const e = await failure(createSdkGateway({}).iam.listAccessKeys());
    expect({ kind: e.kind, action: e.action }).toEqual({ kind: 'NotFound', action: 'iam:ListAccessKeys' });
  });

  // AWS rejects codes that do not match the seed (InvalidAuthenticationCode); moto accepts any.
  it('accepts any MFA codes', async () => {
    const gw = createSdkGateway({});
    await gw.iam.createUser('alice', {});
    const device = await gw.iam.createVirtualMfaDevice('alice', {});
    await gw.iam.enableMfaDevice('alice', device.serial, '000000', '000000');
    expect(await gw.iam.listMfaDevices('alice')).toHaveLength(1);
  });
});

describe('SDK adapter on moto: trails', () => {
  // moto's CreateTrail wants an existing S3 bucket; moto routes by the SigV4 credential
  // scope and does not check signatures until reset-auth, so a bare PUT makes one.
  async function createBucket(name: string): Promise<void> {
    const r = await fetch(`${motoUrl()}/${name}`, {
      method: 'PUT',
      headers: {
        Authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0',
      },
    });
    expect(r.ok).toBe(true);
  }

  it('reports logging and management events for classic and advanced selectors', async () => {
    await createBucket('trail-logs');
    const ct = new CloudTrailClient({ region: 'us-east-1' });
    await ct.send(new CreateTrailCommand({ Name: 'classic', S3BucketName: 'trail-logs', IsMultiRegionTrail: true }));
    await ct.send(new StartLoggingCommand({ Name: 'classic' }));
    // AWS gives a new trail the selector below by default; moto gives it none.
    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: 'classic',
        EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
      }),
    );
    await ct.send(new CreateTrailCommand({ Name: 'reads', S3BucketName: 'trail-logs' }));
    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: 'reads',
        EventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }],
      }),
    );
    await ct.send(new CreateTrailCommand({ Name: 'advanced', S3BucketName: 'trail-logs' }));
    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: 'advanced',
        AdvancedEventSelectors: [{ Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
      }),
    );

    const trails = await createSdkGateway({}).cloudtrail.describeTrails();
    const byName = Object.fromEntries(trails.map((t) => [t.name, t]));
    expect(byName.classic).toEqual({
      name: 'classic',
      arn: `arn:aws:cloudtrail:us-east-1:${MOTO_ACCOUNT_ID}:trail/classic`,
      homeRegion: 'us-east-1',
      isMultiRegion: true,
      includeGlobalServiceEvents: true,
      isLogging: true,
      logsManagementEvents: true,
      s3BucketName: 'trail-logs',
    });
    expect(byName.reads).toMatchObject({ isLogging: false, isMultiRegion: false, logsManagementEvents: false });
    expect(byName.advanced).toMatchObject({ logsManagementEvents: true });
  });

  it('shows a multi-region trail homed in another region', async () => {
    await createBucket('eu-logs');
    const ct = new CloudTrailClient({ region: 'eu-west-1' });
    await ct.send(new CreateTrailCommand({ Name: 'org', S3BucketName: 'eu-logs', IsMultiRegionTrail: true }));
    const trails = await createSdkGateway({}).cloudtrail.describeTrails();
    expect(trails.map((t) => ({ name: t.name, homeRegion: t.homeRegion, isMultiRegion: t.isMultiRegion }))).toEqual([
      { name: 'org', homeRegion: 'eu-west-1', isMultiRegion: true },
    ]);
  });
});

describe('SDK adapter on moto: errors', () => {
  it('names the denied action when IAM enforcement refuses a call', async () => {
    const iam = iamClient();
    // Three unchecked set-up calls, then every call is checked against the user's policy.
    await resetAuth(3);
    await createSdkGateway({}).iam.createUser('limited', {});
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'limited',
        PolicyName: 'only-get-user',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['iam:GetUser', 'sts:GetCallerIdentity'], Resource: '*' }],
        }),
      }),
    );
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'limited' }));
    process.env.AWS_ACCESS_KEY_ID = key.AccessKey?.AccessKeyId ?? '';
    process.env.AWS_SECRET_ACCESS_KEY = key.AccessKey?.SecretAccessKey ?? '';

    const gw = createSdkGateway({});
    expect((await gw.iam.getUser('limited'))?.name).toBe('limited');
    const e = await failure(gw.iam.listUsers());
    expect({ kind: e.kind, action: e.action, code: e.code }).toEqual({
      kind: 'AccessDenied',
      action: 'iam:ListUsers',
      code: 'AccessDenied',
    });
    expect(e.message).toContain('user/limited');
  });

  it('says the credentials are invalid when moto does not know the key', async () => {
    await resetAuth(0);
    const e = await failure(createSdkGateway({}).iam.listUsers());
    expect({ kind: e.kind, action: e.action, code: e.code }).toEqual({
      kind: 'NoCredentials',
      action: 'iam:ListUsers',
      code: 'InvalidClientTokenId',
    });
    expect(e.message).toMatch(/invalid/i);
  });

  it('maps a refused connection to Network', async () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    try {
      const e = await failure(createSdkGateway({}).sts.getCallerIdentity());
      expect({ kind: e.kind, action: e.action }).toEqual({ kind: 'Network', action: 'sts:GetCallerIdentity' });
    } finally {
      process.env.AWS_ENDPOINT_URL = saved;
    }
  });

  it('maps a missing credential report to InvalidInput with AWS’s code', async () => {
    const e = await failure(createSdkGateway({}).iam.getCredentialReport());
    expect({ kind: e.kind, code: e.code }).toEqual({ kind: 'InvalidInput', code: 'ReportNotPresent' });
  });
});
