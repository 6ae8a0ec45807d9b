// setup --org --steps lockaway over the --demo organization (the in-memory sandbox), and the
// centralized-root-access plan from accounts that are not the management account.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { runOrgSetupHeadless } from '../../src/headless/org-setup.js';
import { createSession } from '../../src/session.js';
import { contactMembers } from '../../src/steps/org-contacts.js';
import { memberAccounts, planCentralizedRootAccess, planDeleteRootCredentials, type OrgRootState } from '../../src/steps/org-root.js';

const MGMT = '111122223333';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function demo() {
  const gw = createSandboxGateway({ accountId: MGMT, organization: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'mvsp-org-root-'));
  dirs.push(dataDir);
  const session = createSession({ demo: true, gateway: gw, dataDir });
  const run = async (yes: boolean) => {
    let out = '';
    const code = await runOrgSetupHeadless(session, ['lockaway'], ciIO((t) => (out += t), yes ? { yes: true, ci: true } : { ci: true }));
    return { code, out };
  };
  return { gw, run };
}

describe('setup --org --steps lockaway on the --demo organization', () => {
  it('--yes deletes what member roots hold, reads it back, never offers the management account; a re-run plans nothing', async () => {
    const { gw, run } = demo();
    const first = await run(true);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain('Password recovery stays possible');
    expect(first.out).toContain('read back: ✔ 333344445555 (staging): root has no credentials');
    expect(first.out).toContain('read back: ✔ 444455556666 (sandbox): root has no credentials');
    expect(first.out).not.toContain('credentials of 222233334444');
    expect(first.out).not.toContain(`credentials of ${MGMT}`);
    for (const id of ['222233334444', '333344445555', '444455556666']) {
      expect(await gw.rootAccess.auditRootCredentials(id)).toEqual({ loginProfile: false, accessKeys: [], mfaDevices: [], signingCertificates: [] });
    }
    // the management account has no root session at all
    await expect(gw.rootAccess.auditRootCredentials(MGMT)).rejects.toMatchObject({ kind: 'AccessDenied' });

    const again = await run(true);
    expect(again.code).toBe(0);
    expect(again.out).toContain('nothing to delete');
    expect(again.out).not.toContain('Delete the root credentials');
  });

  it('without --yes in --ci: each plan shown, nothing deleted, exit 0', async () => {
    const { gw, run } = demo();
    const r = await run(false);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Root of 333344445555 (staging): not deleted (add --yes to delete)');
    expect((await gw.rootAccess.auditRootCredentials('333344445555')).accessKeys).toEqual(['AKIADEMOROOTKEY00001']);
  });
});

describe('planCentralizedRootAccess', () => {
  const state = (over: Partial<OrgRootState>): OrgRootState => ({
    organization: { id: 'o-abcdefghij', managementAccountId: MGMT },
    accounts: [],
    features: null,
    isManagement: true,
    ...over,
  });

  it('management account, all off: trusted access first, then the two features', () => {
    const plan = planCentralizedRootAccess(state({}));
    expect(plan.actions.map((a) => [a.call, a.phase])).toEqual([
      ['organizations:EnableAWSServiceAccess', 1],
      ['iam:EnableOrganizationsRootCredentialsManagement', 2],
      ['iam:EnableOrganizationsRootSessions', 2],
    ]);
  });

  it('another account with trusted access off: nothing it could do, said with where to run it', () => {
    const plan = planCentralizedRootAccess(state({ isManagement: false }));
    expect(plan.actions).toEqual([]);
    expect(plan.notes!.join(' ')).toContain(`only the management account (${MGMT})`);
  });

  it('the IAM delegated administrator with trusted access on: the missing feature only', () => {
    const plan = planCentralizedRootAccess(state({ isManagement: false, features: { organizationId: 'o-abcdefghij', enabledFeatures: ['RootCredentialsManagement'] } }));
    expect(plan.actions.map((a) => a.call)).toEqual(['iam:EnableOrganizationsRootSessions']);
    expect(plan.existing).toHaveLength(2);
  });
});

describe('planDeleteRootCredentials', () => {
  const account = { id: '222233334444', name: 'production', email: 'a@acme.com', status: 'ACTIVE' };
  it('MFA devices alone are kept: nothing to delete', () => {
    const plan = planDeleteRootCredentials({ account, root: { loginProfile: false, accessKeys: [], mfaDevices: ['arn:aws:iam::222233334444:mfa/root'], signingCertificates: [] } });
    expect(plan.actions).toEqual([]);
  });
  it('an audit that failed plans nothing and says why', () => {
    const plan = planDeleteRootCredentials({ account, root: null, error: 'access denied' });
    expect(plan.actions).toEqual([]);
    expect(plan.notes![0]).toContain('could not be audited: access denied');
  });
});

describe('setup --org --steps contacts on the --demo organization', () => {
  it("turns on Account Management's trusted access, reads every member, checks root emails with the root-email rules", async () => {
    const gw = createSandboxGateway({ accountId: MGMT, organization: true });
    await gw.account.putAlternateContact('SECURITY', { name: 'Sec Team', title: 'Security', email: 'security@acme.com', phone: '+14155550100' });
    const dataDir = mkdtempSync(join(tmpdir(), 'mvsp-org-contacts-'));
    dirs.push(dataDir);
    const session = createSession({ demo: true, gateway: gw, dataDir });
    let out = '';
    const code = await runOrgSetupHeadless(session, ['contacts'], ciIO((t) => (out += t), { yes: true, ci: true }));
    // staging's root email is one person's, sandbox's is on free mail (a fail)
    expect(code, out).toBe(1);
    expect(out).toContain("✔ Turn on AWS Account Management's trusted access in the organization (account.amazonaws.com)");
    expect(out).toMatch(/root email maria\.garcia@acme\.com: WARN/);
    expect(out).toMatch(/root email acme\.sandbox\.aws@gmail\.com: FAIL/);
    // the management account's security contact is copied where it is missing; billing and operations it lacks itself
    expect(await gw.account.getAlternateContact('SECURITY', '333344445555')).toMatchObject({ email: 'security@acme.com' });
    expect(await gw.account.getAlternateContact('BILLING', '333344445555')).toBeNull();
    expect(await gw.account.getAlternateContact('SECURITY', '222233334444')).toMatchObject({ email: 'security@acme.com' });
    expect(out).toContain('The management account has no billing contact to copy');
    expect(out).not.toContain(`${MGMT} (`);
  });
});

describe('the accounts the organization steps touch', () => {
  it('ACTIVE members only: never the management account, the caller, a suspended account or an id that is not 12 digits', () => {
    const a = (id: string, status = 'ACTIVE') => ({ id, name: id, email: `${id}@acme.com`, status });
    const state = {
      organization: { id: 'o-abcdefghij', managementAccountId: MGMT },
      accounts: [a(MGMT), a('222233334444'), a('333344445555', 'SUSPENDED'), a('444455556666'), a('5555;rm'), a('666677778888')],
    };
    const caller = { accountId: '444455556666', arn: 'arn:aws:iam::444455556666:user/delegated', kind: 'user' as const, name: 'delegated' };
    for (const pick of [memberAccounts, contactMembers]) expect(pick(state, caller).map((x) => x.id)).toEqual(['222233334444', '666677778888']);
  });
});
