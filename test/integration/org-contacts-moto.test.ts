// `setup --org --steps contacts` through the built binary, against moto's Organizations and
// Account API (alternate contacts with AccountId).
//
// Extension of the emulator (root-access-h.emulator.ts): moto has no account:GetPrimaryEmail,
// and lets any caller name another account's AccountId. The extension answers
// GetPrimaryEmail in the Account API's REST-JSON protocol and refuses AccountId calls, as AWS
// does, until Organizations' trusted access for account.amazonaws.com is on.
import { AccountClient, DeleteAlternateContactCommand, GetAlternateContactCommand, PutAlternateContactCommand, type AlternateContactType } from '@aws-sdk/client-account';
import { CreateAccountCommand, CreateOrganizationCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-run.js';
import { useOrgHarness } from '../helpers/org-harness.js';
import { enforcedCaller } from '../helpers/iam-user.js';
import { MOTO_ACCOUNT_ID, motoUrl, resetAuth, useMoto } from '../helpers/moto.js';

useMoto();

const POLICY = JSON.parse(readFileSync(new URL('../../policies/org-setup.json', import.meta.url), 'utf8')) as {
  Version: string;
  Statement: { Action: string[]; Condition?: object }[];
};
const TYPES: AlternateContactType[] = ['SECURITY', 'BILLING', 'OPERATIONS'];
const EMAILS = { production: 'aws+production@acme.com', staging: 'jane.doe@acme.com', sandbox: 'acme.sandbox.aws@gmail.com' } as const;

/** moto directly (not through the extension): the test's own view of every account's contacts */
const account = () => new AccountClient({ region: 'us-east-1', endpoint: motoUrl() });

async function contact(type: AlternateContactType, accountId?: string) {
  try {
    const out = await account().send(new GetAlternateContactCommand({ AlternateContactType: type, ...(accountId ? { AccountId: accountId } : {}) }));
    return out.AlternateContact ?? null;
  } catch (e) {
    if ((e as { name?: string }).name === 'ResourceNotFoundException') return null;
    throw e;
  }
}

async function put(type: AlternateContactType, who: string, accountId?: string) {
  await account().send(
    new PutAlternateContactCommand({
      AlternateContactType: type,
      Name: `${who} ${type.toLowerCase()}`,
      Title: 'Team',
      EmailAddress: `${type.toLowerCase()}@${who}.example.com`,
      PhoneNumber: '+14155550100',
      ...(accountId ? { AccountId: accountId } : {}),
    }),
  );
}

describe('mvsp-setup setup --org --steps contacts, the built binary, against moto and the Account extension', () => {
  const h = useOrgHarness();

  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(['setup', '--org', '--steps', 'contacts', '--ci', ...args], { env: { ...h.home.env, ...env }, cwd: h.home.cwd, timeoutMs: 120_000 });

  /** production has every contact, staging its own security contact only, sandbox none; the management account all three */
  async function organization() {
    const org = new OrganizationsClient({ region: 'us-east-1', endpoint: motoUrl() });
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const ids = {} as Record<keyof typeof EMAILS, string>;
    for (const name of ['production', 'staging', 'sandbox'] as const) {
      ids[name] = (await org.send(new CreateAccountCommand({ Email: EMAILS[name], AccountName: name }))).CreateAccountStatus!.AccountId!;
      h.emulator.primaryEmails.set(ids[name], EMAILS[name]);
    }
    for (const type of TYPES) {
      await put(type, 'mgmt');
      await put(type, 'prod', ids.production);
    }
    await put('SECURITY', 'staging', ids.staging);
    return ids;
  }

  it('without --yes: the trusted-access plan only, no member read, nothing changed', async () => {
    const ids = await organization();
    const r = await run([]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain("+ Turn on AWS Account Management's trusted access in the organization (account.amazonaws.com)  [organizations:EnableAWSServiceAccess]");
    expect(r.stdout).toContain('not read, AWS Account Management\'s trusted access is off');
    expect(h.emulator.accountTrustedAccess()).toBe(false);
    expect(await contact('BILLING', ids.sandbox)).toBeNull();
  }, 180_000);

  it('with --yes: trusted access on, missing member contacts copied from the management account and read back, root emails checked; a re-run plans nothing', async () => {
    const ids = await organization();
    const mgmt = Object.fromEntries(await Promise.all(TYPES.map(async (t) => [t, await contact(t)])));
    const r = await run(['--yes']);
    // the sandbox member's root email is on a free-mail domain: a root-email rule fails
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(h.emulator.accountTrustedAccess()).toBe(true);

    for (const t of TYPES) expect([t, await contact(t, ids.sandbox)]).toEqual([t, mgmt[t]]);
    // staging keeps its own security contact; gets the other two
    expect((await contact('SECURITY', ids.staging))!.Name).toBe('staging security');
    expect(await contact('BILLING', ids.staging)).toEqual(mgmt.BILLING);
    expect(await contact('OPERATIONS', ids.staging)).toEqual(mgmt.OPERATIONS);
    for (const t of TYPES) expect((await contact(t, ids.production))!.Name).toBe(`prod ${t.toLowerCase()}`);
    for (const t of TYPES) expect(await contact(t)).toEqual(mgmt[t]);

    expect(r.stdout).toContain(`read back: ${ids.sandbox} (sandbox): every contact set`);
    expect(r.stdout).toContain(`read back: ${ids.staging} (staging): every contact set`);
    expect(r.stdout).toMatch(new RegExp(`root email acme\\.sandbox\\.aws@gmail\\.com: FAIL gmail\\.com is a free-mail provider`));
    expect(r.stdout).toMatch(/root email jane\.doe@acme\.com: WARN jane\.doe@ looks like one person's mailbox/);
    expect(r.stdout).toContain('root email aws+production@acme.com: a shared alias on a business domain');

    // only members are named by AccountId: never the management account
    const named = h.proxy.calls().filter((c) => c.service === 'account').map((c) => (JSON.parse(c.body || '{}') as { AccountId?: string }).AccountId);
    expect(named).not.toContain(MOTO_ACCOUNT_ID);
    const puts = h.proxy.calls().filter((c) => c.id === 'account:PutAlternateContact');
    expect(puts).toHaveLength(5);

    h.proxy.clear();
    const again = await run(['--yes']);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Member contacts: plan\n  nothing to do');
    expect(h.proxy.calls().filter((c) => c.id === 'account:PutAlternateContact')).toEqual([]);
  }, 180_000);

  it('both steps, a member named and addressed with escape sequences: no control character reaches the output', async () => {
    const org = new OrganizationsClient({ region: 'us-east-1', endpoint: motoUrl() });
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const evil = (await org.send(new CreateAccountCommand({ Email: 'aws+evil@acme.com', AccountName: 'evil\u001b]52;c;aGk=\u0007\u001b[2J' }))).CreateAccountStatus!.AccountId!;
    // the name reaches the product as written: the test could fail
    expect((await org.send(new ListAccountsCommand({}))).Accounts!.find((a) => a.Id === evil)!.Name).toContain('\u001b]52');
    h.emulator.primaryEmails.set(evil, 'x\u001b[31m@acme.com');
    h.emulator.roots.set(evil, { password: true, accessKeys: [], mfaDevices: [], signingCertificates: [] });
    for (const type of TYPES) await put(type, 'mgmt');
    const r = await runCli(['setup', '--org', '--ci', '--yes'], { env: h.home.env, cwd: h.home.cwd, timeoutMs: 120_000 });
    expect(r.stdout).toContain(`${evil} (evil`);
    expect(r.stdout).toContain('== contacts');
    expect(r.stdout).toContain('== lockaway');
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    // the run still did its work for that member
    expect(h.emulator.roots.get(evil)!.password).toBe(false);
    expect(await contact('BILLING', evil)).toMatchObject({ Name: 'mgmt billing' });
  }, 180_000);

  it("policies/org-setup.json under moto's IAM enforcement: the contacts step runs with it alone (conditions aside, which moto cannot evaluate)", async () => {
    const ids = await organization();
    const unconditioned = { Version: POLICY.Version, Statement: POLICY.Statement.map(({ Condition: _c, ...st }) => st) };
    const keys = await enforcedCaller('org-contacts', { inline: unconditioned });
    h.proxy.clear();
    const r = await run(['--yes'], keys);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).not.toMatch(/access denied/i);
    const allowed = new Set(POLICY.Statement.flatMap((st) => st.Action));
    const refused = h.proxy.calls().filter((c) => c.status === 403).map((c) => c.id);
    expect([...new Set(refused)]).toEqual(['iam:ListAccountAliases']);
    for (const id of new Set(h.proxy.calls().map((c) => c.id))) if (id !== 'iam:ListAccountAliases') expect(allowed.has(id), id).toBe(true);
    expect(h.proxy.calls().filter((c) => c.id === 'account:PutAlternateContact' && c.status === 200)).toHaveLength(5);
    expect(r.stdout).toContain(`read back: ${ids.sandbox} (sandbox): every contact set`);

    // the control: a member's billing contact removed; without account:PutAlternateContact moto refuses to set it again
    await resetAuth(Infinity);
    await account().send(new DeleteAlternateContactCommand({ AlternateContactType: 'BILLING', AccountId: ids.sandbox }));
    const without = {
      ...unconditioned,
      Statement: unconditioned.Statement.map((st) => ({ ...st, Action: st.Action.filter((a) => a !== 'account:PutAlternateContact') })).filter((st) => st.Action.length),
    };
    const noPut = await run(['--yes'], await enforcedCaller('no-put', { inline: without }));
    expect(noPut.code).toBe(1);
    expect(noPut.stdout).toContain(`✖ ${ids.sandbox} (sandbox): set the billing contact to mgmt billing`);
    expect(noPut.stdout).toContain('Access denied: account:PutAlternateContact');
    await resetAuth(Infinity);
    expect(await contact('BILLING', ids.sandbox)).toBeNull();
  }, 180_000);
});
