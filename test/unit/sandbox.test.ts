import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { HOTP, Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { AwsError, type AwsErrorKind } from '../../src/aws/errors.js';
import type { PasswordPolicy } from '../../src/aws/port.js';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const BASELINE: PasswordPolicy = {
  minimumPasswordLength: 14,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  allowUsersToChangePassword: true,
  passwordReusePrevention: 24,
};

/** A clock the test moves by hand. */
function clock(start = NOW) {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

/** Deterministic bytes: 1, 2, 3, … */
function counting(): (n: number) => Uint8Array {
  let next = 0;
  return (n) => Uint8Array.from({ length: n }, () => ++next % 256);
}

function sandbox(c = clock()) {
  return createSandboxGateway({ now: c.now, random: counting() });
}

async function rejection(p: Promise<unknown>): Promise<AwsError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof AwsError)) throw new Error(`expected an AwsError, got ${String(e)}`);
  return e;
}

async function expectError(p: Promise<unknown>, kind: AwsErrorKind, action: string, code: string): Promise<void> {
  const e = await rejection(p);
  expect({ kind: e.kind, action: e.action, code: e.code }).toEqual({ kind, action, code });
}

const codeAt = (seed: Uint8Array, at: Date, steps = 0) =>
  HOTP.generate({
    secret: Secret.fromBase32(new TextDecoder().decode(seed)),
    counter: TOTP.counter({ timestamp: at.getTime() }) + steps,
  });

describe('sandbox: a brand-new account', () => {
  it('is root from CloudShell with nothing set up', async () => {
    const gw = sandbox();
    expect(gw.kind).toBe('sandbox');
    expect(await gw.sts.getCallerIdentity()).toEqual({
      accountId: '111122223333',
      arn: 'arn:aws:iam::111122223333:root',
      kind: 'root',
      name: null,
    });
    const summary = await gw.iam.getAccountSummary();
    expect(summary).toMatchObject({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, Users: 0, Groups: 0, Policies: 0, MFADevices: 0, MFADevicesInUse: 0 });
    expect(await gw.iam.listAccountAliases()).toEqual([]);
    expect(await gw.iam.getPasswordPolicy()).toBeNull();
    expect(await gw.iam.listAccessKeys()).toEqual([]);
    expect(await gw.account.getAlternateContact('SECURITY')).toBeNull();
    expect(await gw.events.listRules()).toEqual([]);
    expect(await gw.sns.listTopics()).toEqual([]);
    expect(await gw.cloudtrail.describeTrails()).toEqual([]);
    const e = await rejection(gw.account.getPrimaryEmail('111122223333'));
    expect({ kind: e.kind, action: e.action }).toEqual({ kind: 'Unsupported', action: 'account:GetPrimaryEmail' });
  });

  it('knows the AWS managed policies', async () => {
    const gw = sandbox();
    for (const name of ['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'IAMUserChangePassword']) {
      const p = await gw.iam.getPolicy(`arn:aws:iam::aws:policy/${name}`);
      expect(p?.name).toBe(name);
      expect(p?.document.Statement.length).toBeGreaterThan(0);
    }
  });
});

describe('sandbox: IAM rules AWS enforces', () => {
  it('checks console passwords against the account password policy', async () => {
    const gw = sandbox();
    await gw.iam.createUser('alice', {});
    // Without a custom policy AWS applies its default: 8+ characters, three character classes.
    await expectError(gw.iam.createLoginProfile('alice', 'lowercase1', true), 'InvalidInput', 'iam:CreateLoginProfile', 'PasswordPolicyViolation');

    await gw.iam.updatePasswordPolicy(BASELINE);
    await expectError(gw.iam.createLoginProfile('alice', 'Short-1a', true), 'InvalidInput', 'iam:CreateLoginProfile', 'PasswordPolicyViolation');
    await expectError(gw.iam.createLoginProfile('alice', 'NoSymbolsHere12345', true), 'InvalidInput', 'iam:CreateLoginProfile', 'PasswordPolicyViolation');
    expect(await gw.iam.getLoginProfile('alice')).toBeNull();

    await gw.iam.createLoginProfile('alice', 'Correct-Horse-Battery-9', true);
    expect(await gw.iam.getLoginProfile('alice')).toEqual({ userName: 'alice', createdAt: NOW, passwordResetRequired: true });
  });

  it('rejects names AWS rejects, and treats names case-insensitively', async () => {
    const gw = sandbox();
    await expectError(gw.iam.createUser('bad name', {}), 'InvalidInput', 'iam:CreateUser', 'ValidationError');
    await expectError(gw.iam.createUser('x'.repeat(65), {}), 'InvalidInput', 'iam:CreateUser', 'ValidationError');
    await gw.iam.createUser('alice+ops@acme.com', {});
    await gw.iam.createUser('Bob', {});
    await expectError(gw.iam.createUser('bob', {}), 'AlreadyExists', 'iam:CreateUser', 'EntityAlreadyExists');
    expect((await gw.iam.getUser('BOB'))?.name).toBe('Bob');
  });

  it('refuses to delete a virtual MFA device that is still assigned', async () => {
    const c = clock();
    const gw = sandbox(c);
    await gw.iam.createUser('alice', {});
    const device = await gw.iam.createVirtualMfaDevice('alice', {});
    await gw.iam.enableMfaDevice('alice', device.serial, codeAt(device.base32Seed, NOW, -1), codeAt(device.base32Seed, NOW));
    await expectError(gw.iam.deleteVirtualMfaDevice(device.serial), 'Conflict', 'iam:DeleteVirtualMFADevice', 'DeleteConflict');
    await gw.iam.deactivateMfaDevice('alice', device.serial);
    await gw.iam.deleteVirtualMfaDevice(device.serial);
    expect(await gw.iam.listVirtualMfaDevices('Any')).toEqual([]);
  });

  it('refuses an alias another account holds, and keeps one alias per account', async () => {
    const gw = sandbox();
    for (const taken of ['acme', 'test', 'prod']) {
      await expectError(gw.iam.createAccountAlias(taken), 'AlreadyExists', 'iam:CreateAccountAlias', 'EntityAlreadyExists');
    }
    for (const invalid of ['Acme-prod', '-acme', 'acme-', 'ac', 'acme--prod', 'a'.repeat(64)]) {
      await expectError(gw.iam.createAccountAlias(invalid), 'InvalidInput', 'iam:CreateAccountAlias', 'ValidationError');
    }
    await gw.iam.createAccountAlias('acme-staging');
    await gw.iam.createAccountAlias('acme-production');
    expect(await gw.iam.listAccountAliases()).toEqual(['acme-production']);
  });
});

describe('sandbox: virtual MFA', () => {
  it('creates a real random 40-byte seed (64 base32 characters, as AWS) from the injected randomness', async () => {
    const gw = sandbox();
    const device = await gw.iam.createVirtualMfaDevice('alice', {});
    expect(device.serial).toBe('arn:aws:iam::111122223333:mfa/alice');
    const text = new TextDecoder().decode(device.base32Seed);
    expect(text).toMatch(/^[A-Z2-7]{64}$/);
    expect([...Secret.fromBase32(text).bytes]).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('accepts two consecutive codes around the current step and rejects anything else', async () => {
    const c = clock();
    const gw = sandbox(c);
    await gw.iam.createUser('alice', {});
    const { serial, base32Seed: seed } = await gw.iam.createVirtualMfaDevice('alice', {});
    const enable = (a: string, b: string) => gw.iam.enableMfaDevice('alice', serial, a, b);
    const invalid = (a: string, b: string) => expectError(enable(a, b), 'InvalidInput', 'iam:EnableMFADevice', 'InvalidAuthenticationCode');

    await invalid('000000', '000000');
    await invalid(codeAt(seed, NOW), codeAt(seed, NOW, -1)); // swapped
    await invalid(codeAt(seed, NOW, -2), codeAt(seed, NOW)); // not consecutive
    await invalid(codeAt(seed, NOW, -21), codeAt(seed, NOW, -20)); // a phone ten minutes slow
    await expectError(enable('12345', '123456'), 'InvalidInput', 'iam:EnableMFADevice', 'ValidationError');
    expect(await gw.iam.listMfaDevices('alice')).toEqual([]);

    // Typed 30 s apart, submitted just after the second code appeared.
    c.advance(5_000);
    await enable(codeAt(seed, NOW, -1), codeAt(seed, NOW));
    expect(await gw.iam.listMfaDevices('alice')).toEqual([{ serial, userName: 'alice', enabledAt: new Date(NOW.getTime() + 5_000) }]);
    await expectError(enable(codeAt(seed, NOW, -1), codeAt(seed, NOW)), 'AlreadyExists', 'iam:EnableMFADevice', 'EntityAlreadyExists');
    expect(await gw.iam.getAccountSummary()).toMatchObject({ MFADevices: 1, MFADevicesInUse: 1, AccountMFAEnabled: 0 });
  });

  it('shows the current code through controls, as an authenticator app would', async () => {
    const gw = sandbox();
    const { serial, base32Seed } = await gw.iam.createVirtualMfaDevice('alice', {});
    expect(gw.controls.currentMfaCode(serial)).toBe(codeAt(base32Seed, NOW));
  });
});

const rootRow = (csv: string) => (parse(csv, { columns: true }) as Record<string, string>[])[0] ?? {};

describe('sandbox: credential report', () => {
  const fixtureHeader = readFileSync(new URL('../fixtures/credential-report-secured.csv', import.meta.url), 'utf8').split('\n')[0];

  it('is absent until generated, then STARTED, then COMPLETE, in the real CSV layout', async () => {
    const c = clock();
    const gw = sandbox(c);
    await expectError(gw.iam.getCredentialReport(), 'InvalidInput', 'iam:GetCredentialReport', 'ReportNotPresent');

    await gw.iam.createUser('alice', {});
    await gw.iam.createLoginProfile('alice', 'Correct-Horse-Battery-9', true);
    const device = await gw.iam.createVirtualMfaDevice('alice', {});
    await gw.iam.enableMfaDevice('alice', device.serial, codeAt(device.base32Seed, NOW, -1), codeAt(device.base32Seed, NOW));
    await gw.iam.createUser('ci-deployer', {});
    gw.controls.addAccessKey('ci-deployer');

    expect(await gw.iam.generateCredentialReport()).toBe('STARTED');
    expect(await gw.iam.generateCredentialReport()).toBe('COMPLETE');
    const report = await gw.iam.getCredentialReport();
    expect(report.generatedAt).toEqual(NOW);
    expect(report.content.split('\n')[0]).toBe(fixtureHeader);

    const rows = parse(report.content, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.user)).toEqual(['<root_account>', 'alice', 'ci-deployer']);
    expect(rows[0]).toMatchObject({
      arn: 'arn:aws:iam::111122223333:root',
      password_enabled: 'not_supported',
      password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported',
      mfa_active: 'false',
      access_key_1_active: 'false',
      access_key_1_last_rotated: 'N/A',
      cert_1_active: 'false',
    });
    expect(rows[0]?.password_last_used).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(rows[1]).toMatchObject({
      arn: 'arn:aws:iam::111122223333:user/alice',
      user_creation_time: '2026-11-24T12:00:00+00:00',
      password_enabled: 'true',
      password_last_used: 'no_information',
      password_last_changed: '2026-11-24T12:00:00+00:00',
      password_next_rotation: 'N/A',
      mfa_active: 'true',
    });
    expect(rows[2]).toMatchObject({
      password_enabled: 'false',
      password_last_used: 'N/A',
      mfa_active: 'false',
      access_key_1_active: 'true',
      access_key_1_last_rotated: '2026-11-24T12:00:00+00:00',
      access_key_1_last_used_date: 'N/A',
      access_key_2_active: 'false',
    });
  });

  it('is regenerated only after four hours', async () => {
    const c = clock();
    const gw = sandbox(c);
    await gw.iam.generateCredentialReport();
    gw.controls.enableRootMfa('virtual');
    c.advance(4 * 3600_000 - 1);
    expect(await gw.iam.generateCredentialReport()).toBe('COMPLETE');
    expect(rootRow((await gw.iam.getCredentialReport()).content).mfa_active).toBe('false');
    c.advance(1);
    expect(await gw.iam.generateCredentialReport()).toBe('STARTED');
    expect(rootRow((await gw.iam.getCredentialReport()).content).mfa_active).toBe('true');
  });
});

describe('sandbox: controls', () => {
  it('turns on root MFA the way the console does', async () => {
    const gw = sandbox();
    const serial = gw.controls.enableRootMfa('virtual');
    expect((await gw.iam.getAccountSummary()).AccountMFAEnabled).toBe(1);
    const assigned = await gw.iam.listVirtualMfaDevices('Assigned');
    expect(assigned).toEqual([{ serial, isRoot: true, enabledAt: NOW }]);

    gw.controls.disableRootMfa();
    gw.controls.enableRootMfa('hardware');
    expect((await gw.iam.getAccountSummary()).AccountMFAEnabled).toBe(1);
    expect(await gw.iam.listVirtualMfaDevices('Any')).toEqual([]);
  });

  it('gives root access keys that the caller can list and delete', async () => {
    const gw = sandbox();
    const id = gw.controls.addRootAccessKey();
    expect(id).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect((await gw.iam.getAccountSummary()).AccountAccessKeysPresent).toBe(1);
    expect((await gw.iam.listAccessKeys()).map((k) => ({ id: k.id, status: k.status }))).toEqual([{ id, status: 'Active' }]);
    gw.controls.addRootAccessKey();
    expect(() => gw.controls.addRootAccessKey()).toThrow(AwsError);
    await gw.iam.deleteAccessKey(undefined, id);
    await expectError(gw.iam.deleteAccessKey(undefined, id), 'NotFound', 'iam:DeleteAccessKey', 'NoSuchEntity');
    expect(await gw.iam.listAccessKeys()).toHaveLength(1);
  });

  it('keeps an email subscription pending until the recipient confirms', async () => {
    const gw = sandbox();
    const topic = await gw.sns.createTopic('alerts', { team: 'sec' });
    await expectError(gw.sns.createTopic('alerts', { team: 'ops' }), 'InvalidInput', 'sns:CreateTopic', 'InvalidParameter');
    await gw.sns.subscribe(topic, 'email', 'security@acme.com');
    await gw.sns.subscribe(topic, 'email', 'security@acme.com');
    expect(await gw.sns.listSubscriptionsByTopic(topic)).toEqual([
      { arn: 'PendingConfirmation', protocol: 'email', endpoint: 'security@acme.com', pending: true },
    ]);
    expect((await gw.sns.getTopicAttributes(topic)).SubscriptionsPending).toBe('1');
    expect(gw.controls.confirmSubscription(topic)).toBe(1);
    const [sub] = await gw.sns.listSubscriptionsByTopic(topic);
    expect(sub?.pending).toBe(false);
    expect(sub?.arn).toMatch(/^arn:aws:sns:us-east-1:111122223333:alerts:[0-9a-f-]{36}$/);
    expect(JSON.parse((await gw.sns.getTopicAttributes(topic)).Policy ?? '').Statement[0].Resource).toBe(topic);
  });
});

describe('sandbox: isolation and pacing', () => {
  it('copies data in and out, so callers cannot reach into the account', async () => {
    const gw = sandbox();
    const tags = { team: 'a' };
    const user = await gw.iam.createUser('alice', tags);
    tags.team = 'changed';
    user.tags.team = 'changed too';
    expect((await gw.iam.getUser('alice'))?.tags).toEqual({ team: 'a' });
    const snap = gw.controls.snapshot();
    (snap.users as unknown as { name: string }[]).pop();
    expect(await gw.iam.listUsers()).toHaveLength(1);
  });

  it('waits about latencyMs per call', async () => {
    const gw = createSandboxGateway({ latencyMs: 40 });
    const started = performance.now();
    await gw.iam.listUsers();
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
  });
});
