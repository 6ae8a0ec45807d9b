// onboard end to end against moto through the real SDK gateway; the end state is read
// back with the SDK directly. Moto accepts any password and reports
// PasswordResetRequired false, so what is sent for the login profile is asserted on the
// plan in test/unit/onboard.test.ts instead.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserTagsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { createSession } from '../../src/session.js';
import { onboardLines, readEngineersFile, type OnboardRequest } from '../../src/commands/onboard-lines.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { MOTO_ACCOUNT_ID, useMoto } from '../helpers/moto.js';
import { seededBytes } from '../helpers/random.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const CALLER = `arn:aws:sts::${MOTO_ACCOUNT_ID}:user/moto`;
const iam = () => new IAMClient({ region: 'us-east-1' });

const CSV = [
  'name,email,group',
  'ann,ann@acme.com,Developers',
  'ben,ben@acme.com,Developers',
  'cat,cat@acme.com,ReadOnly',
  'bad name,dan@acme.com,Developers',
  'eve,eve@acme.com,Administrators',
  'fay,fay@acme.com,readonly',
  'gus,gus@gmail.com,Developers',
  'hal,hal@eng.acme.com,Developers',
  'ivy,ivy@acme.com,ReadOnly',
  'jon,jon@acme.com,Developers',
].join('\n');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvsp-onboard-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(req: Partial<OnboardRequest> & Pick<OnboardRequest, 'engineers' | 'bad'>, yes = true, seed = 1) {
  const out: string[] = [];
  const session = createSession({ demo: false, gateway: createSdkGateway({}), now: () => NOW, randomBytes: seededBytes(seed) });
  const code = await onboardLines(
    session,
    { source: null, emailDomain: null, welcomeFile: null, includePassword: false, ...req },
    ciIO((t) => out.push(t), { ci: true, yes }),
  );
  return { code, out: out.join('') };
}

async function fromCsv(extra: Partial<OnboardRequest> = {}, yes = true) {
  const path = join(dir, 'team.csv');
  await writeFile(path, CSV);
  const { engineers, bad } = await readEngineersFile(path);
  return run({ engineers, bad, source: 'team.csv', ...extra }, yes);
}

async function userNames(): Promise<string[]> {
  return ((await iam().send(new ListUsersCommand({}))).Users ?? []).map((u) => u.UserName!).sort();
}

describe('onboard against moto', () => {
  it('ten engineers from a CSV with two bad rows: eight set up, two reported by line, nothing for them; a re-run plans nothing', async () => {
    const first = await fromCsv();
    expect(first.code).toBe(1);
    expect(first.out).toContain('line 5 (bad name): name: A space is not allowed');
    expect(first.out).toContain('line 8 (gus): email: gmail.com is a free-mail provider');
    expect(first.out).toContain('8 set up, 0 not finished, 2 left out');

    expect(await userNames()).toEqual(['ann', 'ben', 'cat', 'eve', 'fay', 'hal', 'ivy', 'jon']);
    const c = iam();
    const groupsOf = async (u: string) => ((await c.send(new ListGroupsForUserCommand({ UserName: u }))).Groups ?? []).map((g) => g.GroupName);
    expect(await groupsOf('ann')).toEqual(['Developers']);
    expect(await groupsOf('fay')).toEqual(['ReadOnly']);
    expect(await groupsOf('eve')).toEqual(['Administrators']);
    const tags = Object.fromEntries(((await c.send(new ListUserTagsCommand({ UserName: 'hal' }))).Tags ?? []).map((t) => [t.Key, t.Value]));
    expect(tags).toEqual({ email: 'hal@eng.acme.com', 'mvsp-setup:created-by': CALLER, 'mvsp-setup:created-at': NOW.toISOString() });
    await expect(c.send(new GetLoginProfileCommand({ UserName: 'jon' }))).resolves.toBeDefined();
    expect((await c.send(new ListAccessKeysCommand({ UserName: 'jon' }))).AccessKeyMetadata).toEqual([]);
    for (const [g, p] of [
      ['Developers', 'PowerUserAccess'],
      ['ReadOnly', 'ReadOnlyAccess'],
      ['Administrators', 'AdministratorAccess'],
    ]) {
      const attached = ((await c.send(new ListAttachedGroupPoliciesCommand({ GroupName: g }))).AttachedPolicies ?? []).map((a) => a.PolicyName).sort();
      expect(attached).toEqual([p, 'RequireMFA'].sort());
    }

    const again = await fromCsv();
    expect(again.out).toContain('nothing to do: everything is already in place');
    expect(again.out).not.toMatch(/^\s+\+ /m);
    expect(again.out).toContain('8 set up, 0 not finished, 2 left out');
    expect(await userNames()).toHaveLength(8);
  });

  it('one engineer from flags; the welcome file holds the password only when asked, mode 0600', async () => {
    const welcome = join(dir, 'welcome.txt');
    const r = await run({ engineers: [{ name: 'bob', email: 'bob@acme.com', group: 'Developers' }], bad: [], welcomeFile: welcome });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Temporary password: \S{20}/);
    const text = await readFile(welcome, 'utf8');
    expect(text).toContain('User name:    bob');
    expect(text).toContain(`https://${MOTO_ACCOUNT_ID}.signin.aws.amazon.com/console`);
    expect(text).toContain('given to you separately');
    expect((await stat(welcome)).mode & 0o777).toBe(0o600);

    const withPassword = join(dir, 'with-password.txt');
    const r2 = await run({ engineers: [{ name: 'cid', email: 'cid@acme.com', group: 'Developers' }], bad: [], welcomeFile: withPassword, includePassword: true });
    expect(r2.code).toBe(0);
    // the password goes to the file, not to the log
    expect(r2.out).not.toMatch(/Temporary password: \S{20}/);
    expect(await readFile(withPassword, 'utf8')).toMatch(/Temporary password: \S{20}/);
    expect((await stat(withPassword)).mode & 0o777).toBe(0o600);
  });

  it('the company domain comes from existing users, so another domain is refused', async () => {
    await run({ engineers: [{ name: 'bob', email: 'bob@acme.com', group: 'Developers' }], bad: [] });
    const r = await run({ engineers: [{ name: 'mal', email: 'mal@other.io', group: 'Developers' }], bad: [] });
    expect(r.code).toBe(1);
    expect(r.out).toContain('Company email domain: acme.com');
    expect(r.out).toContain('Not on the company domain acme.com');
    expect(await userNames()).toEqual(['bob']);
  });

  it('a malformed address does not set the company domain: only it is left out, the valid row is set up', async () => {
    const path = join(dir, 'team.csv');
    await writeFile(path, ['name,email,group', 'carol,carol@bad_domain,Developers', 'alice,alice@acme.com,Developers'].join('\n'));
    const { engineers, bad } = await readEngineersFile(path);
    const r = await run({ engineers, bad, source: 'team.csv' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('Company email domain: acme.com');
    expect(r.out).toContain('line 2 (carol): email: The domain "bad_domain" has no top-level domain');
    expect(r.out).not.toContain('Not on the company domain');
    expect(r.out).toContain('1 set up, 0 not finished, 1 left out');
    expect(await userNames()).toEqual(['alice']);
  });

  it('an existing user of another person is not taken over', async () => {
    await run({ engineers: [{ name: 'bob', email: 'bob@acme.com', group: 'Developers' }], bad: [] });
    const r = await run({ engineers: [{ name: 'bob', email: 'robert@acme.com', group: 'Administrators' }], bad: [] });
    expect(r.code).toBe(1);
    expect(r.out).toContain('an IAM user bob already exists for bob@acme.com');
    expect(((await iam().send(new ListGroupsForUserCommand({ UserName: 'bob' }))).Groups ?? []).map((g) => g.GroupName)).toEqual(['Developers']);
  });

  it('without --yes only the plan is shown', async () => {
    const r = await fromCsv({}, false);
    expect(r.out).toContain('+ Create IAM user ann (tagged)  [iam:CreateUser]');
    expect(r.out).toContain('not applied (add --yes');
    expect(await userNames()).toEqual([]);
  });
});
