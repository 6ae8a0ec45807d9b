// Secrets stay in memory: after scripted runs in a throw-away HOME / XDG dirs / working
// directory, the generated password (learnt from the CreateLoginProfile request the proxy
// saw) and any MFA seed (learnt from the CreateVirtualMFADevice response) are in no file
// under them, in no --json output and in no error message; files naming people are 0600.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { motoUrl, useMoto } from '../helpers/moto.js';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { listFiles, makeHome, readAll, runCli, type Sandbox } from '../helpers/cli-run.js';
import { DAY_ONE_ANSWERS } from '../helpers/account-state.js';
import { runInPty } from '../helpers/pty.js';
import * as OTPAuth from 'otpauth';

useMoto();

function formValue(body: string, key: string): string | null {
  const m = new RegExp(`(?:^|&)${key}=([^&]*)`).exec(body);
  return m ? decodeURIComponent(m[1]!.replace(/\+/g, ' ')) : null;
}

/** The forms a secret could be written in: as is, URL-encoded, JSON-escaped, base64. */
function spellings(secret: string): string[] {
  const grouped = secret.match(/.{1,4}/g)?.join(' ') ?? secret;
  return [...new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64'), grouped])];
}

describe('secrets stay in memory', () => {
  let proxy: AwsProxy;
  let home: Sandbox;
  const secrets: string[] = [];

  beforeAll(async () => {
    proxy = await startAwsProxy(motoUrl());
    proxy.onResponse((call, body) => {
      if (call.action === 'CreateVirtualMFADevice') {
        const seed = /<Base32StringSeed>([^<]+)<\/Base32StringSeed>/.exec(body)?.[1];
        if (seed) secrets.push(Buffer.from(seed, 'base64').toString('utf8'), seed);
      }
    });
  });
  afterAll(async () => {
    await proxy.close();
  });
  beforeEach(() => {
    proxy.clear();
    home = makeHome(proxy.url);
    return () => home.remove();
  });

  it('after the scripted day-one flow, verify --json and a failing run: no secret in any file, output or error; files naming people are 0600', async () => {
    writeFileSync(join(home.cwd, 'answers.json'), JSON.stringify(DAY_ONE_ANSWERS));
    const setup = await runCli(['setup', '--ci', '--yes', '--answers', 'answers.json'], { env: home.env, cwd: home.cwd });
    expect(setup.stderr).toBe('');
    expect(setup.code, setup.stdout).toBe(0);

    const passwords = proxy
      .calls()
      .filter((c) => c.action === 'CreateLoginProfile')
      .map((c) => formValue(c.body, 'Password'))
      .filter((p): p is string => !!p);
    expect(passwords).toHaveLength(1);
    secrets.push(...passwords);
    // by design a --ci run without --password-file shows the password once, on stdout
    expect(setup.stdout).toContain(passwords[0]);

    // the MFA enrolment is interactive: in a terminal, with codes computed from the seed the proxy saw
    const mfa = runInPty(['mfa', '--user', 'alice'], { env: home.env, cwd: home.cwd });
    await mfa.waitFor('Apply this plan (1 change)?', 20_000);
    mfa.write('y');
    await mfa.waitFor('First code:', 20_000);
    const base32 = secrets.find((x) => /^[A-Z2-7]{16,}=*$/.test(x));
    expect(base32).toBeDefined();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(base32!), digits: 6, period: 30, algorithm: 'SHA1' });
    const now = Date.now();
    for (const [label, at] of [['First code:', now], ['Second code (the next one):', now + 30_000]] as const) {
      await mfa.waitFor(label, 10_000);
      await new Promise((r) => setTimeout(r, 150));
      const code = totp.generate({ timestamp: at });
      for (const digit of code) {
        mfa.write(digit);
        await new Promise((r) => setTimeout(r, 30));
      }
      await new Promise((r) => setTimeout(r, 150));
      mfa.write('\r');
    }
    await mfa.waitFor('MFA enabled for alice', 20_000);
    const mfaExit = await Promise.race([mfa.exited, new Promise<number>((r) => setTimeout(() => r(-1), 10_000))]);
    if (mfaExit === -1) mfa.kill();
    expect(mfaExit).toBe(0);

    const verify = await runCli(['verify', '--ci', '--json'], { env: home.env, cwd: home.cwd });
    expect([0, 1]).toContain(verify.code);
    JSON.parse(verify.stdout);

    // a second admin whose console password is refused: the error lines carry no secret
    proxy.setFault((c) => (c.action === 'CreateLoginProfile' ? 'denied' : null));
    const failing = await runCli(['setup', '--ci', '--yes', '--steps', 'admin', '--admin-user', 'bob'], { env: home.env, cwd: home.cwd });
    proxy.setFault(null);
    expect(failing.code).not.toBe(0);
    const bobs = proxy
      .calls()
      .filter((c) => c.action === 'CreateLoginProfile' && formValue(c.body, 'UserName') === 'bob')
      .map((c) => formValue(c.body, 'Password')!);
    expect(bobs).toHaveLength(1);
    secrets.push(...bobs);
    const errorLines = [failing.stderr, ...failing.stdout.split('\n').filter((l) => /✖|What to do|denied|error/i.test(l))].join('\n');

    const files = listFiles(home.root);
    const contents = readAll(files);
    for (const secret of secrets) {
      for (const s of spellings(secret)) {
        expect(contents.filter((f) => f.text.includes(s)).map((f) => f.path)).toEqual([]);
        expect(verify.stdout).not.toContain(s);
        expect(verify.stderr).not.toContain(s);
        expect(errorLines).not.toContain(s);
        // the terminal showed the key while enrolling; once enrolled it is gone from the final screen
        expect(mfa.text().split('MFA is on for alice').pop()).not.toContain(s);
      }
    }
    const people = ['Alice Doe', 'Bob Roe', 'alice', 'security@acme.com'];
    const naming = contents.filter((f) => people.some((p) => f.text.includes(p)) && !f.path.endsWith('answers.json'));
    expect(naming.length).toBeGreaterThan(0);
    expect(naming.map((f) => [f.path.slice(home.root.length), files.find((x) => x.path === f.path)!.mode.toString(8)])).toEqual(
      naming.map((f) => [f.path.slice(home.root.length), '600']),
    );
  });
});
