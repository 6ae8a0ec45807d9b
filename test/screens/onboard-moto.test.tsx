// The onboard screen against moto: a person types one engineer in, and the user is read
// back through the SDK. The batch screen runs on the sandbox (no network needed).
import React from 'react';
import { mkdtemp, rm, stat, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient, ListGroupsForUserCommand, ListUserTagsCommand, GetLoginProfileCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { createSandboxGateway, seedTeam } from '../../src/aws/sandbox/index.js';
import { createSession, type Session } from '../../src/session.js';
import { OnboardScreen, type OnboardScreenProps } from '../../src/screens/OnboardScreen.js';
import { parseEngineersCsv } from '../../src/steps/onboard-csv.js';
import { mergePasswordPolicy } from '../../src/steps/admin-user.js';
import { generatePassword } from '../../src/steps/password.js';
import { demoTeamPolicy } from '../../src/commands/team-session.js';
import { emptyRecord, readRecord, writeRecord } from '../../src/steps/local-record.js';
import { KEYS, press, render, type, waitForExit, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';
import { MOTO_ACCOUNT_ID, useMoto } from '../helpers/moto.js';
import { seededBytes } from '../helpers/random.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const SEED = 7;
// the plan draws the password first from the session's random source
const PASSWORD = generatePassword(seededBytes(SEED), mergePasswordPolicy(null).policy);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvsp-onboard-screen-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const motoSession = () => createSession({ demo: false, gateway: createSdkGateway({}), now: () => NOW, randomBytes: seededBytes(SEED) });

/** The screen in an 80x24 terminal. */
function renderScreen(session: Session, props: Partial<OnboardScreenProps> = {}) {
  const r = render(
    <OnboardScreen
      batch={null}
      initial={{ name: null, email: null, group: null }}
      emailDomain={null}
      welcomeFile={null}
      includePassword={false}
      yes={false}
      {...props}
    />,
    { session, ui: { now: () => NOW } },
  );
  r.resize(80, 24);
  return r;
}

async function screen(r: Rendered, text: string | RegExp): Promise<string> {
  await waitForText(r, text, 10_000);
  await waitForInputsReady();
  return r.frame();
}

function fits(frame: string) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(24);
  expect(lines.filter((l) => l.length > 80)).toEqual([]);
}

describe('OnboardScreen', () => {
  it('one engineer typed in: form, plan, apply, a welcome note with the password shown once; a re-run plans nothing', async () => {
    const welcome = join(dir, 'welcome.txt');
    const r = renderScreen(motoSession(), { welcomeFile: welcome });
    // Esc on the first question ends the run, on the next ones it goes back
    expect(await screen(r, 'IAM user name of the new engineer:')).toContain('Esc quit');
    await type(r, 'bob smith');
    await waitForText(r, 'A space is not allowed');
    await press(r, ...Array(6).fill(KEYS.backspace));
    await press(r, KEYS.enter);

    expect(await screen(r, 'Their work email (kept as a tag):')).toContain('Esc back');
    await type(r, 'bob@gmail.com');
    await press(r, KEYS.enter);
    await waitForText(r, 'gmail.com is a free-mail provider');
    // nothing typed is lost: fix the domain in place
    expect(r.frame()).toContain('bob@gmail.com');
    await press(r, ...Array(9).fill(KEYS.backspace));
    await type(r, 'acme.com');
    await press(r, KEYS.enter);

    const groups = await screen(r, 'Group');
    expect(groups).toContain('Administrators (new)');
    expect(groups).toContain('ReadOnly (new)');
    fits(groups);
    // the cursor starts on Developers, never on Administrators
    expect(groups).toMatch(/› Developers/);
    expect(groups).not.toMatch(/› Administrators/);
    await press(r, KEYS.enter);

    const plan = await screen(r, 'Apply this plan?');
    expect(plan).toContain('+ Create group Developers');
    expect(plan).toContain('+ Create IAM user bob (tagged)');
    expect(plan).toContain('+ Console password for bob (reset at first sign-in)');
    fits(plan);
    await press(r, 'y');

    const result = await screen(r, '1 set up, 0 not finished, 0 left out.');
    expect(result).toContain('User name:    bob');
    expect(result).toContain('•'.repeat(PASSWORD.length));
    expect(result).not.toContain(PASSWORD);
    fits(result);
    await waitForText(r, 'no passwords).');
    await press(r, 'p');
    expect(await screen(r, PASSWORD)).toContain('Shown once');
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);

    const c = new IAMClient({ region: 'us-east-1' });
    expect((await c.send(new ListGroupsForUserCommand({ UserName: 'bob' }))).Groups!.map((g) => g.GroupName)).toEqual(['Developers']);
    const tags = Object.fromEntries((await c.send(new ListUserTagsCommand({ UserName: 'bob' }))).Tags!.map((t) => [t.Key, t.Value]));
    expect(tags).toMatchObject({ email: 'bob@acme.com', 'mvsp-setup:created-by': `arn:aws:sts::${MOTO_ACCOUNT_ID}:user/moto` });
    await expect(c.send(new GetLoginProfileCommand({ UserName: 'bob' }))).resolves.toBeDefined();
    expect((await c.send(new ListAccessKeysCommand({ UserName: 'bob' }))).AccessKeyMetadata).toEqual([]);
    const file = await readFile(welcome, 'utf8');
    expect(file).not.toContain(PASSWORD);
    expect((await stat(welcome)).mode & 0o777).toBe(0o600);
    r.unmount();

    const again = renderScreen(motoSession(), { initial: { name: 'bob', email: 'bob@acme.com', group: 'Developers' } });
    const nothing = await screen(again, 'Nothing to do: everything is already in place.');
    expect(nothing).toContain('bob: already set up (group Developers)');
    again.unmount();
  });
});

describe('OnboardScreen, batch (sandbox)', () => {
  it('previews the rows, names the bad lines, applies one plan and shows progress per engineer', async () => {
    const sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(1) });
    await seedTeam(sandbox, await demoTeamPolicy(), NOW);
    const session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(SEED) });
    const csv = ['name,email,group', 'erin,erin@acme.com,ReadOnly', 'frank,frank@acme.com,Developers', 'x y,x@acme.com,ReadOnly', 'gina,gina@other.org,Developers'].join('\n');
    const { rows, bad } = parseEngineersCsv(csv);
    const r = renderScreen(session, { batch: { source: 'team.csv', engineers: rows, bad } });

    const preview = await screen(r, '4 engineers in team.csv:');
    expect(preview).toMatch(/2\s+erin\s+erin@acme.com\s+ReadOnly/);
    expect(preview).toContain('line 4 (x y): name: A space is not allowed');
    fits(preview);
    await press(r, KEYS.enter);

    const plan = await screen(r, 'Apply this plan?');
    expect(plan).toContain('Company email domain: acme.com');
    expect(plan).toContain('line 5 (gina): email: Not on the company domain acme.com');
    expect(plan).toContain('+ Create group ReadOnly');
    expect(plan).toContain('+ Create IAM user frank (tagged)');
    fits(plan);
    await press(r, 'y');

    const result = await screen(r, '2 set up, 0 not finished, 2 left out.');
    // notes come in the order the passwords exist (the two are set up side by side)
    const first = /Welcome to the AWS account, (erin|frank)\./.exec(result)?.[1];
    expect(first).toBeDefined();
    expect(result).toContain('https://acme-demo.signin.aws.amazon.com/console');
    fits(result);
    // nobody revealed the password: the first Enter says so and stays on the note
    await press(r, KEYS.enter);
    const warned = await screen(r, 'The password was never shown: p reveals it.');
    expect(warned).toContain(`Welcome to the AWS account, ${first}.`);
    expect(warned).toMatch(/Enter without the password: next note \(2\/2\)/);
    fits(warned);
    await press(r, KEYS.enter);
    const second = await screen(r, `Welcome to the AWS account, ${first === 'erin' ? 'frank' : 'erin'}.`);
    expect(second).toContain('finish');
    expect(second).not.toContain('never shown');
    // revealed, it goes on at the first Enter
    await press(r, 'p');
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(1);

    const users = sandbox.controls.snapshot().users.map((u) => u.name).sort();
    expect(users).toEqual(['alice', 'bob', 'carol', 'dana', 'erin', 'frank']);
  });
});

describe('OnboardScreen, MFA now (sandbox)', () => {
  it('enrols the present engineer with the MFA step, then shows it on the note', async () => {
    let t = NOW.getTime();
    const now = () => new Date(t);
    const sandbox = createSandboxGateway({ now, random: seededBytes(4) });
    await seedTeam(sandbox, await demoTeamPolicy(), NOW);
    const session = createSession({ demo: true, gateway: sandbox, now, randomBytes: seededBytes(SEED) });
    const r = renderScreen(session, { initial: { name: 'erin', email: 'erin@acme.com', group: 'ReadOnly' } });
    await screen(r, 'Apply this plan?');
    await press(r, 'y');
    const result = await screen(r, 'm enrol MFA now (engineer present)');
    expect(result).toContain('Or let erin set up MFA at first sign-in');
    fits(result);
    await press(r, 'm');
    await screen(r, 'Apply this plan (1 change)?');
    await press(r, 'y');
    await screen(r, 'First code:');
    const serial = sandbox.controls.snapshot().virtualMfaDevices.find((d) => d.serial.includes('erin'))!.serial;
    await type(r, sandbox.controls.currentMfaCode(serial));
    await press(r, KEYS.enter);
    t += 30_000;
    await screen(r, 'Second code (the next one):');
    await type(r, sandbox.controls.currentMfaCode(serial));
    await press(r, KEYS.enter);
    // enrolled: straight back to the note, which says so
    const back = await screen(r, '✔ MFA:');
    expect(back).not.toContain('enrol MFA now');
    fits(back);
    // the password was never revealed: Enter twice goes on without it
    await press(r, KEYS.enter);
    await screen(r, 'Enter again goes on without it');
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    expect(sandbox.controls.snapshot().virtualMfaDevices.find((d) => d.serial === serial)!.assignedTo).toEqual({ kind: 'user', userName: 'erin' });
  });
});


const demoAccount = (sandbox: { controls: { snapshot: () => { accountId: string } } }) => sandbox.controls.snapshot().accountId;

describe('OnboardScreen, notes as each engineer is done (sandbox)', () => {
  async function teamSandbox() {
    const sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(1) });
    await seedTeam(sandbox, await demoTeamPolicy(), NOW);
    return sandbox;
  }
  const csv = ['name,email,group', 'erin,erin@acme.com,ReadOnly', 'frank,frank@acme.com,ReadOnly'].join('\n');

  it('shows the first engineer’s note while the next is still being set up, without --welcome-file', async () => {
    const sandbox = await teamSandbox();
    // frank's CreateUser is held until the test lets it go: erin is done long before
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const createUser = sandbox.iam.createUser.bind(sandbox.iam);
    sandbox.iam.createUser = async (name, tags) => {
      if (name === 'frank') await held;
      return createUser(name, tags);
    };
    const session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(SEED), dataDir: dir });
    const { rows, bad } = parseEngineersCsv(csv);
    const r = renderScreen(session, { batch: { source: 'team.csv', engineers: rows, bad } });
    await screen(r, '2 engineers in team.csv:');
    await press(r, KEYS.enter);
    await screen(r, 'Apply this plan?');
    await press(r, 'y');

    const early = await screen(r, 'Welcome to the AWS account, erin.');
    expect(early).toMatch(/Setting up: 1 done, .* 0 failed/);
    expect(early).toContain('Note 1 of 1 ready so far');
    expect(early).not.toContain('set up, 0 not finished');
    fits(early);
    // masked, nobody has seen it yet: still noted as pending, as is frank's
    await vi.waitFor(async () => expect((await readRecord(demoAccount(sandbox), { dataDir: dir })).passwordHandOverPending?.slice().sort()).toEqual(['erin', 'frank']), { timeout: 30_000 });
    await press(r, 'p');
    expect(r.frame()).toContain('hide password');
    // revealed: handed over, so no longer noted as pending
    await vi.waitFor(async () => expect((await readRecord(demoAccount(sandbox), { dataDir: dir })).passwordHandOverPending).toEqual(['frank']), { timeout: 30_000 });

    release();
    await screen(r, '2 set up, 0 not finished, 0 left out.');
    expect(r.frame()).toContain('Welcome to the AWS account, erin.');
    await press(r, KEYS.enter);
    await screen(r, 'Welcome to the AWS account, frank.');
    await press(r, 'p');
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    await vi.waitFor(async () => expect((await readRecord(demoAccount(sandbox), { dataDir: dir })).passwordHandOverPending).toEqual([]), { timeout: 30_000 });
  });

  it('a password noted as not handed over and never used is reset, and the new one shown', async () => {
    const sandbox = await teamSandbox();
    const session = () => createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(SEED), dataDir: dir });
    const { rows, bad } = parseEngineersCsv(csv);
    const first = renderScreen(session(), { batch: { source: 'team.csv', engineers: rows.slice(0, 1), bad }, yes: true });
    await screen(first, /engineers? in team.csv:/);
    await press(first, KEYS.enter);
    await screen(first, '1 set up, 0 not finished, 0 left out.');
    await press(first, 'p');
    await vi.waitFor(async () => expect((await readRecord(demoAccount(sandbox), { dataDir: dir })).passwordHandOverPending).toEqual([]), { timeout: 30_000 });
    first.unmount();
    // as a run killed right after CreateLoginProfile leaves it
    await writeRecord({ ...emptyRecord(demoAccount(sandbox)), passwordHandOverPending: ['erin'] }, { dataDir: dir });

    const r = renderScreen(session(), { batch: { source: 'team.csv', engineers: rows.slice(0, 1), bad } });
    await screen(r, /engineers? in team.csv:/);
    await press(r, KEYS.enter);
    const plan = await screen(r, 'Apply this plan?');
    expect(plan).toContain('+ New console password for erin');
    await press(r, 'y');
    await screen(r, '1 set up, 0 not finished, 0 left out.');
    expect(r.frame()).toContain('(p reveals it)');
    await press(r, 'p');
    expect(r.frame()).toContain('Shown once');
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    await vi.waitFor(async () => expect((await readRecord(demoAccount(sandbox), { dataDir: dir })).passwordHandOverPending).toEqual([]), { timeout: 30_000 });
  });

  it('Ctrl-C on the last note with a password nobody revealed: it is shown to be stored, Enter hands it over, exit 130', async () => {
    const sandbox = await teamSandbox();
    const session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(SEED), dataDir: dir });
    const { rows, bad } = parseEngineersCsv(csv);
    const r = renderScreen(session, { batch: { source: 'team.csv', engineers: rows.slice(0, 1), bad }, yes: true });
    await screen(r, /engineers? in team.csv:/);
    await press(r, KEYS.enter);
    const masked = await screen(r, '1 set up, 0 not finished, 0 left out.');
    expect(masked).toContain('(p reveals it)');
    expect(masked).not.toContain(PASSWORD);
    await press(r, KEYS.ctrlC);
    const stored = await screen(r, 'New password 1 of 1, shown once');
    expect(stored).toContain(`Temporary password: ${PASSWORD}`);
    expect(stored).toContain('Enter once the passwords are stored (clears the screen)');
    fits(stored);
    // not yet stored: still noted as pending
    expect((await readRecord(demoAccount(sandbox), { dataDir: dir })).passwordHandOverPending).toEqual(['erin']);
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(130);
    expect((await readRecord(demoAccount(sandbox), { dataDir: dir })).passwordHandOverPending).toEqual([]);
  });
});
