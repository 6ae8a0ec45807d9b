// runOrgVerify over sandbox accounts (the in-memory gateway behind --demo, one per member):
// how many accounts run at once, what an unreachable member looks like, the exit code.
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/aws/errors.js';
import type { Gateway, OrganizationAccount } from '../../src/aws/port.js';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { MAX_ACCOUNTS_IN_FLIGHT, orgVerifyExitCode, runOrgVerify, worstStatus, type OrgProgress } from '../../src/steps/org-verify.js';

const MGMT = '111111111111';
const noWait = { sleep: async () => {} };

function organization(members: number, opts: { denied?: string[] } = {}) {
  const accounts: OrganizationAccount[] = [{ id: MGMT, name: 'management', email: 'a@acme.com', status: 'ACTIVE' }];
  for (let i = 0; i < members; i++) accounts.push({ id: String(200000000000 + i), name: `member-${i}`, email: `m${i}@acme.com`, status: 'ACTIVE' });
  const assumed: string[] = [];
  const base = createSandboxGateway({ accountId: MGMT, latencyMs: 2 });
  const gw: Gateway = {
    ...base,
    organizations: {
      ...base.organizations,
      describeOrganization: async () => ({ id: 'o-abcdefghij', managementAccountId: MGMT }),
      listAccounts: async () => accounts,
    },
    async forAccount(accountId, roleName) {
      assumed.push(`${accountId}/${roleName}`);
      if (opts.denied?.includes(accountId)) {
        throw new AwsError({ kind: 'AccessDenied', action: 'sts:AssumeRole', message: 'not authorized to perform: sts:AssumeRole' });
      }
      return createSandboxGateway({ accountId, latencyMs: 2 });
    },
  };
  return { gw, accounts, assumed };
}

async function caller(gw: Gateway) {
  return gw.sts.getCallerIdentity();
}

describe('runOrgVerify', () => {
  it('checks 20 members and the management account, never more than 8 at once, in ListAccounts order', async () => {
    const { gw, accounts, assumed } = organization(20);
    let active = 0;
    let most = 0;
    const onProgress = (e: OrgProgress) => {
      active += e.type === 'start' ? 1 : -1;
      most = Math.max(most, active);
    };
    const result = await runOrgVerify({ aws: gw, caller: await caller(gw), now: () => new Date('2026-11-24T12:00:00Z'), roleName: 'R', onProgress }, noWait);
    expect(result.accounts.map((a) => a.id)).toEqual(accounts.map((a) => a.id));
    expect(most).toBe(MAX_ACCOUNTS_IN_FLIGHT);
    expect(active).toBe(0);
    // the management account is read as itself
    expect(assumed).toHaveLength(20);
    expect(assumed.some((a) => a.startsWith(MGMT))).toBe(false);
    expect(assumed.every((a) => a.endsWith('/R'))).toBe(true);
    expect(result.accounts.every((a) => a.reachable)).toBe(true);
    // member-root-credentials for members only: the sandbox has no organization, so it warns
    expect(result.accounts.map((a) => a.checks.length)).toEqual([12, ...new Array(20).fill(13)]);
    expect(result.accounts[1]!.checks[12]).toMatchObject({ id: 'member-root-credentials', status: 'warn' });
  });

  it('an account whose role session is refused is unreachable, every check unknown naming why; exit 2 when nothing failed', async () => {
    const { gw } = organization(2, { denied: ['200000000001'] });
    const result = await runOrgVerify({ aws: gw, caller: await caller(gw), now: () => new Date(), roleName: 'OrganizationAccountAccessRole' }, noWait);
    const gone = result.accounts.find((a) => a.id === '200000000001')!;
    expect(gone.reachable).toBe(false);
    expect(gone.reason).toMatch(/OrganizationAccountAccessRole.*sts:AssumeRole/);
    expect(gone.checks.filter((c) => c.id !== 'member-root-credentials').every((c) => c.status === 'unknown')).toBe(true);
    expect(worstStatus(gone.checks)).toBe('unknown');
    // a fresh sandbox account fails root checks: 1 wins over 2
    expect(orgVerifyExitCode(result)).toBe(1);
    expect(orgVerifyExitCode({ ...result, accounts: [gone] })).toBe(2);
    const reached = result.accounts.filter((a) => a.reachable).map((a) => ({ ...a, checks: a.checks.map((c) => ({ ...c, status: 'pass' as const })) }));
    expect(orgVerifyExitCode({ ...result, accounts: reached })).toBe(0);
    expect(orgVerifyExitCode({ ...result, accounts: [...reached, gone] })).toBe(2);
  });

  it('a suspended account is not entered: unknown, with its status', async () => {
    const { gw, accounts, assumed } = organization(1);
    accounts[1]!.status = 'SUSPENDED';
    const result = await runOrgVerify({ aws: gw, caller: await caller(gw), now: () => new Date(), roleName: 'R' }, noWait);
    expect(result.accounts[1]).toMatchObject({ reachable: false, reason: 'its status is SUSPENDED' });
    expect(assumed).toEqual([]);
  });
});

describe('the --demo organization', () => {
  it('a management account and three members: one partly secured, one whose root holds a password and key, one unreachable', async () => {
    const gw = createSandboxGateway({ organization: true });
    const result = await runOrgVerify({ aws: gw, caller: await caller(gw), now: () => new Date(), roleName: 'OrganizationAccountAccessRole' }, noWait);
    const [mgmt, production, staging, sandbox] = result.accounts;
    expect(result.accounts.map((a) => a.name)).toEqual(['management', 'production', 'staging', 'sandbox']);
    expect(mgmt!.checks.map((c) => c.id)).not.toContain('member-root-credentials');
    const status = (a: typeof mgmt, id: string) => a!.checks.find((c) => c.id === id)?.status;
    expect(status(production, 'password-policy')).toBe('pass');
    expect(status(production, 'member-root-credentials')).toBe('pass');
    expect(status(staging, 'password-policy')).toBe('fail');
    expect(staging!.checks.find((c) => c.id === 'member-root-credentials')).toMatchObject({ status: 'fail', detail: expect.stringContaining('AKIADEMOROOTKEY00001') });
    expect(sandbox).toMatchObject({ reachable: false, reason: expect.stringContaining('sts:AssumeRole') });
    expect(status(sandbox, 'member-root-credentials')).toBe('fail');
  });
});
