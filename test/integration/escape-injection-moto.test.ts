// Terminal escape injection, as an attacker with write access to the account (or to a CSV
// a lead is handed) would try it: an OSC 52 sequence (writes the operator's clipboard) and
// a title change, in an alternate contact's name, in a user's tag and in a CSV field. The
// built binary runs on moto; the bytes it writes to stdout and stderr, and the Markdown
// report, must carry no ESC, BEL or C1 control, while the neutralised text is still shown.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccountClient, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { MOTO_ACCOUNT_ID, motoUrl, useMoto } from '../helpers/moto.js';
import { makeHome, runCli, type Sandbox } from '../helpers/cli-run.js';
import { runInPty } from '../helpers/pty.js';

useMoto();

// OSC 52 (set clipboard) and OSC 0 (window title), in 7-bit form and with C1 controls
// (and a right-to-left override, which reorders what a bidi-aware terminal shows)
const OSC52 = 'N\u001b]52;c;cHduZWQ=\u0007\u001b]0;PWNED\u0007\u202etxt.exe\u2028\u200b';
const OSC52_C1 = 'M\u009d52;c;cHduZWQ=\u009c';
// what must never reach a terminal: ESC, BEL, CSI/OSC/ST as C1, any other control but \n,
// the bidi formatting characters (UAX #9), the line/paragraph separators and the invisible ones
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;

function clean(label: string, bytes: string): void {
  const m = CONTROL.exec(bytes);
  expect(m, `${label} carries U+${m?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m?.index}: ${JSON.stringify(bytes.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 40))}`).toBeNull();
}

let home: Sandbox;
beforeEach(() => {
  home = makeHome(motoUrl());
});
afterEach(() => home.remove());

describe('an OSC 52 payload never reaches the output', () => {
  it('in an alternate contact name: setup --ci (contacts) and verify (text, --json, .md report)', async () => {
    const account = new AccountClient({ region: 'us-east-1' });
    await account.send(
      new PutAlternateContactCommand({ AlternateContactType: 'SECURITY', Name: OSC52, Title: `T${OSC52_C1}`, EmailAddress: 'security@acme.com', PhoneNumber: '+14155550100' }),
    );
    writeFileSync(
      join(home.cwd, 'answers.json'),
      JSON.stringify({
        contacts: {
          billing: { name: 'Finance', title: 'Billing', email: 'billing@acme.com', phone: '+14155550101' },
          operations: { name: 'Ops on call', title: 'Ops', email: 'ops@acme.com', phone: '+14155550102' },
        },
      }),
    );
    const setup = await runCli(['setup', '--ci', '--steps', 'contacts', '--answers', 'answers.json'], { env: home.env, cwd: home.cwd });
    clean('setup stdout', setup.stdout);
    clean('setup stderr', setup.stderr);
    // the existing contact was shown ("already in place"), as text: so the payload was there to leak
    expect(setup.stdout).toContain('N\ufffd]52;c;cHduZWQ=\ufffd');

    const verify = await runCli(['verify', '--ci'], { env: home.env, cwd: home.cwd });
    clean('verify stdout', verify.stdout);
    clean('verify stderr', verify.stderr);
    const json = await runCli(['verify', '--ci', '--json'], { env: home.env, cwd: home.cwd });
    clean('verify --json stdout', json.stdout);
    // JSON keeps the data: it decodes to what AWS holds, or to its neutralised form
    expect(() => JSON.parse(json.stdout)).not.toThrow();

    const reports = join(home.env.XDG_DATA_HOME!, 'mvsp-setup', MOTO_ACCOUNT_ID);
    for (const f of readdirSync(reports)) clean(f, readFileSync(join(reports, f), 'utf8'));
  });

  it('in a user tag: onboard --ci shows the domain from tags as text, offboard --ci too', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    await iam.send(new CreateUserCommand({ UserName: 'eve', Tags: [{ Key: 'email', Value: `eve@acme.com${OSC52}` }, { Key: `k${OSC52_C1}`, Value: OSC52 }] }));
    const onboard = await runCli(['onboard', '--ci', '--user', 'finn', '--email', 'finn@acme.com', '--group', 'Developers'], { env: home.env, cwd: home.cwd });
    clean('onboard stdout', onboard.stdout);
    clean('onboard stderr', onboard.stderr);
    const offboard = await runCli(['offboard', 'eve', '--ci'], { env: home.env, cwd: home.cwd });
    clean('offboard stdout', offboard.stdout);
    clean('offboard stderr', offboard.stderr);
  });

  it('in a CSV field: onboard --from shows the rejected row as text', async () => {
    writeFileSync(join(home.cwd, 'team.csv'), `name,email,group\nalice${OSC52},alice@acme.com,Developers\nbob,bob@acme.com${OSC52_C1},Developers\n`);
    const r = await runCli(['onboard', '--ci', '--from', 'team.csv'], { env: home.env, cwd: home.cwd });
    clean('onboard --from stdout', r.stdout);
    clean('onboard --from stderr', r.stderr);
    expect(r.stdout + r.stderr).toContain('aliceN\ufffd]52;c;cHduZWQ=\ufffd');
  });

  it('in an answers file: refused before any AWS call, naming the key', async () => {
    writeFileSync(join(home.cwd, 'answers.json'), JSON.stringify({ contacts: { security: { name: OSC52, title: 'S', email: 's@acme.com', phone: '+14155550100' } } }));
    const r = await runCli(['setup', '--ci', '--yes', '--steps', 'contacts', '--answers', 'answers.json'], { env: home.env, cwd: home.cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"contacts.security.name" holds a control character');
    clean('stderr', r.stderr);
  });
});

describe('an OSC 52 payload never reaches the bytes of the full-screen front ends (pty)', () => {
  // the terminal receives Ink's own escape sequences; what must never arrive is the
  // payload's: OSC (ESC ] or C1 0x9d) and the title change
  const INJECTED = /\u001b\]52|\u001b\]0;PWNED|\u009d52/;
  const noPayload = (label: string, raw: string) => {
    const m = INJECTED.exec(raw);
    expect(m, `${label}: the injected sequence reached the terminal at ${m?.index}`).toBeNull();
  };

  it('setup (contacts already in place), verify, offboard and onboard --from', async () => {
    const account = new AccountClient({ region: 'us-east-1' });
    await account.send(new PutAlternateContactCommand({ AlternateContactType: 'SECURITY', Name: OSC52, Title: `T${OSC52_C1}`, EmailAddress: 'security@acme.com', PhoneNumber: '+14155550100' }));
    const iam = new IAMClient({ region: 'us-east-1' });
    await iam.send(new CreateUserCommand({ UserName: 'eve', Tags: [{ Key: 'email', Value: `eve@acme.com${OSC52}` }, { Key: `k${OSC52_C1}`, Value: OSC52 }] }));
    writeFileSync(join(home.cwd, 'team.csv'), `name,email,group\nalice${OSC52},alice@acme.com,Developers\nbob,bob@acme.com,Developers\n`);
    const env = { ...home.env, TERM: 'xterm-256color' };

    // the wizard's contacts step shows the SECURITY contact already there
    const setup = runInPty(['--steps', 'contacts'], { env, cwd: home.cwd });
    await setup.waitFor('Enter start', 30_000);
    setup.write('\r');
    await setup.waitFor('N\ufffd]52;c;cHduZWQ=\ufffd', 30_000);
    noPayload('setup', setup.raw());
    setup.kill();

    const verify = runInPty(['verify'], { env, cwd: home.cwd });
    await verify.waitFor('Enter attest root access', 60_000);
    noPayload('verify', verify.raw());
    verify.kill();

    const offboard = runInPty(['offboard', 'eve'], { env, cwd: home.cwd });
    await offboard.waitFor('Apply this plan?', 30_000);
    noPayload('offboard', offboard.raw());
    offboard.kill();

    const onboard = runInPty(['onboard', '--from', 'team.csv'], { env, cwd: home.cwd });
    await onboard.waitFor('aliceN\ufffd]52', 30_000);
    noPayload('onboard --from', onboard.raw());
    onboard.kill();
    iam.destroy();
    account.destroy();
  }, 240_000);
});
