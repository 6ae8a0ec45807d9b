// The offboard flow (src/steps/offboard.ts) without a presenter: scripted answers over the
// --demo team's sandbox account, the account read back from the sandbox afterwards.
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandboxGateway, seedTeam, type SandboxGateway } from '../../src/aws/sandbox/index.js';
import { AwsError } from '../../src/aws/errors.js';
import { createSession } from '../../src/session.js';
import { demoTeamPolicy } from '../../src/commands/team-session.js';
import { offboardFlow, revokeSessionsDocument, sessionsRevokedBefore, TAG_DISABLED_AT } from '../../src/steps/offboard.js';
import type { Gateway, PolicyDocument } from '../../src/aws/port.js';
import { scriptedIO, type Script } from '../helpers/scripted-io.js';
import { seededBytes } from '../helpers/random.js';

const NOW = new Date('2026-11-24T12:00:00Z');

let sandbox: SandboxGateway;
beforeEach(async () => {
  sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(2), accountId: '111122223333' });
  await seedTeam(sandbox, await demoTeamPolicy(), NOW);
});

async function offboard(
  userName: string,
  script: Script,
  opts: { rootHolders?: string[]; gateway?: Gateway; whileAsked?: () => Promise<void>; alias?: string | null } = {},
) {
  const ctx = await createSession({ demo: true, gateway: opts.gateway ?? sandbox, now: () => NOW }).context();
  const s = scriptedIO(script);
  // someone changes the account while the question waits
  const { confirm } = s.io;
  if (opts.whileAsked) s.io.confirm = async (m, o) => (await opts.whileAsked!(), confirm(m, o));
  const run = await offboardFlow(ctx, { userName, rootHoldersOf: async () => opts.rootHolders ?? [], ...(opts.alias !== undefined ? { alias: opts.alias } : {}) }, s.io);
  return { ...run, ...s };
}

const user = (name: string) => sandbox.controls.snapshot().users.find((u) => u.name === name)!;

describe('offboard flow', () => {
  it('--yes applies without a question: bob has no password, is in no group, and is tagged', async () => {
    const r = await offboard('bob', { yes: true });
    expect(r.confirmed).toEqual([]);
    expect(r.transcript).toContain('[dim] --yes: applying…');
    expect(r.transcript).toContain('[pass] bob is disabled (7 changes).');
    expect(r.exitCode).toBe(0);
    expect(user('bob').loginProfile).toBeUndefined();
    expect(user('bob').tags[TAG_DISABLED_AT]).toBe(NOW.toISOString());
    expect(sandbox.controls.snapshot().groups.filter((g) => g.members.includes('bob'))).toEqual([]);
  });

  it('cuts sessions already issued: an inline Deny for tokens issued before the changes, read back, said in the report, kept by a re-run', async () => {
    await sandbox.iam.putUserPolicy('bob', 'break-glass', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const r = await offboard('bob', { yes: true });
    expect(r.exitCode).toBe(0);
    expect(r.transcript).toContain("+ End bob's own sessions, not role sessions (Deny mvsp-setup-revoke-sessions) [iam:PutUserPolicy]");
    expect(r.transcript.find((l) => l.startsWith('! bob has inline policies'))).toBe(
      "! bob has inline policies (break-glass); left in place — with no password and no active access key, SSH public key, service-specific credential or signing certificate they grant nothing to a new sign-in, and mvsp-setup-revoke-sessions denies everything to bob's own sessions issued before.",
    );
    // written after every credential is cut, before the tag
    const order = ['Delete the console password of bob', 'Remove bob from group Developers', "End bob's own sessions", 'Tag bob'].map((t) => r.transcript.findIndex((l) => l.startsWith(`✔ ${t}`)));
    expect(order.every((at, i) => at > -1 && (i === 0 || at > order[i - 1]!))).toBe(true);
    // five minutes past the apply time (the sandbox's clock is NOW)
    const before = new Date(NOW.getTime() + 5 * 60_000).toISOString();
    expect(r.transcript).toContain("bob can no longer sign in or call AWS: no password, active key, credential, certificate, MFA device or group; own sessions cut, not role sessions.");
    expect(user('bob').inlinePolicies['mvsp-setup-revoke-sessions']).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'DenySessionsIssuedBeforeOffboarding', Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': before } } }],
    });
    // the leaver's own policy is left as it was; only the leaver's user holds the Deny
    expect(Object.keys(user('bob').inlinePolicies).sort()).toEqual(['break-glass', 'mvsp-setup-revoke-sessions']);
    expect(sandbox.controls.snapshot().users.filter((u) => u.inlinePolicies['mvsp-setup-revoke-sessions']).map((u) => u.name)).toEqual(['bob']);

    const again = await offboard('bob', { yes: true });
    expect(again.transcript[0]).toBe('[pass] bob is already disabled: nothing to do.');
    expect(again.transcript).toContain(`= bob's own sessions issued before ${before} ended (Deny mvsp-setup-revoke-sessions)`);
  });

  it("dates the revocation and the tag by AWS's clock when this computer's lags it by 10 min, and says so", async () => {
    // AWS's time as the gateway learnt it from the Date header: 10 min ahead of this computer's
    const gateway = { ...sandbox, clock: { offsetMs: () => 10 * 60_000 } };
    const r = await offboard('bob', { yes: true }, { gateway });
    expect(r.exitCode).toBe(0);
    expect(r.transcript).toContain("[dim] This computer's clock is about 10 min behind AWS's: mvsp-setup-revoke-sessions is dated by AWS's time.");
    const awsNow = NOW.getTime() + 10 * 60_000;
    expect(sessionsRevokedBefore(structuredClone(user('bob').inlinePolicies['mvsp-setup-revoke-sessions'] ?? null) as PolicyDocument | null)).toEqual(new Date(awsNow + 5 * 60_000));
    expect(user('bob').tags[TAG_DISABLED_AT]).toBe(new Date(awsNow).toISOString());
    expect(r.transcript).toContain("bob can no longer sign in or call AWS: no password, active key, credential, certificate, MFA device or group; own sessions cut, not role sessions.");
    // a re-run by the same clocks finds it current
    const again = await offboard('bob', { yes: true }, { gateway });
    expect(again.transcript[0]).toBe('[pass] bob is already disabled: nothing to do.');
  });

  it("a read-back judges the revocation by AWS's clock: one dated by this computer's lagging clock is not a pass", async () => {
    // the Deny as a clock 10 min behind AWS's dates it: 5 min before AWS's now
    const stale = revokeSessionsDocument(new Date(NOW.getTime() + 5 * 60_000));
    const gateway = { ...sandbox, clock: { offsetMs: () => 10 * 60_000 }, iam: { ...sandbox.iam, putUserPolicy: (u: string, n: string) => sandbox.iam.putUserPolicy(u, n, stale) } };
    const r = await offboard('bob', { yes: true }, { gateway });
    expect(r.exitCode).toBe(1);
    expect(r.transcript).toContain(`[fail] bob is NOT disabled: after 6 changes, AWS still shows sessions issued since ${new Date(NOW.getTime() + 5 * 60_000).toISOString()} (mvsp-setup-revoke-sessions denies only older ones).`);
    expect(user('bob').tags[TAG_DISABLED_AT]).toBeUndefined();
  });

  it("AWS's time not known: the revocation is dated by this computer's clock, with a warning", async () => {
    const gateway = { ...sandbox, clock: { offsetMs: () => null } };
    const r = await offboard('bob', { yes: true }, { gateway });
    expect(r.transcript).toContain("[warn] AWS's time is not known here: mvsp-setup-revoke-sessions is dated by this computer's clock plus 5 min; if it lags AWS's by more, sessions issued in between are not ended.");
    expect(sessionsRevokedBefore(structuredClone(user('bob').inlinePolicies['mvsp-setup-revoke-sessions'] ?? null) as PolicyDocument | null)).toEqual(new Date(NOW.getTime() + 5 * 60_000));
  });

  it('a revocation the read-back does not find is not a pass: named, untagged, exit 1', async () => {
    // PutUserPolicy answered, but the policy is not there when read back
    const gateway = { ...sandbox, iam: { ...sandbox.iam, putUserPolicy: async () => undefined } };
    const r = await offboard('bob', { yes: true }, { gateway });
    expect(r.exitCode).toBe(1);
    expect(r.transcript).toContain('[fail] bob is NOT disabled: after 6 changes, AWS still shows sessions issued before now (no inline policy mvsp-setup-revoke-sessions denying them).');
    expect(r.transcript.join('\n')).not.toMatch(/bob is disabled|can no longer|sessions cut/);
    expect(user('bob').tags[TAG_DISABLED_AT]).toBeUndefined();
  });

  it('a refused session Deny says the sessions already issued still work', async () => {
    const denied = new AwsError({ kind: 'AccessDenied', action: 'iam:PutUserPolicy' });
    const gateway = { ...sandbox, iam: { ...sandbox.iam, putUserPolicy: async () => Promise.reject(denied) } };
    const r = await offboard('bob', { yes: true }, { gateway });
    expect(r.exitCode).toBe(2);
    expect(r.transcript).toContain("[fail] bob's own sessions already issued still work: mvsp-setup-revoke-sessions was not written.");
    expect(r.transcript.join('\n')).not.toMatch(/bob is disabled|can no longer|sessions cut/);
  });

  it('a failed cut still revokes the sessions: the Deny is written, the run stops untagged', async () => {
    const denied = new AwsError({ kind: 'AccessDenied', action: 'iam:DeleteLoginProfile' });
    const gateway = { ...sandbox, iam: { ...sandbox.iam, deleteLoginProfile: async () => Promise.reject(denied) } };
    const r = await offboard('bob', { yes: true }, { gateway });
    expect(r.exitCode).toBe(2);
    expect(r.transcript.some((l) => l.startsWith("✔ End bob's own sessions"))).toBe(true);
    expect(sessionsRevokedBefore(structuredClone(user('bob').inlinePolicies['mvsp-setup-revoke-sessions'] ?? null) as PolicyDocument | null)).toEqual(new Date(NOW.getTime() + 5 * 60_000));
    expect(user('bob').tags[TAG_DISABLED_AT]).toBeUndefined();
  });

  it('asks once, Enter alone is no: nothing changes, and the run says so', async () => {
    const r = await offboard('carol', { confirms: [] });
    expect(r.confirmed).toEqual(['Apply this plan?']);
    expect(r.declined).toBe(true);
    expect(r.exitCode).toBe(0);
    expect(r.transcript.at(-1)).toBe('Not applied. Nothing changed.');
    expect(user('carol').loginProfile).toBeDefined();
  });

  it('the plan and the line above it name the account, with its alias when known', async () => {
    const withAlias = await offboard('carol', { confirms: [] }, { alias: 'acme-production' });
    expect(withAlias.transcript).toContain('Disable carol in account 111122223333 (acme-production) (kept, not deleted):');
    expect(withAlias.transcript).toContain('offboard carol in account 111122223333 (acme-production): plan');
    const without = await offboard('carol', { confirms: [] }, { alias: null });
    expect(without.transcript).toContain('Disable carol in account 111122223333 (kept, not deleted):');
    expect(without.transcript).toContain('offboard carol in account 111122223333: plan');
    // an already disabled user and a refusal show the account with their plan too
    await offboard('bob', { yes: true });
    expect((await offboard('bob', {}, { alias: 'acme-production' })).transcript).toContain('offboard bob in account 111122223333 (acme-production): plan');
  });

  it('an alias from AWS is untrusted: its control characters never reach the output', async () => {
    const r = await offboard('carol', { confirms: [] }, { alias: 'acme\u001b]52;c;cm0gLXJmIH4=\u0007' });
    const line = r.transcript.find((l) => l.startsWith('Disable carol'))!;
    expect(line).toBe('Disable carol in account 111122223333 (acme\ufffd]52;c;cm0gLXJmIH4=\ufffd) (kept, not deleted):');
    expect(r.transcript.join('\n')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('in --ci without --yes: the plan and how to apply it', async () => {
    const r = await offboard('carol', { ci: true, yes: false });
    expect(r.transcript.at(-1)).toBe('Not applied (add --yes to apply this plan). Nothing changed.');
    expect(user('carol').loginProfile).toBeDefined();
  });

  it('a refused change stops the run with exit 2 and names the policy that grants it', async () => {
    const denied = new AwsError({ kind: 'AccessDenied', action: 'iam:RemoveUserFromGroup' });
    const gateway = { ...sandbox, iam: { ...sandbox.iam, removeUserFromGroup: async () => Promise.reject(denied) } };
    const r = await offboard('bob', { confirms: [true] }, { gateway });
    expect(r.exitCode).toBe(2);
    expect(r.transcript.some((l) => /^\[fail\] Stopped: \d+ of 7 changes made, \d+ not done\.$/.test(l))).toBe(true);
    expect(r.transcript).toContain('Access denied: iam:RemoveUserFromGroup, which the AWS managed policy IAMFullAccess (or AdministratorAccess) grants. Run as root or an administrator, or grant it, then re-run.');
    // the tag comes last: a user tagged disabled really is
    expect(user('bob').tags[TAG_DISABLED_AT]).toBeUndefined();
    expect(user('bob').loginProfile).toBeUndefined();
  });

  it('a root holder: warned before the question, the rotation steps after the report', async () => {
    const r = await offboard('alice', { confirms: [true] }, { rootHolders: ['Alice Doe', 'Dana Roe'] });
    const warnedAt = r.transcript.findIndex((l) => l.startsWith("[warn] Alice Doe could reach the root user: root's password and MFA must be rotated"));
    const askedAt = r.transcript.indexOf('? Apply this plan? yes');
    const reportAt = r.transcript.findIndex((l) => l.startsWith('alice can no longer sign in'));
    const stepsAt = r.transcript.indexOf("[warn] Alice Doe could reach the root user: rotate root's password and MFA today.");
    expect(warnedAt).toBeGreaterThan(-1);
    expect([warnedAt < askedAt, askedAt < reportAt, reportAt < stepsAt]).toEqual([true, true, true]);
    expect(r.transcript[stepsAt + 1]).toMatch(/^ {2}1\. Sign in as root/);
  });

  it('the last admin is refused before anything is asked: exit 1, Administrators as it was', async () => {
    await offboard('dana', { yes: true });
    const r = await offboard('alice', {});
    expect(r.exitCode).toBe(1);
    expect(r.confirmed).toEqual([]);
    expect(r.transcript[0]).toMatch(/^\[fail\] Not offboarding alice: alice is the last member of Administrators/);
    expect(sandbox.controls.snapshot().groups.find((g) => g.name === 'Administrators')!.members).toEqual(['alice']);
  });

  it('an SSH key uploaded while the question waited: the read-back finds it, not called disabled, no tag, exit 1', async () => {
    let id = '';
    const r = await offboard('carol', { confirms: [true] }, { whileAsked: async () => void (id = sandbox.controls.addUserCredential('carol', 'ssh-public-key')) });
    expect(r.transcript.some((l) => l.startsWith('[fail] carol is NOT disabled') && l.includes(`an active SSH public key (${id})`))).toBe(true);
    expect(r.transcript.join('\n')).not.toMatch(/carol is disabled|can no longer/);
    expect(r.exitCode).toBe(1);
    expect(user('carol').tags[TAG_DISABLED_AT]).toBeUndefined();
    expect(user('carol').sshPublicKeys!.map((k) => k.status)).toEqual(['Active']);
  });

  it('a group joined while the question waited: the read-back finds it, no "disabled", no tag, exit 1', async () => {
    await sandbox.iam.createGroup('Ops');
    const r = await offboard('carol', { confirms: [true] }, { whileAsked: () => sandbox.iam.addUserToGroup('Ops', 'carol') });
    expect(r.exitCode).toBe(1);
    expect(r.transcript.some((l) => l.includes('carol is disabled') || l.includes('can no longer sign in'))).toBe(false);
    expect(r.transcript).toContain('[fail] carol is NOT disabled: after 3 changes, AWS still shows member of Ops.');
    const told = r.transcript.indexOf('Not tagged disabled. To turn off what is left, re-run (what is done is not redone):');
    expect(r.transcript[told + 1]).toBe('mvsp-setup offboard carol');
    expect(r.transcript.some((l) => l.startsWith('○ not done: Tag carol'))).toBe(true);
    expect(user('carol').tags[TAG_DISABLED_AT]).toBeUndefined();
    // the re-run plans what is left and then confirms it
    const again = await offboard('carol', { yes: true });
    expect(again.transcript).toContain('+ Remove carol from group Ops [iam:RemoveUserFromGroup]');
    expect(again.exitCode).toBe(0);
    expect(user('carol').tags[TAG_DISABLED_AT]).toBe(NOW.toISOString());
  });

  it('a NotFound taken as done is checked: the password still there is reported, exit 1, untagged', async () => {
    const gone = new AwsError({ kind: 'NotFound', action: 'iam:DeleteLoginProfile' });
    const gateway = { ...sandbox, iam: { ...sandbox.iam, deleteLoginProfile: async () => Promise.reject(gone) } };
    const r = await offboard('bob', { yes: true }, { gateway });
    expect(r.exitCode).toBe(1);
    expect(r.transcript.some((l) => /^\[fail\] bob is NOT disabled: after \d+ changes, AWS still shows a console password\.$/.test(l))).toBe(true);
    expect(user('bob').loginProfile).toBeDefined();
    expect(user('bob').tags[TAG_DISABLED_AT]).toBeUndefined();
  });

  it('a read-back that fails is not a pass: said, untagged, the exit code of the failure', async () => {
    const denied = new AwsError({ kind: 'AccessDenied', action: 'iam:ListGroupsForUser' });
    let reads = 0;
    const gateway = { ...sandbox, iam: { ...sandbox.iam, listGroupsForUser: async (n: string) => (++reads > 1 ? Promise.reject(denied) : sandbox.iam.listGroupsForUser(n)) } };
    const r = await offboard('bob', { yes: true }, { gateway });
    expect(r.exitCode).toBe(2);
    expect(r.transcript.some((l) => /^\[fail\] \d+ of 7 changes made, but bob could not be read back to confirm them: /.test(l))).toBe(true);
    expect(r.transcript.some((l) => l.includes('bob is disabled'))).toBe(false);
    expect(user('bob').tags[TAG_DISABLED_AT]).toBeUndefined();
  });

  it('plans to deactivate (not delete) each active SSH key, service-specific credential and signing certificate, and does', async () => {
    const ssh = sandbox.controls.addUserCredential('carol', 'ssh-public-key');
    const git = sandbox.controls.addUserCredential('carol', 'service-specific-credential', 'codecommit.amazonaws.com');
    const cert = sandbox.controls.addUserCredential('carol', 'signing-certificate');
    const r = await offboard('carol', { yes: true });
    expect(r.transcript).toContain(`+ Deactivate SSH public key ${ssh} [iam:UpdateSSHPublicKey]`);
    expect(r.transcript).toContain(`+ Deactivate service-specific credential ${git} for codecommit.amazonaws.com [iam:UpdateServiceSpecificCredential]`);
    expect(r.transcript).toContain(`+ Deactivate signing certificate ${cert} [iam:UpdateSigningCertificate]`);
    expect(r.exitCode).toBe(0);
    expect(r.transcript).toContain("carol can no longer sign in or call AWS: no password, active key, credential, certificate, MFA device or group; own sessions cut, not role sessions.");
    const carol = user('carol');
    expect(carol.sshPublicKeys!.map((k) => [k.id, k.status])).toEqual([[ssh, 'Inactive']]);
    expect(carol.serviceSpecificCredentials!.map((k) => [k.id, k.status])).toEqual([[git, 'Inactive']]);
    expect(carol.signingCertificates!.map((k) => [k.id, k.status])).toEqual([[cert, 'Inactive']]);

    const again = await offboard('carol', { yes: true });
    expect(again.transcript[0]).toBe('[pass] carol is already disabled: nothing to do.');
    expect(again.transcript).toContain('= SSH public keys of carol not active (1)');
  });

  it('a credential list it cannot read is unknown: said, never "disabled", no tag, exit 2 when denied', async () => {
    sandbox.controls.addUserCredential('carol', 'ssh-public-key');
    const denied = new AwsError({ kind: 'AccessDenied', action: 'iam:ListSSHPublicKeys' });
    const gateway = { ...sandbox, iam: { ...sandbox.iam, listSshPublicKeys: async () => Promise.reject(denied) } };
    const r = await offboard('carol', { yes: true }, { gateway });
    expect(r.transcript.some((l) => l.startsWith('! Could not read the SSH public keys of carol (iam:ListSSHPublicKeys: AccessDenied): any active one still works'))).toBe(true);
    expect(r.transcript).toContain('[fail] 3 changes made, but carol is not known to be disabled: SSH public keys could not be read.');
    expect(r.transcript).toContain('The user is kept, not tagged mvsp-setup:disabled-at: re-run once its credentials can be read.');
    expect(r.transcript.join('\n')).not.toMatch(/can no longer|grant nothing|carol is disabled|already disabled/);
    expect(r.exitCode).toBe(2);
    expect(user('carol').loginProfile).toBeUndefined();
    expect(user('carol').tags[TAG_DISABLED_AT]).toBeUndefined();
    expect(user('carol').sshPublicKeys!.map((k) => k.status)).toEqual(['Active']);

    // nothing else left to change but the revocation (an untagged user's is written again,
    // dated now): still not "already disabled", still untagged
    const again = await offboard('carol', { yes: true }, { gateway });
    expect(again.transcript).toContain("+ End carol's own sessions, not role sessions (Deny mvsp-setup-revoke-sessions) [iam:PutUserPolicy]");
    expect(again.transcript).toContain('[fail] 1 change made, but carol is not known to be disabled: SSH public keys could not be read.');
    expect(again.transcript.join('\n')).not.toMatch(/can no longer|carol is disabled|already disabled/);
    expect(again.exitCode).toBe(2);
    expect(user('carol').tags[TAG_DISABLED_AT]).toBeUndefined();
  });

  it('an inline policy is not said to grant nothing while a credential list is unknown', async () => {
    const failed = new AwsError({ kind: 'Throttled', action: 'iam:ListSigningCertificates' });
    const gateway = {
      ...sandbox,
      iam: { ...sandbox.iam, listUserPolicies: async () => ['inl'], listSigningCertificates: async () => Promise.reject(failed) },
    };
    const r = await offboard('carol', { yes: true }, { gateway });
    expect(r.transcript).toContain('! carol has inline policies (inl); left in place — they still grant what they allow to any credential that could not be read.');
    expect(r.exitCode).toBe(1);
  });
});
