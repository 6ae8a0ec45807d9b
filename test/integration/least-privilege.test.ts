// policies/setup.json is exactly what the day-one flow needs: under moto's IAM
// enforcement a caller with only that policy completes the scripted flow, and without any
// one of its statements the flow stops with a message naming a missing action (all of
// them in the chaos suite; the default suite removes one).
// (sts:GetCallerIdentity is not in it: AWS answers that call whatever the policies say.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { motoUrl, useMoto } from '../helpers/moto.js';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { makeHome, runCli, STACK_TRACE } from '../helpers/cli-run.js';
import { CreateUserCommand, IAMClient, ListSigningCertificatesCommand, ListServiceSpecificCredentialsCommand, ListSSHPublicKeysCommand } from '@aws-sdk/client-iam';
import { enforcedCaller, giveOtherCredentials } from '../helpers/iam-user.js';
import { DAY_ONE_ANSWERS } from '../helpers/account-state.js';
import { BIN } from '../helpers/pty.js';
import { COMMAND_NAMES } from '../../src/args.js';

useMoto();

interface Statement {
  Sid: string;
  Effect: string;
  Action: string[];
  Resource: string | string[];
}

/** The same statement on resources of the same type that are not the tool's (its group, policy, rule or topic renamed). */
function elsewhere(s: Statement): Statement {
  const move = (r: string) => r.replace(/[^/:]+$/, 'not-mvsp');
  return { ...s, Resource: Array.isArray(s.Resource) ? s.Resource.map(move) : move(s.Resource) };
}
const POLICY = JSON.parse(readFileSync(new URL('../../policies/setup.json', import.meta.url), 'utf8')) as { Version: string; Statement: Statement[] };

describe('least privilege: policies/setup.json', () => {
  let proxy: AwsProxy;
  beforeAll(async () => {
    proxy = await startAwsProxy(motoUrl());
  });
  afterAll(async () => {
    await proxy.close();
  });

  async function flowWith(statements: Statement[]) {
    const keys = await enforcedCaller('operator', { inline: { Version: POLICY.Version, Statement: statements } });
    const home = makeHome(proxy.url, keys);
    try {
      writeFileSync(join(home.cwd, 'answers.json'), JSON.stringify(DAY_ONE_ANSWERS));
      return await runCli(['setup', '--ci', '--yes', '--answers', 'answers.json'], { env: home.env, cwd: home.cwd, timeoutMs: 60_000 });
    } finally {
      home.remove();
    }
  }

  it('a caller with exactly this policy completes the scripted day-one flow', async () => {
    const r = await flowWith(POLICY.Statement);
    expect(r.stdout).not.toMatch(/denied/i);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('with exactly this policy, a re-run of the alert step reads its confirmed subscription (filter policy) and finds it in place', async () => {
    const keys = await enforcedCaller('operator', { inline: POLICY });
    const home = makeHome(proxy.url, keys);
    try {
      writeFileSync(join(home.cwd, 'answers.json'), JSON.stringify({ alert: { email: 'security@acme.com', trail: false } }));
      const run = () => runCli(['setup', '--ci', '--yes', '--steps', 'alert', '--answers', 'answers.json'], { env: home.env, cwd: home.cwd, timeoutMs: 60_000 });
      const first = await run();
      expect(first.code, first.stdout + first.stderr).toBe(0);
      // moto confirms the email subscription at once: the second run reads its attributes
      const again = await run();
      expect(again.stdout + again.stderr).not.toMatch(/denied/i);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toMatch(/alert: done — .*already in place/);
    } finally {
      home.remove();
    }
  });

  // Each statement removed is a whole day-one flow: the default suite removes the first
  // admin's statement (the largest grant); the chaos suite (npm run test:chaos sets
  // MVSP_TESTS_EXHAUSTIVE=1) removes each statement in turn.
  const removals = process.env.MVSP_TESTS_EXHAUSTIVE === '1' ? POLICY.Statement : POLICY.Statement.filter((s) => s.Sid === 'MvspFirstAdmin');
  it('the default suite removes a statement that exists', () => {
    expect(removals.length).toBeGreaterThan(0);
  });

  it.each(removals.map((s) => [s.Sid, s] as const))('without %s the flow stops and names a missing action', async (sid, removed) => {
    const r = await flowWith(POLICY.Statement.filter((s) => s.Sid !== sid));
    const out = r.stdout + r.stderr;
    expect(r.code, out).not.toBe(0);
    expect(removed.Action.filter((a) => out.includes(a)), out).not.toEqual([]);
    expect(out).not.toMatch(STACK_TRACE);
  });

  // The emulator (test/helpers/moto-server.py) authorises IAM, EventBridge and SNS calls on
  // the group, user, policy, rule or topic they name, as AWS does: a statement scoped to
  // the tool's own resources is enough, and the same statement on other resources is not.
  const SCOPED = ['MvspAdministratorsGroup', 'MvspRequireMfaPolicy', 'MvspAlertRule', 'MvspAlertTopic'];
  it('scopes the first admin\'s group and policy, and the alert\'s rule and topic, to their ARNs', () => {
    for (const sid of SCOPED) {
      const s = POLICY.Statement.find((x) => x.Sid === sid);
      expect(s, sid).toBeDefined();
      expect(s!.Resource, sid).toMatch(/^arn:aws:(iam|events|sns):/);
    }
  });

  it.each(SCOPED)('with %s on other resources of its type, the flow stops and names one of its actions', async (sid) => {
    const moved = POLICY.Statement.find((s) => s.Sid === sid)!;
    const r = await flowWith(POLICY.Statement.map((s) => (s.Sid === sid ? elsewhere(s) : s)));
    const out = r.stdout + r.stderr;
    expect(r.code, out).not.toBe(0);
    expect(moved.Action.filter((a) => out.includes(a)), out).not.toEqual([]);
  });

  it('policies/people.json is enough to onboard and then offboard an engineer', async () => {
    const people = JSON.parse(readFileSync(new URL('../../policies/people.json', import.meta.url), 'utf8')) as { Statement: Statement[] };
    const keys = await enforcedCaller('lead', { inline: { Version: POLICY.Version, Statement: people.Statement } });
    const home = makeHome(proxy.url, keys);
    try {
      const on = await runCli(['onboard', '--ci', '--yes', '--user', 'bob', '--email', 'bob@acme.com', '--group', 'Developers'], { env: home.env, cwd: home.cwd });
      expect(on.code, on.stdout + on.stderr).toBe(0);
      // Developers exists now: judging whether it grants admin rights reads its policies
      const next = await runCli(['onboard', '--ci', '--yes', '--user', 'cy', '--email', 'cy@acme.com', '--group', 'Developers'], { env: home.env, cwd: home.cwd });
      expect(next.code, next.stdout + next.stderr).toBe(0);
      expect(next.stdout).not.toContain('Admin rights');
      const off = await runCli(['offboard', 'bob', '--ci', '--yes'], { env: home.env, cwd: home.cwd });
      expect(off.code, off.stdout + off.stderr).toBe(0);
      expect(off.stdout).toContain('own sessions cut, not role sessions');
      expect(on.stdout + next.stdout + off.stdout).not.toMatch(/denied/i);
      // the Deny is on the leaver alone: the lead goes on (reads the revocation back, offboards cy)
      const again = await runCli(['offboard', 'bob', '--ci', '--yes'], { env: home.env, cwd: home.cwd });
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toContain("= bob's own sessions issued before");
      const cy = await runCli(['offboard', 'cy', '--ci', '--yes'], { env: home.env, cwd: home.cwd });
      expect(cy.code, cy.stdout + cy.stderr).toBe(0);
    } finally {
      home.remove();
    }
  });

  // offboard reads and deactivates every credential besides the password and access keys
  // (SSH public keys, service-specific credentials, signing certificates): people.json grants
  // exactly those six actions, and without any one of them offboard does not pass. (moto lacks
  // service-specific credentials: test/helpers/moto-server.py adds them, authorised like its
  // other IAM calls.)
  const OTHER_CREDENTIALS = [
    'iam:ListSSHPublicKeys',
    'iam:UpdateSSHPublicKey',
    'iam:ListServiceSpecificCredentials',
    'iam:UpdateServiceSpecificCredential',
    'iam:ListSigningCertificates',
    'iam:UpdateSigningCertificate',
  ];
  async function offboardLeaver(without: string | null) {
    return offboardLeaverWith((statements) => statements.map((s) => ({ ...s, Action: s.Action.filter((a) => a !== without) })));
  }
  async function offboardLeaverWith(change: (statements: Statement[]) => Statement[]) {
    const people = JSON.parse(readFileSync(new URL('../../policies/people.json', import.meta.url), 'utf8')) as { Statement: Statement[] };
    const admin = new IAMClient({ region: 'us-east-1', endpoint: motoUrl(), credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    await admin.send(new CreateUserCommand({ UserName: 'leaver' }));
    const ids = await giveOtherCredentials(admin, 'leaver');
    admin.destroy();
    const statements = change(people.Statement);
    const keys = await enforcedCaller('lead', { inline: { Version: POLICY.Version, Statement: statements } });
    const home = makeHome(proxy.url, keys);
    try {
      const off = await runCli(['offboard', 'leaver', '--ci', '--yes'], { env: home.env, cwd: home.cwd });
      return { off, ids, keys };
    } finally {
      home.remove();
    }
  }

  it('policies/people.json holds the six actions for SSH keys, service-specific credentials and signing certificates', () => {
    const people = JSON.parse(readFileSync(new URL('../../policies/people.json', import.meta.url), 'utf8')) as { Statement: Statement[] };
    const granted = people.Statement.flatMap((s) => s.Action);
    expect(OTHER_CREDENTIALS.filter((a) => !granted.includes(a))).toEqual([]);
  });

  it('policies/people.json is enough to deactivate a leaver\'s SSH key, Git credential and signing certificate (read back)', async () => {
    const { off, ids, keys } = await offboardLeaver(null);
    expect(off.code, off.stdout + off.stderr).toBe(0);
    expect(off.stdout).not.toMatch(/denied/i);
    const lead = new IAMClient({ region: 'us-east-1', endpoint: motoUrl(), credentials: { accessKeyId: keys.AWS_ACCESS_KEY_ID, secretAccessKey: keys.AWS_SECRET_ACCESS_KEY } });
    try {
      const ssh = (await lead.send(new ListSSHPublicKeysCommand({ UserName: 'leaver' }))).SSHPublicKeys ?? [];
      const git = (await lead.send(new ListServiceSpecificCredentialsCommand({ UserName: 'leaver' }))).ServiceSpecificCredentials ?? [];
      const certs = (await lead.send(new ListSigningCertificatesCommand({ UserName: 'leaver' }))).Certificates ?? [];
      expect([...ssh.map((k) => [k.SSHPublicKeyId, k.Status]), ...git.map((k) => [k.ServiceSpecificCredentialId, k.Status]), ...certs.map((k) => [k.CertificateId, k.Status])]).toEqual([
        [ids.ssh, 'Inactive'],
        [ids.git, 'Inactive'],
        [ids.cert, 'Inactive'],
      ]);
    } finally {
      lead.destroy();
    }
  });

  // one read and one write by default (the write through the emulator extension); each in
  // turn in the exhaustive run (MVSP_TESTS_EXHAUSTIVE=1)
  const withoutEach = process.env.MVSP_TESTS_EXHAUSTIVE === '1' ? OTHER_CREDENTIALS : ['iam:ListSSHPublicKeys', 'iam:UpdateServiceSpecificCredential'];
  it.each(withoutEach)('policies/people.json without %s: offboard does not pass (exit 2) and names it', async (action) => {
    const { off } = await offboardLeaver(action);
    const out = off.stdout + off.stderr;
    expect(off.code, out).toBe(2);
    expect(out).toContain(action);
    expect(out).not.toMatch(/can no longer|leaver is disabled/);
    expect(out).not.toMatch(STACK_TRACE);
  });

  it('policies/people.json with MvspRevokeSessions on other users: offboard does not pass (exit 2) and names its action', async () => {
    const { off } = await offboardLeaverWith((statements) => statements.map((s) => (s.Sid === 'MvspRevokeSessions' ? elsewhere(s) : s)));
    const out = off.stdout + off.stderr;
    expect(off.code, out).toBe(2);
    expect(out).toMatch(/iam:(Get|Put)UserPolicy/);
    expect(out).not.toMatch(/can no longer|leaver is disabled|sessions cut/);
  });

  it('policies/people.json without iam:GetAccountAuthorizationDetails: a Developers group to create is "Admin rights unknown" on the plan', async () => {
    // PowerUserAccess allows sts:AssumeRole: whether Developers is an admin group depends on the roles it cannot read
    const people = JSON.parse(readFileSync(new URL('../../policies/people.json', import.meta.url), 'utf8')) as { Statement: Statement[] };
    const statements = people.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => a !== 'iam:GetAccountAuthorizationDetails') }));
    const keys = await enforcedCaller('lead', { inline: { Version: POLICY.Version, Statement: statements } });
    const home = makeHome(proxy.url, keys);
    try {
      const on = await runCli(['onboard', '--ci', '--user', 'bob', '--email', 'bob@acme.com', '--group', 'Developers'], { env: home.env, cwd: home.cwd });
      const out = on.stdout + on.stderr;
      expect(out).toContain('Create group Developers');
      expect(out).toMatch(/⚠ Admin rights unknown: could not tell whether Developers is an admin group \(iam:GetAccountAuthorizationDetails failed: [^\n]*\); bob joins it\./);
    } finally {
      home.remove();
    }
  });

  it.each(['MvspTeamGroups', 'MvspReadyGroups', 'MvspRequireMfaPolicy'])(
    'policies/people.json with %s on other resources of its type: onboard stops and names one of its actions',
    async (sid) => {
      const people = JSON.parse(readFileSync(new URL('../../policies/people.json', import.meta.url), 'utf8')) as { Statement: Statement[] };
      const moved = people.Statement.find((s) => s.Sid === sid)!;
      expect(moved.Resource).not.toBe('*');
      const keys = await enforcedCaller('lead', { inline: { Version: POLICY.Version, Statement: people.Statement.map((s) => (s.Sid === sid ? elsewhere(s) : s)) } });
      const home = makeHome(proxy.url, keys);
      try {
        const on = await runCli(['onboard', '--ci', '--yes', '--user', 'bob', '--email', 'bob@acme.com', '--group', 'Developers'], { env: home.env, cwd: home.cwd });
        const out = on.stdout + on.stderr;
        expect(on.code, out).not.toBe(0);
        expect(moved.Action.filter((a) => out.includes(a)), out).not.toEqual([]);
      } finally {
        home.remove();
      }
    },
  );

  it('--print-policy prints the policy of each command: verify.json, people.json for onboard/offboard, setup.json for the rest', () => {
    const file = (c: string) => (c === 'verify' ? 'verify' : c === 'onboard' || c === 'offboard' ? 'people' : 'setup');
    for (const command of COMMAND_NAMES) {
      const r = spawnSync(process.execPath, [BIN, command, '--print-policy'], { encoding: 'utf8', timeout: 20_000 });
      expect(r.status, command).toBe(0);
      const want = readFileSync(new URL(`../../policies/${file(command)}.json`, import.meta.url), 'utf8');
      expect(JSON.parse(r.stdout), command).toEqual(JSON.parse(want));
    }
  });
});
