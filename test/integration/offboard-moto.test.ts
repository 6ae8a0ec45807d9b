// offboard end to end against moto through the real SDK gateway; the end state is read
// back with the SDK directly.
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetLoginProfileCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListSSHPublicKeysCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListUserPoliciesCommand,
  ListUserTagsCommand,
  ListVirtualMFADevicesCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { createSession } from '../../src/session.js';
import { offboardLines } from '../../src/commands/offboard.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { TAG_DISABLED_AT, TAG_DISABLED_BY } from '../../src/steps/offboard.js';
import { MOTO_ACCOUNT_ID, motoUrl, useMoto } from '../helpers/moto.js';
import { startAwsProxy } from '../helpers/aws-proxy.js';
import { giveOtherCredentials } from '../helpers/iam-user.js';
import { makeHome, runCli } from '../helpers/cli-run.js';
import { BIN } from '../helpers/pty.js';
import { spawn } from 'node:child_process';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
// moto answers GetCallerIdentity for its test keys with this user
const CALLER = `arn:aws:sts::${MOTO_ACCOUNT_ID}:user/moto`;
const iam = () => new IAMClient({ region: 'us-east-1' });

async function team() {
  const c = iam();
  for (const g of ['Administrators', 'Developers']) await c.send(new CreateGroupCommand({ GroupName: g }));
  for (const [u, g] of [
    ['alice', 'Administrators'],
    ['bob', 'Administrators'],
    ['bob', 'Developers'],
    ['carol', 'Developers'],
  ] as const) {
    await c.send(new CreateUserCommand({ UserName: u })).catch(() => {});
    await c.send(new AddUserToGroupCommand({ GroupName: g, UserName: u }));
  }
  await c.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'Temp-Passw0rd-123!', PasswordResetRequired: true }));
  await c.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
  await c.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
  const device = await c.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bob-phone' }));
  const serial = device.VirtualMFADevice!.SerialNumber!;
  await c.send(new EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '234567' }));
  await c.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  return serial;
}

/** bob from team() plus an inline policy allowing codecommit:*, an SSH key, a CodeCommit Git credential and a signing certificate. */
async function fullLeaver() {
  await team();
  const c = iam();
  const codecommit = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'codecommit:*', Resource: '*' }] };
  await c.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'inl', PolicyDocument: JSON.stringify(codecommit) }));
  return giveOtherCredentials(c, 'bob');
}

async function offboard(name: string, yes = true, rootHolders: string[] = [], whileAsked?: () => Promise<void>) {
  const out: string[] = [];
  const session = createSession({ demo: false, gateway: createSdkGateway({}), now: () => NOW });
  const io = ciIO((t) => out.push(t), { ci: true, yes });
  // a person at the question: meanwhile someone else changes the user, then "y"
  if (whileAsked) Object.assign(io, { yes: false, confirm: async () => (await whileAsked(), true) });
  const code = await offboardLines(session, name, async () => rootHolders, io);
  return { code, out: out.join('') };
}

describe('offboard against moto', () => {
  it('leaves no password, no active key, no MFA, no groups, no direct policy, and the tags; a re-run plans nothing', async () => {
    const serial = await team();
    const first = await offboard('bob');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Detached policies: ReadOnlyAccess (arn:aws:iam::aws:policy/ReadOnlyAccess)');

    const c = iam();
    await expect(c.send(new GetLoginProfileCommand({ UserName: 'bob' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    const keys = await c.send(new ListAccessKeysCommand({ UserName: 'bob' }));
    expect(keys.AccessKeyMetadata).toHaveLength(2);
    expect(keys.AccessKeyMetadata!.every((k) => k.Status === 'Inactive')).toBe(true);
    expect((await c.send(new ListMFADevicesCommand({ UserName: 'bob' }))).MFADevices).toEqual([]);
    const devices = await c.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' }));
    expect(devices.VirtualMFADevices!.map((d) => d.SerialNumber)).not.toContain(serial);
    expect((await c.send(new ListGroupsForUserCommand({ UserName: 'bob' }))).Groups).toEqual([]);
    expect((await c.send(new ListAttachedUserPoliciesCommand({ UserName: 'bob' }))).AttachedPolicies).toEqual([]);
    const tags = Object.fromEntries((await c.send(new ListUserTagsCommand({ UserName: 'bob' }))).Tags!.map((t) => [t.Key, t.Value]));
    expect(tags).toEqual({ [TAG_DISABLED_AT]: NOW.toISOString(), [TAG_DISABLED_BY]: CALLER });

    const again = await offboard('bob');
    expect(again.code).toBe(0);
    expect(again.out).toContain('nothing to do');
    expect(again.out).toContain('bob is already disabled');
    expect(again.out).not.toContain('  +');
  });

  it('the built binary under SIGINT while AWS still answers a change: that change is waited for and counted; exit 130', async () => {
    const serial = await team();
    const proxy = await startAwsProxy(motoUrl());
    const home = makeHome(proxy.url);
    // both group removals are held at the proxy: sent, not yet answered, when the signal comes
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let answered = 0;
    let bothAnswered = () => {};
    const removals = new Promise<void>((r) => (bothAnswered = r));
    proxy.onResponse((call) => {
      if (call.id === 'iam:RemoveUserFromGroup' && ++answered === 2) bothAnswered();
    });
    const child = spawn(process.execPath, [BIN, 'offboard', 'bob', '--ci', '--yes'], { env: home.env, cwd: home.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let signalled = false;
    proxy.setHold((call) => {
      if (call.id !== 'iam:RemoveUserFromGroup') return null;
      if (!signalled) {
        signalled = true;
        child.kill('SIGINT');
      }
      return held;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    // AWS answers once the run has taken the signal (it says what is under way) or has ended
    const saidUnderWay = new Promise<void>((resolve) => child.stdout.setEncoding('utf8').on('data', (d: string) => ((out += d), / under way /.test(out) && resolve())));
    try {
      await Promise.race([saidUnderWay, exited]);
      release();
      expect(await exited).toBe(130);
      await removals;
      expect(signalled).toBe(true);
      const c = iam();
      const gone = async (p: Promise<unknown>) => p.then(() => false, () => true);
      const keys = (await c.send(new ListAccessKeysCommand({ UserName: 'bob' }))).AccessKeyMetadata!;
      const groups = (await c.send(new ListGroupsForUserCommand({ UserName: 'bob' }))).Groups!;
      const devices = (await c.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' }))).VirtualMFADevices!;
      const made = [
        await gone(c.send(new GetLoginProfileCommand({ UserName: 'bob' }))),
        ...keys.map((k) => k.Status === 'Inactive'),
        (await c.send(new ListMFADevicesCommand({ UserName: 'bob' }))).MFADevices!.length === 0,
        ...['Administrators', 'Developers'].map((g) => !groups.some((x) => x.GroupName === g)),
        (await c.send(new ListAttachedUserPoliciesCommand({ UserName: 'bob' }))).AttachedPolicies!.length === 0,
        !devices.some((d) => d.SerialNumber === serial),
        (await c.send(new ListUserTagsCommand({ UserName: 'bob' }))).Tags!.some((t) => t.Key === TAG_DISABLED_AT),
      ].filter(Boolean).length;
      // the removals AWS made after the signal are in the count the run ends with
      expect(groups).toEqual([]);
      const last = [...out.matchAll(/^offboard: ⚠ (\d+) of (\d+) changes made to bob(.*)$/gm)].at(-1);
      expect(last, out).toBeDefined();
      expect({ made: Number(last![1]), rest: last![3] }).toEqual({ made, rest: '; re-run to finish (nothing is redone)' });
      expect(made).toBeLessThan(Number(last![2]));
      expect(out).not.toContain('bob is disabled');
    } finally {
      release();
      child.kill('SIGKILL');
      await proxy.close();
      home.remove();
    }
  }, 60_000);

  it('a leaver with an inline Allow * keeps no session: the Deny on token issue time is in AWS, the report says sessions are cut, a re-run keeps it', async () => {
    await team();
    const c = iam();
    const breakGlass = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    await c.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'break-glass', PolicyDocument: JSON.stringify(breakGlass) }));
    const first = await offboard('bob');
    expect(first.code, first.out).toBe(0);
    const before = new Date(NOW.getTime() + 5 * 60_000).toISOString();
    expect(first.out).toContain("  + End bob's own sessions, not role sessions (Deny mvsp-setup-revoke-sessions)  [iam:PutUserPolicy]");
    expect(first.out).toContain("offboard: bob can no longer sign in or call AWS: no password, active key, credential, certificate, MFA device or group; own sessions cut, not role sessions.");
    expect(first.out).toContain("mvsp-setup-revoke-sessions denies everything to bob's own sessions issued before.");
    // the Deny is on the user: the plan and the report say role sessions are not cut
    expect(first.out).not.toContain('existing sessions cut');

    // read back from AWS: the document as IAM stores it (URL-encoded JSON)
    const got = await c.send(new GetUserPolicyCommand({ UserName: 'bob', PolicyName: 'mvsp-setup-revoke-sessions' }));
    const raw = got.PolicyDocument!;
    expect(JSON.parse(raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'DenySessionsIssuedBeforeOffboarding', Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': before } } }],
    });
    expect((await c.send(new ListUserPoliciesCommand({ UserName: 'bob' }))).PolicyNames!.sort()).toEqual(['break-glass', 'mvsp-setup-revoke-sessions']);
    // nobody else is denied: the Deny is on the leaver's user alone
    for (const other of ['alice', 'carol']) expect((await c.send(new ListUserPoliciesCommand({ UserName: other }))).PolicyNames).toEqual([]);

    const again = await offboard('bob');
    expect(again.code).toBe(0);
    expect(again.out).toContain('bob is already disabled');
    expect(again.out).toContain(`= bob's own sessions issued before ${before} ended (Deny mvsp-setup-revoke-sessions) (already in place)`);
    const kept = await c.send(new GetUserPolicyCommand({ UserName: 'bob', PolicyName: 'mvsp-setup-revoke-sessions' }));
    expect(kept.PolicyDocument).toBe(raw);
  });

  it("the built binary on a computer whose clock lags AWS's by 10 min: the Deny and the tag are dated by AWS's time", async () => {
    await team();
    const proxy = await startAwsProxy(motoUrl());
    // AWS's Date header 10 min ahead of this computer's clock: this computer lags
    const SKEW = 10 * 60_000;
    proxy.setClockSkew(SKEW);
    const home = makeHome(proxy.url);
    try {
      const started = Date.now();
      const r = await runCli(['offboard', 'bob', '--ci', '--yes'], { env: home.env, cwd: home.cwd });
      const ended = Date.now();
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain("offboard: This computer's clock is about 10 min behind AWS's: mvsp-setup-revoke-sessions is dated by AWS's time.");
      expect(r.stdout).toContain('own sessions cut, not role sessions.');
      // read back from AWS: the Deny reaches 5 min past AWS's time during the run, not this
      // computer's (the Date header has whole seconds: up to 1 s of slack, and the way back)
      const c = iam();
      const raw = (await c.send(new GetUserPolicyCommand({ UserName: 'bob', PolicyName: 'mvsp-setup-revoke-sessions' }))).PolicyDocument!;
      const doc = JSON.parse(raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw)) as { Statement: { Condition: { DateLessThan: Record<string, string> } }[] };
      const before = Date.parse(doc.Statement[0]!.Condition.DateLessThan['aws:TokenIssueTime']!);
      expect(before).toBeGreaterThanOrEqual(started + SKEW + 5 * 60_000 - 2_000);
      expect(before).toBeLessThanOrEqual(ended + SKEW + 5 * 60_000);
      const tags = Object.fromEntries((await c.send(new ListUserTagsCommand({ UserName: 'bob' }))).Tags!.map((t) => [t.Key, t.Value]));
      const taggedAt = Date.parse(tags[TAG_DISABLED_AT]!);
      expect(taggedAt).toBeGreaterThanOrEqual(started + SKEW - 2_000);
      expect(taggedAt).toBeLessThanOrEqual(ended + SKEW);

      // a re-run by the same clocks finds the Deny current
      const again = await runCli(['offboard', 'bob', '--ci', '--yes'], { env: home.env, cwd: home.cwd });
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toContain('bob is already disabled: nothing to do.');
    } finally {
      await proxy.close();
      home.remove();
    }
  }, 60_000);

  it('a revocation policy the leaver planted, dated 2001, is written again: sessions are cut from now on, not from 2001', async () => {
    // the leaver, an admin, prepared: credentials and groups gone, an inline Allow *, and a
    // policy of the revocation's name and shape that reaches no session
    const c = iam();
    await c.send(new CreateGroupCommand({ GroupName: 'Administrators' }));
    for (const u of ['alice', 'dana', 'mallory']) await c.send(new CreateUserCommand({ UserName: u }));
    for (const u of ['alice', 'dana']) await c.send(new AddUserToGroupCommand({ GroupName: 'Administrators', UserName: u }));
    const breakGlass = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    await c.send(new PutUserPolicyCommand({ UserName: 'mallory', PolicyName: 'break-glass', PolicyDocument: JSON.stringify(breakGlass) }));
    const planted = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'DenySessionsIssuedBeforeOffboarding', Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': '2001-01-01T00:00:00.000Z' } } }],
    };
    await c.send(new PutUserPolicyCommand({ UserName: 'mallory', PolicyName: 'mvsp-setup-revoke-sessions', PolicyDocument: JSON.stringify(planted) }));

    const r = await offboard('mallory');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("  + End mallory's own sessions, not role sessions (Deny mvsp-setup-revoke-sessions)  [iam:PutUserPolicy]");
    expect(r.out).not.toContain('2001');
    const raw = (await c.send(new GetUserPolicyCommand({ UserName: 'mallory', PolicyName: 'mvsp-setup-revoke-sessions' }))).PolicyDocument!;
    const doc = JSON.parse(raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw)) as { Statement: { Condition: { DateLessThan: Record<string, string> } }[] };
    expect(doc.Statement[0]!.Condition.DateLessThan['aws:TokenIssueTime']).toBe(new Date(NOW.getTime() + 5 * 60_000).toISOString());
  });

  it('shows the plan and changes nothing without --yes', async () => {
    await team();
    const r = await offboard('bob', false);
    expect(r.code).toBe(0);
    expect(r.out).toContain('+ Delete the console password of bob  [iam:DeleteLoginProfile]');
    expect(r.out).toContain('offboard: Not applied (add --yes to apply this plan). Nothing changed.');
    await expect(iam().send(new GetLoginProfileCommand({ UserName: 'bob' }))).resolves.toBeDefined();
  });

  it('the lines name the account, with the alias AWS returns, above the plan and in its title', async () => {
    await team();
    await iam().send(new CreateAccountAliasCommand({ AccountAlias: 'acme-production' }));
    const r = await offboard('carol', false);
    expect(r.out).toContain(`account ${MOTO_ACCOUNT_ID} (acme-production) · caller ${CALLER}`);
    expect(r.out).toContain(`offboard: Disable carol in account ${MOTO_ACCOUNT_ID} (acme-production) (kept, not deleted):`);
    expect(r.out).toContain(`offboard carol in account ${MOTO_ACCOUNT_ID} (acme-production): plan`);
  });

  it('refuses the last member of Administrators (exit 1, nothing changed)', async () => {
    await team();
    expect((await offboard('bob')).code).toBe(0);
    const r = await offboard('alice');
    expect(r.code).toBe(1);
    expect(r.out).toContain('alice is the last member of Administrators');
    expect(r.out).toContain('Nothing changed.');
    expect((await iam().send(new ListGroupsForUserCommand({ UserName: 'alice' }))).Groups!.map((g) => g.GroupName)).toEqual(['Administrators']);
  });

  it('refuses the caller itself (exit 1, nothing changed)', async () => {
    await team();
    await iam().send(new CreateUserCommand({ UserName: 'moto' }));
    await iam().send(new AddUserToGroupCommand({ GroupName: 'Developers', UserName: 'moto' }));
    const r = await offboard('moto');
    expect(r.code).toBe(1);
    expect(r.out).toContain('moto is the user running this command');
    expect((await iam().send(new ListGroupsForUserCommand({ UserName: 'moto' }))).Groups).toHaveLength(1);
  });

  it('an unknown user is a failure (exit 1) that says so', async () => {
    const r = await offboard('nobody');
    expect(r.code).toBe(1);
    expect(r.out).toContain('There is no IAM user named nobody');
  });

  it('warns with the rotation steps when the user holds root', async () => {
    await team();
    const r = await offboard('bob', true, ['Bob Roe', 'Alice Doe']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('⚠ Bob Roe could reach the root user: rotate root');
    expect(r.out).toContain('Change the root password');
  });

  it('a key created and a group joined while the question waits: not called disabled, exit 1, untagged', async () => {
    const c = iam();
    for (const g of ['Developers', 'Ops']) await c.send(new CreateGroupCommand({ GroupName: g }));
    await c.send(new CreateUserCommand({ UserName: 'race2' }));
    await c.send(new CreateLoginProfileCommand({ UserName: 'race2', Password: 'Temp-Passw0rd-123!', PasswordResetRequired: true }));
    await c.send(new CreateAccessKeyCommand({ UserName: 'race2' }));
    await c.send(new AddUserToGroupCommand({ GroupName: 'Developers', UserName: 'race2' }));
    let newKey = '';
    const r = await offboard('race2', true, [], async () => {
      newKey = (await c.send(new CreateAccessKeyCommand({ UserName: 'race2' }))).AccessKey!.AccessKeyId!;
      await c.send(new AddUserToGroupCommand({ GroupName: 'Ops', UserName: 'race2' }));
    });
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('race2 is disabled');
    expect(r.out).not.toContain('can no longer sign in');
    expect(r.out).toContain(`offboard: ✖ race2 is NOT disabled: after 4 changes, AWS still shows an active access key (${newKey}); member of Ops.`);
    expect(r.out).toContain('offboard: Not tagged disabled. To turn off what is left, re-run (what is done is not redone):\n  mvsp-setup offboard race2\n');
    // read back: what the report says is what AWS holds, and no tag claims otherwise
    const keys = (await c.send(new ListAccessKeysCommand({ UserName: 'race2' }))).AccessKeyMetadata!;
    expect(keys.filter((k) => k.Status === 'Active').map((k) => k.AccessKeyId)).toEqual([newKey]);
    expect((await c.send(new ListGroupsForUserCommand({ UserName: 'race2' }))).Groups!.map((g) => g.GroupName)).toEqual(['Ops']);
    const tags = (await c.send(new ListUserTagsCommand({ UserName: 'race2' }))).Tags!.map((t) => t.Key);
    expect(tags).not.toContain(TAG_DISABLED_AT);

    // the re-run turns off what was left, and only then says so
    const again = await offboard('race2');
    expect(again.code).toBe(0);
    expect(again.out).toContain('race2 is disabled');
    expect((await c.send(new ListGroupsForUserCommand({ UserName: 'race2' }))).Groups).toEqual([]);
    const after = Object.fromEntries((await c.send(new ListUserTagsCommand({ UserName: 'race2' }))).Tags!.map((t) => [t.Key, t.Value]));
    expect(after[TAG_DISABLED_AT]).toBe(NOW.toISOString());
  });

  it('deactivates (keeps) the SSH public key, the service-specific credential and the signing certificate', async () => {
    const ids = await fullLeaver();
    const r = await offboard('bob');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`Deactivate SSH public key ${ids.ssh}  [iam:UpdateSSHPublicKey]`);
    expect(r.out).toContain(`Deactivate service-specific credential ${ids.git} for codecommit.amazonaws.com  [iam:UpdateServiceSpecificCredential]`);
    expect(r.out).toContain(`Deactivate signing certificate ${ids.cert}  [iam:UpdateSigningCertificate]`);
    expect(r.out).toContain("bob has inline policies (inl); left in place — with no password and no active access key, SSH public key, service-specific credential or signing certificate they grant nothing to a new sign-in, and mvsp-setup-revoke-sessions denies everything to bob's own sessions issued before.");
    expect(r.out).toContain("bob can no longer sign in or call AWS: no password, active key, credential, certificate, MFA device or group; own sessions cut, not role sessions.");

    const c = iam();
    const ssh = (await c.send(new ListSSHPublicKeysCommand({ UserName: 'bob' }))).SSHPublicKeys!;
    expect(ssh.map((k) => [k.SSHPublicKeyId, k.Status])).toEqual([[ids.ssh, 'Inactive']]);
    const certs = (await c.send(new ListSigningCertificatesCommand({ UserName: 'bob' }))).Certificates!;
    expect(certs.map((k) => [k.CertificateId, k.Status])).toEqual([[ids.cert, 'Inactive']]);
    // read back from the emulator's extension (moto lacks service-specific credentials)
    const git = (await c.send(new ListServiceSpecificCredentialsCommand({ UserName: 'bob' }))).ServiceSpecificCredentials!;
    expect(git.map((k) => [k.ServiceSpecificCredentialId, k.Status])).toEqual([[ids.git, 'Inactive']]);

    const again = await offboard('bob');
    expect(again.out).toContain('bob is already disabled');
    expect(again.out).toContain('SSH public keys of bob not active (1)');
  });

  it('an SSH key it may not list is unknown: never "can no longer … call AWS", not tagged, exit 2, the key still Active', async () => {
    const ids = await fullLeaver();
    const proxy = await startAwsProxy(motoUrl());
    try {
      proxy.setFault((call) => (call.action === 'ListSSHPublicKeys' ? 'denied' : null));
      const out: string[] = [];
      const prev = process.env.AWS_ENDPOINT_URL;
      process.env.AWS_ENDPOINT_URL = proxy.url;
      let code: number;
      try {
        const session = createSession({ demo: false, gateway: createSdkGateway({}), now: () => NOW });
        code = await offboardLines(session, 'bob', async () => [], ciIO((t) => out.push(t), { ci: true, yes: true }));
      } finally {
        process.env.AWS_ENDPOINT_URL = prev;
      }
      const text = out.join('');
      expect(code, text).toBe(2);
      expect(text).toContain('Could not read the SSH public keys of bob (iam:ListSSHPublicKeys: AccessDenied)');
      expect(text).toContain('bob is not known to be disabled');
      expect(text).not.toMatch(/can no longer|grant nothing|bob is disabled/);
    } finally {
      await proxy.close();
    }
    const c = iam();
    const ssh = (await c.send(new ListSSHPublicKeysCommand({ UserName: 'bob' }))).SSHPublicKeys!;
    expect(ssh.map((k) => [k.SSHPublicKeyId, k.Status])).toEqual([[ids.ssh, 'Active']]);
    const tags = (await c.send(new ListUserTagsCommand({ UserName: 'bob' }))).Tags!.map((t) => t.Key);
    expect(tags).not.toContain(TAG_DISABLED_AT);
    // what could be read was cut
    const certs = (await c.send(new ListSigningCertificatesCommand({ UserName: 'bob' }))).Certificates!;
    expect(certs.map((k) => k.Status)).toEqual(['Inactive']);
  });
});
