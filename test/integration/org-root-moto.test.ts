// `setup --org --steps lockaway` through the built binary, against moto's Organizations.
//
// Extension of the emulator: moto has no centralized root access. root-access-h.emulator.ts
// answers, in IAM's and STS's real query protocol, sts:AssumeRoot, iam:ListOrganizationsFeatures,
// iam:EnableOrganizationsRootCredentialsManagement / …RootSessions, IAM's trusted access
// (organizations:EnableAWSServiceAccess for iam.amazonaws.com) and the calls a root session
// makes against each member's root, which it keeps. The product's SDK clients are unchanged.
import { CreateAccountCommand, CreateOrganizationCommand, EnableAWSServiceAccessCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { EnableOrganizationsRootCredentialsManagementCommand, EnableOrganizationsRootSessionsCommand, IAMClient } from '@aws-sdk/client-iam';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OrgVerifyDocument } from '../../src/steps/org-verify.js';
import { runCli } from '../helpers/cli-run.js';
import { useOrgHarness } from '../helpers/org-harness.js';
import { enforcedCaller } from '../helpers/iam-user.js';
import { MOTO_ACCOUNT_ID, motoUrl, resetAuth, useMoto } from '../helpers/moto.js';
import { runInPty } from '../helpers/pty.js';
import type { MemberRoot } from '../helpers/root-access-emulator.js';

const holds = (r: MemberRoot) => r.password || r.accessKeys.length > 0 || r.signingCertificates.length > 0;

useMoto();

const DELETE_TASK = 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials';
const AUDIT_TASK = 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials';
/** what a root session calls, as the member's root (allowed by the task policy, not the caller's) */
const ROOT_SESSION_CALLS = new Set(
  ['GetLoginProfile', 'ListAccessKeys', 'ListMFADevices', 'ListSigningCertificates', 'DeleteLoginProfile', 'DeleteAccessKey', 'DeactivateMFADevice', 'DeleteSigningCertificate'].map((a) => `iam:${a}`),
);

interface Statement {
  Sid: string;
  Action: string[];
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}
const POLICY = JSON.parse(readFileSync(new URL('../../policies/org-setup.json', import.meta.url), 'utf8')) as { Version: string; Statement: Statement[] };

async function createOrganization(): Promise<Record<'production' | 'staging' | 'sandbox', string>> {
  const org = new OrganizationsClient({ region: 'us-east-1', endpoint: motoUrl() });
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const create = async (name: string) => (await org.send(new CreateAccountCommand({ Email: `aws+${name}@acme.com`, AccountName: name }))).CreateAccountStatus!.AccountId!;
  const ids = { production: await create('production'), staging: await create('staging'), sandbox: await create('sandbox') };
  org.destroy();
  return ids;
}

describe('mvsp-setup setup --org --steps lockaway, the built binary, against moto and the root-access extension', () => {
  const h = useOrgHarness();

  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(['setup', '--org', '--steps', 'lockaway', '--ci', ...args], { env: { ...h.home.env, ...env }, cwd: h.home.cwd, timeoutMs: 120_000 });

  async function seedRoots() {
    const ids = await createOrganization();
    h.emulator.roots.set(MOTO_ACCOUNT_ID, { password: true, accessKeys: ['AKIAMGMTROOTKEY00001'], mfaDevices: [], signingCertificates: [] });
    h.emulator.roots.set(ids.production, { password: false, accessKeys: [], mfaDevices: [], signingCertificates: [] });
    h.emulator.roots.set(ids.staging, {
      password: true,
      accessKeys: ['AKIAROOTKEY00000001', 'AKIAROOTKEY00000002'],
      mfaDevices: [`arn:aws:iam::${ids.staging}:mfa/root-device`],
      signingCertificates: ['CERTROOT0000000001'],
    });
    // MFA only: nothing to sign in with, so nothing to delete
    h.emulator.roots.set(ids.sandbox, { password: false, accessKeys: [], mfaDevices: [`arn:aws:iam::${ids.sandbox}:mfa/root-device`], signingCertificates: [] });
    return ids;
  }

  it('without --yes: the plan to turn centralized root access on, nothing changed, exit 0', async () => {
    await seedRoots();
    const r = await run([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("+ Turn on IAM's trusted access in the organization (iam.amazonaws.com)  [organizations:EnableAWSServiceAccess]");
    expect(r.stdout).toContain('[iam:EnableOrganizationsRootCredentialsManagement]');
    expect(r.stdout).toContain('[iam:EnableOrganizationsRootSessions]');
    expect(r.stdout).toContain('not applied (add --yes to apply this plan)');
    expect(r.stdout).toContain('not audited, centralized root credentials management is off');
    expect(h.emulator.trustedAccess()).toBe(false);
    expect([...h.emulator.features]).toEqual([]);
    expect(h.emulator.sessions()).toEqual([]);
  }, 180_000);

  it('with --yes: turns centralized root access on, deletes what member roots hold, reads it back; never the management account; a re-run plans nothing', async () => {
    const ids = await seedRoots();
    const r = await run(['--yes']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(h.emulator.trustedAccess()).toBe(true);
    expect([...h.emulator.features].sort()).toEqual(['RootCredentialsManagement', 'RootSessions']);

    // what deleting means is said before it is done
    expect(r.stdout).toContain('Password recovery stays possible');
    expect(r.stdout).toContain('root email');
    expect(r.stdout).toMatch(new RegExp(`Delete the root credentials of ${ids.staging} \\(staging\\): a console password, 2 access key\\(s\\) \\(AKIAROOTKEY00000001, AKIAROOTKEY00000002\\), 1 signing certificate\\(s\\) \\(CERTROOT0000000001\\), 1 MFA device\\(s\\)`));
    expect(r.stdout).toContain(`read back: ✔ ${ids.staging} (staging): root has no credentials`);

    // the end state, as the emulator's root holds it
    expect(h.emulator.roots.get(ids.staging)).toEqual({ password: false, accessKeys: [], mfaDevices: [], signingCertificates: [] });
    expect(h.emulator.roots.get(ids.sandbox)!.mfaDevices).toHaveLength(1);
    expect(h.emulator.roots.get(MOTO_ACCOUNT_ID)).toEqual({ password: true, accessKeys: ['AKIAMGMTROOTKEY00001'], mfaDevices: [], signingCertificates: [] });

    // a delete session only where something was deleted; no root session ever in the management account
    const sessions = h.emulator.sessions();
    expect(sessions.filter((s) => s.task === DELETE_TASK).map((s) => s.accountId)).toEqual([ids.staging]);
    expect(sessions.map((s) => s.accountId)).not.toContain(MOTO_ACCOUNT_ID);
    // every member audited, staging again to read it back (a call the SDK retried on a busy
    // machine is answered twice: the set and the read-back are what matter, not the count)
    const audited = sessions.filter((s) => s.task === AUDIT_TASK).map((s) => s.accountId);
    expect([...new Set(audited)].sort()).toEqual(Object.values(ids).sort());
    expect(audited.filter((a) => a === ids.staging).length).toBeGreaterThanOrEqual(2);
    expect(r.stdout).not.toContain(`${MOTO_ACCOUNT_ID} (`);

    // read back through the monthly check's audit
    const check = await runCli(['verify', '--org', '--ci', '--json'], { env: h.home.env, cwd: h.home.cwd, timeoutMs: 120_000 });
    const doc = JSON.parse(check.stdout) as OrgVerifyDocument;
    for (const id of Object.values(ids)) {
      expect([id, doc.accounts.find((a) => a.id === id)!.checks.find((c) => c.id === 'member-root-credentials')!.status]).toEqual([id, 'pass']);
    }

    const before = h.emulator.sessions().length;
    const again = await run(['--yes']);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain('Centralized root access: plan\n  nothing to do');
    expect(again.stdout).toContain('nothing to delete');
    expect(again.stdout).not.toContain('Delete the root credentials');
    expect(h.emulator.sessions().slice(before).every((s) => s.task === AUDIT_TASK)).toBe(true);
  }, 180_000);

  it('in a terminal: what deleting means, then one confirm per account; Enter alone keeps that root as it is', async () => {
    const ids = await seedRoots();
    const mgmt = { region: 'us-east-1', endpoint: h.emulator.url };
    await new OrganizationsClient(mgmt).send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'iam.amazonaws.com' }));
    await new IAMClient(mgmt).send(new EnableOrganizationsRootCredentialsManagementCommand({}));
    await new IAMClient(mgmt).send(new EnableOrganizationsRootSessionsCommand({}));
    h.emulator.roots.set(ids.production, { password: true, accessKeys: [], mfaDevices: [], signingCertificates: [] });
    const p = runInPty(['setup', '--org', '--steps', 'lockaway'], { env: h.home.env, cwd: h.home.cwd });
    try {
      const question = /\?\s+Delete\s+the\s+root\s+credentials\s+of\s+(\d{12})\s+\(\w+\)\?\s+\(yes\s+or\s+no,\s+Enter\s+for\s+no\): $/;
      await p.waitFor(question, 60_000);
      expect(p.text()).toContain('Password recovery stays possible');
      const first = question.exec(p.text())![1]!;
      p.write('yes\r');
      await p.waitFor(new RegExp(`read back: ✔ ${first}`), 60_000);
      const asked = new RegExp(`\\?\\s+Delete\\s+the\\s+root\\s+credentials\\s+of\\s+(?!${first})(\\d{12})\\s+\\(\\w+\\)\\?\\s+\\(yes\\s+or\\s+no,\\s+Enter\\s+for\\s+no\\): $`);
      await p.waitFor(asked, 60_000);
      const second = asked.exec(p.text())![1]!;
      p.write('\r');
      expect(await p.exited).toBe(0);
      expect(p.text()).toMatch(new RegExp(`Root of ${second} \\(\\w+\\): not deleted\\n`));
      expect(new Set([first, second])).toEqual(new Set([ids.production, ids.staging]));
      expect(holds(h.emulator.roots.get(first)!)).toBe(false);
      expect(holds(h.emulator.roots.get(second)!)).toBe(true);
      // the management account is never asked about
      expect(p.text()).not.toContain(`credentials of ${MOTO_ACCOUNT_ID}`);
      expect(h.emulator.roots.get(MOTO_ACCOUNT_ID)!.password).toBe(true);
    } finally {
      p.kill();
    }
  }, 180_000);

  it('outside an organization: exit 2, says so, no change', async () => {
    const r = await run(['--yes']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('not in an AWS Organization');
    expect(h.emulator.trustedAccess()).toBe(false);
  });

  it('day-one steps or answers with --org: usage error, exit 2, no AWS call', async () => {
    for (const args of [['setup', '--org', '--steps', 'admin,lockaway'], ['setup', '--org', '--admin-user', 'alice'], ['setup', '--org', '--answers', 'a.json']]) {
      const r = await runCli([...args, '--ci', '--yes'], { env: h.home.env, cwd: h.home.cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--org|day-one/);
    }
    expect(h.proxy.calls()).toEqual([]);
  });

  it('--print-policy with setup --org prints policies/org-setup.json, no AWS call', async () => {
    const r = await runCli(['setup', '--org', '--print-policy'], { env: h.home.env, cwd: h.home.cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(POLICY);
    expect(h.proxy.calls()).toEqual([]);
  });

  describe("policies/org-setup.json under moto's IAM enforcement", () => {
    // moto evaluates no condition keys but sts:ExternalId: a Condition makes its statement
    // allow nothing there. The statements are run without their conditions, which are
    // asserted as written instead.
    const unconditioned = (drop: string[] = []) => ({
      Version: POLICY.Version,
      Statement: POLICY.Statement.map(({ Condition: _c, ...st }) => ({ ...st, Action: st.Action.filter((a) => !drop.includes(a)) })).filter((st) => st.Action.length > 0),
    });

    it('a user holding only the policy does the whole step, calling only actions it allows; its conditions pin the root tasks and IAM', async () => {
      const ids = await seedRoots();
      const keys = await enforcedCaller('org-setup', { inline: unconditioned() });
      h.proxy.clear();
      const r = await run(['--yes'], keys);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(h.emulator.roots.get(ids.staging)).toEqual({ password: false, accessKeys: [], mfaDevices: [], signingCertificates: [] });
      const allowed = new Set(POLICY.Statement.flatMap((st) => st.Action));
      // the caller's calls (a root session's are the task policy's, checked by the extension)
      const calls = h.proxy.calls().filter((c) => !ROOT_SESSION_CALLS.has(c.id));
      const called = new Set(calls.filter((c) => c.status !== null && c.status < 400).map((c) => c.id));
      // the one refusal: the sign-in URL's alias, which the run reads if it may and does without
      expect([...new Set(calls.filter((c) => c.status === 403).map((c) => c.id))]).toEqual(['iam:ListAccountAliases']);
      for (const id of called) expect(allowed.has(id), id).toBe(true);
      for (const id of ['organizations:EnableAWSServiceAccess', 'iam:EnableOrganizationsRootCredentialsManagement', 'iam:EnableOrganizationsRootSessions', 'sts:AssumeRoot']) {
        expect(called.has(id), id).toBe(true);
      }
      const assumeRoot = POLICY.Statement.find((st) => st.Action.includes('sts:AssumeRoot'))!;
      expect(assumeRoot.Condition).toEqual({ StringEquals: { 'sts:TaskPolicyArn': [AUDIT_TASK, DELETE_TASK] } });
      const trusted = POLICY.Statement.find((st) => st.Action.includes('organizations:EnableAWSServiceAccess'))!;
      expect(trusted.Condition).toEqual({ StringEquals: { 'organizations:ServicePrincipal': ['account.amazonaws.com', 'iam.amazonaws.com'] } });
    }, 180_000);

    it('the control: without iam:EnableOrganizationsRootSessions, moto refuses it and the step stops there, exit 1; without sts:AssumeRoot nothing is deleted', async () => {
      const ids = await seedRoots();
      const noSessions = await run(['--yes'], await enforcedCaller('no-sessions', { inline: unconditioned(['iam:EnableOrganizationsRootSessions']) }));
      expect(noSessions.code).toBe(1);
      expect(noSessions.stdout).toContain('✖ Turn on privileged root sessions: root-only tasks in a member without its root password: Access denied: iam:EnableOrganizationsRootSessions');
      expect(noSessions.stdout).toContain('Centralized root access: ✖ stopped after a failure');
      expect(noSessions.stdout).not.toContain('Member root credentials: auditing');
      expect([...h.emulator.features]).not.toContain('RootSessions');

      await resetAuth(Infinity);
      const noRoot = await run(['--yes'], await enforcedCaller('no-root', { inline: unconditioned(['sts:AssumeRoot']) }));
      expect(noRoot.code).toBe(1);
      expect(noRoot.stdout).toContain(`? ${ids.staging} (staging): not audited: access denied: the caller may not call sts:AssumeRoot`);
      expect(h.emulator.roots.get(ids.staging)!.accessKeys).toHaveLength(2);
    }, 180_000);
  });
});
