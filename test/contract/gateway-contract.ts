// What every Gateway must do, as AWS does it. The SDK adapter runs this against moto, the
// sandbox runs it in memory. Where moto departs from AWS, the assertion lives in the
// moto-only file instead, so the sandbox never learns moto's quirks.
import { Secret, TOTP } from 'otpauth';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsError, type AwsErrorKind } from '../../src/aws/errors.js';
import type { Gateway, PolicyDocument } from '../../src/aws/port.js';

export interface GatewayContractSetup {
  gateway: () => Gateway;
  reset?: () => Promise<void>;
  /** Ways to make state the port itself cannot (it never creates access keys). */
  fixtures?: {
    createAccessKey?: (userName: string) => Promise<string>;
    /** iam:UploadSSHPublicKey, CreateServiceSpecificCredential (codecommit.amazonaws.com) or UploadSigningCertificate; Active; the new id */
    createUserCredential?: (userName: string, kind: 'ssh-public-key' | 'service-specific-credential' | 'signing-certificate') => Promise<string>;
    /** the recipient of an email subscription clicks the confirmation link (moto confirms at once: none needed) */
    confirmSubscription?: (topicArn: string, endpoint: string) => Promise<void>;
  };
}

const ADMIN_POLICY_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const TAGS = { 'mvsp-setup:created-by': 'mvsp-setup', 'mvsp-setup:created-at': '2026-11-24' };

const MFA_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyAllExceptListedIfNoMFA',
      Effect: 'Deny',
      NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'sts:GetSessionToken'],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

async function rejection(p: Promise<unknown>): Promise<AwsError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AwsError);
    return e as AwsError;
  }
  throw new Error('expected the call to fail');
}

async function expectAwsError(p: Promise<unknown>, kind: AwsErrorKind, action: string, code?: string): Promise<AwsError> {
  const e = await rejection(p);
  expect({ kind: e.kind, action: e.action }).toEqual({ kind, action });
  if (code !== undefined) expect(e.code).toBe(code);
  return e;
}

/** Two consecutive TOTP codes, as a person reads them off an authenticator app. */
function twoCodes(base32Seed: Uint8Array, now = Date.now()): [string, string] {
  const totp = new TOTP({ secret: Secret.fromBase32(new TextDecoder().decode(base32Seed)) });
  return [totp.generate({ timestamp: now - 30_000 }), totp.generate({ timestamp: now })];
}

export function describeGatewayContract(name: string, setup: () => GatewayContractSetup): void {
  describe(`Gateway contract: ${name}`, () => {
    const ctx = setup();
    let gw: Gateway;

    beforeEach(async () => {
      await ctx.reset?.();
      gw = ctx.gateway();
    });

    it('names the caller', async () => {
      const id = await gw.sts.getCallerIdentity();
      expect(id.accountId).toMatch(/^\d{12}$/);
      expect(id.arn).toMatch(/^arn:aws:(iam|sts)::\d{12}:/);
      expect(['root', 'user', 'role']).toContain(id.kind);
      expect(id.arn).toContain(id.accountId);
    });

    it("knows AWS's time after a call: here the same clock as this computer's, to a few seconds", async () => {
      await gw.sts.getCallerIdentity();
      const offset = gw.clock.offsetMs();
      expect(offset).not.toBeNull();
      expect(Math.abs(offset!)).toBeLessThan(5_000);
    });

    it('creates, finds, lists and tags users; a second create is AlreadyExists', async () => {
      expect(await gw.iam.getUser('alice')).toBeNull();
      const created = await gw.iam.createUser('alice', TAGS);
      const { accountId } = await gw.sts.getCallerIdentity();
      expect(created.name).toBe('alice');
      expect(created.arn).toBe(`arn:aws:iam::${accountId}:user/alice`);
      expect(created.createdAt).toBeInstanceOf(Date);

      const got = await gw.iam.getUser('alice');
      expect(got?.tags).toEqual(TAGS);
      expect(got?.passwordLastUsed).toBeUndefined();
      expect((await gw.iam.listUsers()).map((u) => u.name)).toEqual(['alice']);

      await gw.iam.tagUser('alice', { 'mvsp-setup:offboarded': '2026-12-01' });
      expect((await gw.iam.getUser('alice'))?.tags).toEqual({ ...TAGS, 'mvsp-setup:offboarded': '2026-12-01' });

      await expectAwsError(gw.iam.createUser('alice', {}), 'AlreadyExists', 'iam:CreateUser', 'EntityAlreadyExists');
    });

    it('manages groups, membership and group policies', async () => {
      expect(await gw.iam.getGroup('Administrators')).toBeNull();
      await gw.iam.createUser('alice', {});
      await gw.iam.createGroup('Administrators');
      expect(await gw.iam.listGroups()).toEqual(['Administrators']);
      await expectAwsError(gw.iam.createGroup('Administrators'), 'AlreadyExists', 'iam:CreateGroup');

      await gw.iam.addUserToGroup('Administrators', 'alice');
      const group = await gw.iam.getGroup('Administrators');
      expect(group?.members).toEqual(['alice']);
      expect(group?.arn).toMatch(/^arn:aws:iam::\d{12}:group\/Administrators$/);
      expect(await gw.iam.listGroupsForUser('alice')).toEqual(['Administrators']);

      await gw.iam.attachGroupPolicy('Administrators', ADMIN_POLICY_ARN);
      expect(await gw.iam.listAttachedGroupPolicies('Administrators')).toEqual([
        { name: 'AdministratorAccess', arn: ADMIN_POLICY_ARN },
      ]);

      await gw.iam.removeUserFromGroup('Administrators', 'alice');
      expect((await gw.iam.getGroup('Administrators'))?.members).toEqual([]);
      expect(await gw.iam.listGroupsForUser('alice')).toEqual([]);
      await expectAwsError(gw.iam.addUserToGroup('Nobody', 'alice'), 'NotFound', 'iam:AddUserToGroup');
    });

    it('has no policies on a new user', async () => {
      await gw.iam.createUser('alice', {});
      expect(await gw.iam.listAttachedUserPolicies('alice')).toEqual([]);
      expect(await gw.iam.listUserPolicies('alice')).toEqual([]);
      await expectAwsError(gw.iam.listAttachedUserPolicies('nobody'), 'NotFound', 'iam:ListAttachedUserPolicies');
      await expectAwsError(gw.iam.detachUserPolicy('alice', ADMIN_POLICY_ARN), 'NotFound', 'iam:DetachUserPolicy');
    });

    it('writes an inline user policy, reads its document back and replaces it under the same name', async () => {
      await gw.iam.createUser('alice', {});
      const deny = (at: string): PolicyDocument => ({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': at } } }],
      });
      expect(await gw.iam.getUserPolicy('alice', 'revoke')).toBeNull();
      await gw.iam.putUserPolicy('alice', 'revoke', deny('2026-01-01T00:00:00.000Z'));
      expect(await gw.iam.listUserPolicies('alice')).toEqual(['revoke']);
      expect(await gw.iam.getUserPolicy('alice', 'revoke')).toEqual(deny('2026-01-01T00:00:00.000Z'));
      await gw.iam.putUserPolicy('alice', 'revoke', deny('2026-02-01T00:00:00.000Z'));
      expect(await gw.iam.listUserPolicies('alice')).toEqual(['revoke']);
      expect(await gw.iam.getUserPolicy('alice', 'revoke')).toEqual(deny('2026-02-01T00:00:00.000Z'));
      expect(await gw.iam.getUserPolicy('nobody', 'revoke')).toBeNull();
      await expectAwsError(gw.iam.putUserPolicy('nobody', 'revoke', deny('2026-01-01T00:00:00.000Z')), 'NotFound', 'iam:PutUserPolicy');
    });

    it('creates a customer managed policy and reads back its document and tags', async () => {
      const { accountId } = await gw.sts.getCallerIdentity();
      const created = await gw.iam.createPolicy({
        name: 'ForceMFA',
        description: 'Deny everything but MFA self-management until MFA is present',
        document: MFA_POLICY,
        tags: TAGS,
      });
      expect(created).toEqual({ name: 'ForceMFA', arn: `arn:aws:iam::${accountId}:policy/ForceMFA` });

      const policy = await gw.iam.getPolicy(created.arn);
      expect(policy).toEqual({ name: 'ForceMFA', arn: created.arn, defaultVersionId: 'v1', document: MFA_POLICY, tags: TAGS });

      await expectAwsError(
        gw.iam.createPolicy({ name: 'ForceMFA', description: '', document: MFA_POLICY, tags: {} }),
        'AlreadyExists',
        'iam:CreatePolicy',
      );
      expect(await gw.iam.getPolicy(`arn:aws:iam::${accountId}:policy/Nope`)).toBeNull();
    });

    it('reads users, groups and customer managed policies in one authorization-details read', async () => {
      const { accountId } = await gw.sts.getCallerIdentity();
      await gw.iam.createUser('alice', {});
      await gw.iam.createUser('bob', {});
      await gw.iam.createGroup('Administrators');
      await gw.iam.attachGroupPolicy('Administrators', ADMIN_POLICY_ARN);
      await gw.iam.addUserToGroup('Administrators', 'alice');
      const created = await gw.iam.createPolicy({ name: 'ForceMFA', description: 'mfa', document: MFA_POLICY, tags: {} });
      await gw.iam.attachGroupPolicy('Administrators', created.arn);

      const details = await gw.iam.getAccountAuthorizationDetails();
      const byName = Object.fromEntries(details.users.map((u) => [u.name, u]));
      expect(byName.alice).toEqual({ name: 'alice', arn: `arn:aws:iam::${accountId}:user/alice`, inlinePolicies: [], attachedPolicies: [], groups: ['Administrators'] });
      expect(byName.bob?.groups).toEqual([]);
      const group = details.groups.find((g) => g.name === 'Administrators');
      expect(group?.attachedPolicies.map((p) => p.arn).sort()).toEqual([ADMIN_POLICY_ARN, created.arn].sort());
      // customer managed only, with the default version's document
      expect(details.policies).toEqual([{ name: 'ForceMFA', arn: created.arn, defaultVersionId: 'v1', document: MFA_POLICY }]);
      // roles come with their trust policy, parsed; none of a new account's trusts this account
      expect(Array.isArray(details.roles)).toBe(true);
      for (const role of details.roles) {
        expect(role.arn.startsWith(`arn:aws:iam::${accountId}:role/`)).toBe(true);
        expect(Array.isArray(role.trustPolicy.Statement)).toBe(true);
        expect(JSON.stringify(role.trustPolicy)).not.toContain(accountId);
      }
    });

    it('reads the AWS managed AdministratorAccess policy', async () => {
      const policy = await gw.iam.getPolicy(ADMIN_POLICY_ARN);
      expect(policy?.name).toBe('AdministratorAccess');
      expect(policy?.document.Statement).toEqual([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    });

    it('creates, reads and deletes a login profile', async () => {
      await gw.iam.createUser('alice', {});
      expect(await gw.iam.getLoginProfile('alice')).toBeNull();
      await gw.iam.createLoginProfile('alice', 'Correct-Horse-Battery-Staple-42', true);
      const profile = await gw.iam.getLoginProfile('alice');
      expect(profile?.userName).toBe('alice');
      expect(profile?.createdAt).toBeInstanceOf(Date);
      await expectAwsError(
        gw.iam.createLoginProfile('alice', 'Correct-Horse-Battery-Staple-43', true),
        'AlreadyExists',
        'iam:CreateLoginProfile',
      );
      await gw.iam.deleteLoginProfile('alice');
      expect(await gw.iam.getLoginProfile('alice')).toBeNull();
      await expectAwsError(gw.iam.deleteLoginProfile('alice'), 'NotFound', 'iam:DeleteLoginProfile');
    });

    it('updates a login profile that exists, and says NotFound for one that does not', async () => {
      await gw.iam.createUser('alice', {});
      await expectAwsError(gw.iam.updateLoginProfile('alice', 'Correct-Horse-Battery-Staple-44', true), 'NotFound', 'iam:UpdateLoginProfile');
      await gw.iam.createLoginProfile('alice', 'Correct-Horse-Battery-Staple-42', true);
      await gw.iam.updateLoginProfile('alice', 'Correct-Horse-Battery-Staple-45', true);
      expect((await gw.iam.getLoginProfile('alice'))?.userName).toBe('alice');
    });

    it('has no password policy until one is set, then reads it back', async () => {
      expect(await gw.iam.getPasswordPolicy()).toBeNull();
      const baseline = {
        minimumPasswordLength: 14,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
        allowUsersToChangePassword: true,
        passwordReusePrevention: 24,
      };
      await gw.iam.updatePasswordPolicy(baseline);
      const got = await gw.iam.getPasswordPolicy();
      expect(got).toMatchObject(baseline);
      expect(got?.maxPasswordAge).toBeUndefined();
    });

    it('sets the account alias', async () => {
      expect(await gw.iam.listAccountAliases()).toEqual([]);
      await gw.iam.createAccountAlias('acme-production');
      expect(await gw.iam.listAccountAliases()).toEqual(['acme-production']);
    });

    it('enrols a virtual MFA device and takes it away again', async () => {
      await gw.iam.createUser('alice', {});
      const device = await gw.iam.createVirtualMfaDevice('alice', TAGS);
      expect(device.serial).toMatch(/^arn:aws:iam::\d{12}:mfa\/alice$/);
      const seedText = new TextDecoder().decode(device.base32Seed);
      expect(seedText).toMatch(/^[A-Z2-7]{32,}=*$/);
      await expectAwsError(gw.iam.createVirtualMfaDevice('alice', {}), 'AlreadyExists', 'iam:CreateVirtualMFADevice');

      const unassigned = await gw.iam.listVirtualMfaDevices('Unassigned');
      expect(unassigned.map((d) => d.serial)).toContain(device.serial);
      expect(unassigned.find((d) => d.serial === device.serial)?.userName).toBeUndefined();

      const [code1, code2] = twoCodes(device.base32Seed);
      await gw.iam.enableMfaDevice('alice', device.serial, code1, code2);

      const mine = await gw.iam.listMfaDevices('alice');
      expect(mine.map((d) => ({ serial: d.serial, userName: d.userName }))).toEqual([{ serial: device.serial, userName: 'alice' }]);
      expect(mine[0]?.enabledAt).toBeInstanceOf(Date);
      const assigned = await gw.iam.listVirtualMfaDevices('Assigned');
      const entry = assigned.find((d) => d.serial === device.serial);
      expect(entry?.userName).toBe('alice');
      expect(entry?.enabledAt).toBeInstanceOf(Date);
      expect((await gw.iam.listVirtualMfaDevices('Unassigned')).map((d) => d.serial)).not.toContain(device.serial);

      await gw.iam.deactivateMfaDevice('alice', device.serial);
      expect(await gw.iam.listMfaDevices('alice')).toEqual([]);
      await gw.iam.deleteVirtualMfaDevice(device.serial);
      expect((await gw.iam.listVirtualMfaDevices('Any')).map((d) => d.serial)).not.toContain(device.serial);
      await expectAwsError(gw.iam.deleteVirtualMfaDevice(device.serial), 'NotFound', 'iam:DeleteVirtualMFADevice');
    });

    it('lists, deactivates and deletes access keys', async (t) => {
      await gw.iam.createUser('alice', {});
      expect(await gw.iam.listAccessKeys('alice')).toEqual([]);
      await expectAwsError(gw.iam.deleteAccessKey('alice', 'AKIAIOSFODNN7NOTHERE'), 'NotFound', 'iam:DeleteAccessKey');

      const createAccessKey = ctx.fixtures?.createAccessKey;
      if (!createAccessKey) return t.skip();
      const keyId = await createAccessKey('alice');
      const keys = await gw.iam.listAccessKeys('alice');
      expect(keys.map((k) => ({ id: k.id, userName: k.userName, status: k.status }))).toEqual([
        { id: keyId, userName: 'alice', status: 'Active' },
      ]);
      await gw.iam.updateAccessKey('alice', keyId, 'Inactive');
      expect((await gw.iam.listAccessKeys('alice'))[0]?.status).toBe('Inactive');
      await gw.iam.deleteAccessKey('alice', keyId);
      expect(await gw.iam.listAccessKeys('alice')).toEqual([]);
    });

    it('lists and deactivates SSH public keys, service-specific credentials and signing certificates', async (t) => {
      await gw.iam.createUser('alice', {});
      expect(await gw.iam.listSshPublicKeys('alice')).toEqual([]);
      expect(await gw.iam.listServiceSpecificCredentials('alice')).toEqual([]);
      expect(await gw.iam.listSigningCertificates('alice')).toEqual([]);
      await expectAwsError(gw.iam.listSshPublicKeys('nobody'), 'NotFound', 'iam:ListSSHPublicKeys');
      await expectAwsError(gw.iam.updateSshPublicKey('alice', 'APKAEIBAERJR2EXAMPLE', 'Inactive'), 'NotFound', 'iam:UpdateSSHPublicKey');
      await expectAwsError(gw.iam.updateServiceSpecificCredential('alice', 'ACCAEXAMPLE123EXAMPLE', 'Inactive'), 'NotFound', 'iam:UpdateServiceSpecificCredential');
      await expectAwsError(gw.iam.updateSigningCertificate('alice', 'TA7SMP42TDN5Z26OBPJE7EXAMPLE', 'Inactive'), 'NotFound', 'iam:UpdateSigningCertificate');

      const create = ctx.fixtures?.createUserCredential;
      if (!create) return t.skip();
      const ssh = await create('alice', 'ssh-public-key');
      const git = await create('alice', 'service-specific-credential');
      const cert = await create('alice', 'signing-certificate');
      const read = async () => [
        ...(await gw.iam.listSshPublicKeys('alice')).map((k) => [k.id, k.userName, k.status]),
        ...(await gw.iam.listServiceSpecificCredentials('alice')).map((k) => [k.id, k.userName, k.serviceName, k.status]),
        ...(await gw.iam.listSigningCertificates('alice')).map((k) => [k.id, k.userName, k.status]),
      ];
      expect(await read()).toEqual([
        [ssh, 'alice', 'Active'],
        [git, 'alice', 'codecommit.amazonaws.com', 'Active'],
        [cert, 'alice', 'Active'],
      ]);
      await gw.iam.updateSshPublicKey('alice', ssh, 'Inactive');
      await gw.iam.updateServiceSpecificCredential('alice', git, 'Inactive');
      await gw.iam.updateSigningCertificate('alice', cert, 'Inactive');
      expect(await read()).toEqual([
        [ssh, 'alice', 'Inactive'],
        [git, 'alice', 'codecommit.amazonaws.com', 'Inactive'],
        [cert, 'alice', 'Inactive'],
      ]);
    });

    it('summarises the account', async () => {
      const before = await gw.iam.getAccountSummary();
      expect(before).toHaveProperty('AccountMFAEnabled');
      expect(before).toHaveProperty('AccountAccessKeysPresent');
      expect(before.Users).toBe(0);
      await gw.iam.createUser('alice', {});
      expect((await gw.iam.getAccountSummary()).Users).toBe(1);
    });

    it('generates the credential report, then reads it as CSV', async () => {
      await expectAwsError(gw.iam.getCredentialReport(), 'InvalidInput', 'iam:GetCredentialReport', 'ReportNotPresent');
      await gw.iam.createUser('alice', {});
      let state = await gw.iam.generateCredentialReport();
      expect(['STARTED', 'INPROGRESS', 'COMPLETE']).toContain(state);
      for (let i = 0; state !== 'COMPLETE' && i < 50; i++) {
        await new Promise((r) => setTimeout(r, 200));
        state = await gw.iam.generateCredentialReport();
      }
      expect(state).toBe('COMPLETE');

      const report = await gw.iam.getCredentialReport();
      expect(report.generatedAt).toBeInstanceOf(Date);
      const [header, ...rows] = report.content.trim().split('\n');
      expect(header?.split(',').slice(0, 8)).toEqual([
        'user',
        'arn',
        'user_creation_time',
        'password_enabled',
        'password_last_used',
        'password_last_changed',
        'password_next_rotation',
        'mfa_active',
      ]);
      expect(header).toContain('access_key_1_active');
      expect(rows.some((r) => r.startsWith('alice,'))).toBe(true);
    });

    it('reads and writes alternate contacts', async () => {
      expect(await gw.account.getAlternateContact('SECURITY')).toBeNull();
      const security = { name: 'Security team', title: 'Security', email: 'security@acme.com', phone: '+14155550100' };
      await gw.account.putAlternateContact('SECURITY', security);
      expect(await gw.account.getAlternateContact('SECURITY')).toEqual(security);
      expect(await gw.account.getAlternateContact('BILLING')).toBeNull();

      const replaced = { ...security, email: 'sec@acme.com' };
      await gw.account.putAlternateContact('SECURITY', replaced);
      expect(await gw.account.getAlternateContact('SECURITY')).toEqual(replaced);
    });

    it('cannot read the primary email of a standalone account', async () => {
      const { accountId } = await gw.sts.getCallerIdentity();
      const e = await rejection(gw.account.getPrimaryEmail(accountId));
      expect(['Unsupported', 'AccessDenied']).toContain(e.kind);
      expect(e.action).toBe('account:GetPrimaryEmail');
    });

    it('puts an EventBridge rule with an SNS target', async () => {
      expect(await gw.events.listRules()).toEqual([]);
      const pattern = JSON.stringify({
        'detail-type': ['AWS Console Sign In via CloudTrail'],
        detail: { userIdentity: { type: ['Root'] } },
      });
      const arn = await gw.events.putRule({ name: 'mvsp-root-sign-in', eventPattern: pattern, description: 'Root signed in', tags: TAGS });
      expect(arn).toMatch(/^arn:aws:events:us-east-1:\d{12}:rule\/mvsp-root-sign-in$/);
      // PutRule on an existing name updates it in place.
      expect(await gw.events.putRule({ name: 'mvsp-root-sign-in', eventPattern: pattern, description: 'Root signed in', tags: TAGS })).toBe(arn);

      const rules = await gw.events.listRules();
      expect(rules).toHaveLength(1);
      expect(rules[0]).toMatchObject({ name: 'mvsp-root-sign-in', arn, state: 'ENABLED', description: 'Root signed in' });
      expect(JSON.parse(rules[0]?.eventPattern ?? 'null')).toEqual(JSON.parse(pattern));

      const topicArn = await gw.sns.createTopic('mvsp-root-sign-in', TAGS);
      expect(await gw.events.listTargetsByRule('mvsp-root-sign-in')).toEqual([]);
      await gw.events.putTargets('mvsp-root-sign-in', [{ id: 'email', arn: topicArn }]);
      expect(await gw.events.listTargetsByRule('mvsp-root-sign-in')).toEqual([{ id: 'email', arn: topicArn }]);
      await expectAwsError(gw.events.listTargetsByRule('nope'), 'NotFound', 'events:ListTargetsByRule');
    });

    it('keeps what a rule target sends instead of the event: Input, InputPath, InputTransformer', async () => {
      const pattern = JSON.stringify({ source: ['aws.signin'] });
      await gw.events.putRule({ name: 'shaped', eventPattern: pattern, description: 'Shaped input', tags: TAGS });
      const topicArn = await gw.sns.createTopic('shaped-alerts', TAGS);
      const transformer = { inputPathsMap: { t: '$.time' }, inputTemplate: '"Root signed in at <t>"' };
      await gw.events.putTargets('shaped', [
        { id: 'constant', arn: topicArn, input: '{"alarm":"root"}' },
        { id: 'detail', arn: topicArn, inputPath: '$.detail' },
        { id: 'text', arn: topicArn, inputTransformer: transformer },
        { id: 'plain', arn: topicArn },
      ]);
      const byId = Object.fromEntries((await gw.events.listTargetsByRule('shaped')).map((t) => [t.id, t]));
      expect(byId.constant).toEqual({ id: 'constant', arn: topicArn, input: '{"alarm":"root"}' });
      expect(byId.detail).toEqual({ id: 'detail', arn: topicArn, inputPath: '$.detail' });
      expect(byId.text).toEqual({ id: 'text', arn: topicArn, inputTransformer: transformer });
      expect(byId.plain).toEqual({ id: 'plain', arn: topicArn });
    });

    it('creates an SNS topic idempotently and subscribes an email address', async () => {
      const arn = await gw.sns.createTopic('mvsp-alerts', TAGS);
      expect(arn).toMatch(/^arn:aws:sns:us-east-1:\d{12}:mvsp-alerts$/);
      expect(await gw.sns.createTopic('mvsp-alerts', TAGS)).toBe(arn);
      expect(await gw.sns.listTopics()).toEqual([arn]);

      const attrs = await gw.sns.getTopicAttributes(arn);
      expect(attrs.TopicArn).toBe(arn);
      await gw.sns.setTopicAttribute(arn, 'DisplayName', 'AWS root sign-in');
      expect((await gw.sns.getTopicAttributes(arn)).DisplayName).toBe('AWS root sign-in');

      expect(await gw.sns.listSubscriptionsByTopic(arn)).toEqual([]);
      await gw.sns.subscribe(arn, 'email', 'security@acme.com');
      const subs = await gw.sns.listSubscriptionsByTopic(arn);
      expect(subs.map((s) => ({ protocol: s.protocol, endpoint: s.endpoint }))).toEqual([
        { protocol: 'email', endpoint: 'security@acme.com' },
      ]);

      await expectAwsError(
        gw.sns.getTopicAttributes(arn.replace(/mvsp-alerts$/, 'nope')),
        'NotFound',
        'sns:GetTopicAttributes',
        'NotFound',
      );
      // verify tells a deleted topic from an unreadable one by this
      await expectAwsError(gw.sns.listSubscriptionsByTopic(arn.replace(/mvsp-alerts$/, 'nope')), 'NotFound', 'sns:ListSubscriptionsByTopic', 'NotFound');
    });

    it('reads the attributes of a confirmed subscription: no filter policy on a new one; NotFound for another ARN', async () => {
      const arn = await gw.sns.createTopic('mvsp-alerts', TAGS);
      await gw.sns.subscribe(arn, 'email', 'security@acme.com');
      await ctx.fixtures?.confirmSubscription?.(arn, 'security@acme.com');
      const [sub] = await gw.sns.listSubscriptionsByTopic(arn);
      expect(sub?.pending).toBe(false);
      const attributes = await gw.sns.getSubscriptionAttributes(sub!.arn);
      expect(attributes).toMatchObject({ SubscriptionArn: sub!.arn, TopicArn: arn, Protocol: 'email', Endpoint: 'security@acme.com', PendingConfirmation: 'false' });
      expect(attributes.FilterPolicy).toBeUndefined();
      await expectAwsError(gw.sns.getSubscriptionAttributes(`${arn}:00000000-0000-4000-a000-000000000000`), 'NotFound', 'sns:GetSubscriptionAttributes', 'NotFound');
    });

    it('finds no trails in an empty account', async () => {
      expect(await gw.cloudtrail.describeTrails()).toEqual([]);
    });

    it('makes a bucket for trail logs and sets what the trail needs on it', async () => {
      const { accountId } = await gw.sts.getCallerIdentity();
      const bucket = `mvsp-contract-${accountId}`;
      expect(await gw.s3.bucketExists(bucket, accountId)).toBe(false);
      await gw.s3.createBucket(bucket, 'us-east-1');
      expect(await gw.s3.bucketExists(bucket, accountId)).toBe(true);
      // created with ObjectOwnership BucketOwnerEnforced
      expect(await gw.s3.getObjectOwnership(bucket, accountId)).toBe('BucketOwnerEnforced');

      const block = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
      await gw.s3.putPublicAccessBlock(bucket, accountId, block);
      expect(await gw.s3.getPublicAccessBlock(bucket, accountId)).toEqual(block);
      await gw.s3.putBucketEncryptionS3(bucket, accountId);
      expect(await gw.s3.getBucketEncryption(bucket, accountId)).toEqual(['AES256']);
      await gw.s3.putObjectOwnershipEnforced(bucket, accountId);
      expect(await gw.s3.getObjectOwnership(bucket, accountId)).toBe('BucketOwnerEnforced');

      expect(await gw.s3.getBucketPolicy(bucket, accountId)).toBeNull();
      const policy = {
        Version: '2012-10-17',
        Statement: [{ Sid: 'T', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucket}` }],
      };
      await gw.s3.putBucketPolicy(bucket, accountId, JSON.stringify(policy));
      expect(JSON.parse((await gw.s3.getBucketPolicy(bucket, accountId)) ?? 'null')).toEqual(policy);
      expect(await gw.s3.getBucketTagging(bucket, accountId)).toEqual({});
      await gw.s3.putBucketTagging(bucket, accountId, TAGS);
      expect(await gw.s3.getBucketTagging(bucket, accountId)).toEqual(TAGS);
      await expectAwsError(gw.s3.getBucketPolicy('mvsp-contract-no-such-bucket', accountId), 'NotFound', 's3:GetBucketPolicy');
    });

    it('creates a trail that logs only after StartLogging', async () => {
      const { accountId } = await gw.sts.getCallerIdentity();
      const bucket = `mvsp-contract-trail-${accountId}`;
      await gw.s3.createBucket(bucket, 'us-east-1');
      const policy = {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Acl', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucket}` },
          { Sid: 'Write', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/AWSLogs/${accountId}/*` },
        ],
      };
      await gw.s3.putBucketPolicy(bucket, accountId, JSON.stringify(policy));
      const input = { name: 'contract-trail', region: 'us-east-1', s3BucketName: bucket, tags: TAGS };
      const arn = await gw.cloudtrail.createTrail(input);
      expect(arn).toBe(`arn:aws:cloudtrail:us-east-1:${accountId}:trail/contract-trail`);
      const ref = { arn, homeRegion: 'us-east-1' };
      expect(await gw.cloudtrail.describeTrails()).toEqual([
        expect.objectContaining({ name: 'contract-trail', arn, homeRegion: 'us-east-1', isMultiRegion: true, isLogging: false }),
      ]);
      await gw.cloudtrail.putManagementEventSelectors(ref);
      await gw.cloudtrail.startLogging(ref);
      expect(await gw.cloudtrail.describeTrails()).toEqual([
        { name: 'contract-trail', arn, homeRegion: 'us-east-1', isMultiRegion: true, includeGlobalServiceEvents: true, isLogging: true, logsManagementEvents: true, s3BucketName: bucket },
      ]);
      await expectAwsError(gw.cloudtrail.startLogging({ arn: arn.replace(/contract-trail$/, 'nope'), homeRegion: 'us-east-1' }), 'NotFound', 'cloudtrail:StartLogging');
    });

    // (AWS fails ListAccounts the same way; moto answers it with an empty list, so only
    // DescribeOrganization, which verify --org reads first, is in the contract)
    it('an account in no organization: DescribeOrganization is NotFound (AWSOrganizationsNotInUseException)', async () => {
      await expectAwsError(gw.organizations.describeOrganization(), 'NotFound', 'organizations:DescribeOrganization', 'AWSOrganizationsNotInUseException');
    });
  });
}
