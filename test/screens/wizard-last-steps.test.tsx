// The last three day-one steps (root lock-away, monthly reminder, root sign-in alert) as a
// person sees them in the Ink wizard at 80x24, over the --demo sandbox account: the frames,
// the keys, and the end state read back through the sandbox and the local record.
import React from 'react';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession } from '../../src/session.js';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import { ReminderApp } from '../../src/commands/reminder.js';
import { definition as lockaway } from '../../src/steps/day-one/lockaway.js';
import { definition as reminder } from '../../src/steps/day-one/reminder.js';
import { definition as alert } from '../../src/steps/day-one/alert.js';
import { recordLockaway } from '../../src/steps/lockaway.js';
import { runSetupLines } from '../../src/headless/line-presenter.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { VERSION } from '../../src/version.js';
import type { Answers } from '../../src/answers.js';
import type { StepDefinition } from '../../src/steps/flow.js';
import { KEYS, press, render, type, waitForExit, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const now = () => NOW;

/** the frame's words with line wraps and indentation folded into single spaces */
const flat = (frame: string) => frame.replace(/\s+/g, ' ');

/** a frame a person sees whole on an 80x24 terminal */
function fits(frame: string) {
  const lines = frame.split('\n');
  if (lines.length > 24 || lines.some((l) => [...l].length > 80)) console.log(frame);
  expect(lines.length).toBeLessThanOrEqual(24);
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mvsp-last-steps-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function account(prepare?: (g: ReturnType<typeof createSandboxGateway>) => void) {
  const gateway = createSandboxGateway({ now });
  prepare?.(gateway);
  const session = createSession({ demo: true, gateway, now, dataDir: join(dir, 'data') });
  return { gateway, session };
}

/** The wizard over these steps at 80x24, past the welcome screen. */
async function wizard(acct: ReturnType<typeof account>, defs: StepDefinition[], answers: Answers = {}, yes = false): Promise<Rendered> {
  const r = render(<Wizard steps={defs.map((d) => d.id)} defs={defs} answers={answers} yes={yes} />, { session: acct.session, ui: { demo: true, now } });
  r.resize(80, 24);
  await waitForText(r, 'Enter start');
  await waitForInputsReady();
  await press(r, KEYS.enter);
  return r;
}

const record = () => JSON.parse(readFileSync(join(dir, 'data', '111122223333.json'), 'utf8')) as Record<string, unknown>;

async function answer(r: Rendered, question: string, text: string) {
  await waitForText(r, question);
  await waitForInputsReady();
  if (text) await type(r, text);
  await press(r, KEYS.enter);
}

/** The holders and the password's place (one form), then each holder's device (a second form). */
async function holdersAndPlaces(r: Rendered) {
  await answer(r, 'Who can reach root', 'Alice');
  await waitForText(r, 'Name at least two people (got 1)');
  await type(r, ', Bob');
  await press(r, KEYS.down);
  await answer(r, '› Where is the root password kept', 'Founders vault');
  const devices = await waitForText(r, "Where is Bob's root MFA device kept");
  expect(devices).toContain("› Where is Alice's root MFA device kept");
  // Enter in Alice's field goes on to Bob's (it offers nothing and was not seen yet); Enter there leaves it empty
  await answer(r, "› Where is Alice's root MFA device kept", 'YubiKey on keyring');
  await answer(r, "› Where is Bob's root MFA device kept", '');
}

describe('root lock-away in the wizard', () => {
  it('waits for root MFA with the console steps (d in demo), then records names and places only', async () => {
    const acct = account();
    const r = await wizard(acct, [lockaway], { rootEmail: 'aws+production@acme.com' } as Answers);
    const first = await waitForText(r, 'Waiting for root MFA');
    expect(first).toMatch(/Step 1 of 1\s+Root lock-away/);
    expect(flat(first)).toContain('Security credentials');
    expect(flat(first)).toContain('Assign MFA device');
    expect(first).toContain('Enter check now');
    expect(first).toContain('s skip for now (pending)');
    expect(first).toContain('d pretend it is done');
    fits(first);
    await waitForInputsReady();
    await press(r, 'd');
    await waitForText(r, 'Root MFA is on (AccountMFAEnabled is 1)');
    await holdersAndPlaces(r);
    expect(r.frames().join('\n')).toContain('Root MFA is on (AccountMFAEnabled is 1)');
    const done = await waitForText(r, 'mvsp-setup  Done');
    expect(done).toContain('✔ Root lock-away  Root MFA is on');
    fits(done);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    expect((await acct.gateway.iam.getAccountSummary()).AccountMFAEnabled).toBe(1);
    expect(record()).toMatchObject({
      accountId: '111122223333',
      rootHolders: ['Alice', 'Bob'],
      passwordPlace: 'Founders vault',
      mfaDevices: [{ holder: 'Alice', place: 'YubiKey on keyring' }],
      checks: [{ at: NOW.toISOString(), kind: 'lockaway', rootMfa: true }],
    });
    expect(statSync(join(dir, 'data', '111122223333.json')).mode & 0o777).toBe(0o600);
  });

  it('Enter checks again: root MFA turned on meanwhile is seen at once', async () => {
    const acct = account();
    const r = await wizard(acct, [lockaway]);
    await waitForText(r, 'Waiting for root MFA');
    acct.gateway.controls.enableRootMfa('hardware');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, 'Root MFA is on (AccountMFAEnabled is 1)');
    await waitForText(r, 'Who can reach root');
    r.unmount();
  });

  it('s skips root MFA: the step is pending, the console steps are the to-do on the Done screen', async () => {
    const acct = account();
    const r = await wizard(acct, [lockaway]);
    await waitForText(r, 'Waiting for root MFA');
    await waitForInputsReady();
    await press(r, 's');
    await answer(r, 'Who can reach root', 'Alice, Bob');
    await answer(r, 'Where is the root password kept', 'Founders vault');
    const done = await waitForText(r, 'mvsp-setup  Done');
    fits(done);
    // root MFA is off: no device to place yet
    expect(r.frames().join('\n')).not.toContain('root MFA device kept');
    expect(done).toMatch(/Root lock-away .*Root MFA skipped for now/);
    expect(flat(done)).toContain('Assign MFA device');
    expect((await acct.gateway.iam.getAccountSummary()).AccountMFAEnabled).toBe(0);
    expect(record()).toMatchObject({ rootHolders: ['Alice', 'Bob'], checks: [{ kind: 'lockaway', rootMfa: false }] });
    r.unmount();
  });

  it('already done (root MFA on, no keys, holders and places on record): says what it found, asks nothing', async () => {
    const acct = account((g) => g.controls.enableRootMfa('hardware'));
    await acct.session.gateway();
    await recordLockaway('111122223333', {
      at: NOW,
      rootMfa: true,
      holders: ['Alice', 'Bob'],
      passwordPlace: 'Founders vault',
      mfaDevices: [{ holder: 'Alice', place: 'YubiKey on keyring' }],
    });
    const r = await wizard(acct, [lockaway]);
    const frame = await waitForText(r, 'Enter');
    const all = r.frames().join('\n');
    expect(all).toContain('Root MFA is on (AccountMFAEnabled is 1); root has no access keys.');
    expect(all).toContain('Can reach root: Alice, Bob');
    expect(all).toContain('Root password kept in: Founders vault');
    expect(all).toContain("Alice's MFA device: YubiKey on keyring");
    expect(all).not.toContain('Who can reach root');
    expect(all).not.toContain('Waiting for root MFA');
    fits(frame);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    expect((record().checks as unknown[]).length).toBe(1);
  });
});

describe('root lock-away with root access keys, in CloudShell (the sandbox)', () => {
  it('says what a root key is and leaves its deletion in the console as a to-do', async () => {
    const acct = account((g) => g.controls.enableRootMfa('hardware'));
    acct.gateway.controls.addRootAccessKey();
    const r = await wizard(acct, [lockaway]);
    await waitForText(r, 'Who can reach root');
    const seen = flat(r.frames().join('\n'));
    expect(seen).toContain('Root has access keys.');
    expect(seen).toContain('no policy can limit it and MFA does not protect it');
    expect(seen).toContain('Delete them in the console:');
    await holdersAndPlaces(r);
    const done = await waitForText(r, 'mvsp-setup  Done');
    fits(done);
    expect(flat(done)).toContain('Delete the root access keys: sign in to https://console.aws.amazon.com/ as root → account menu → Security credentials → Access keys');
    // nothing deleted behind the person's back
    expect(acct.gateway.controls.snapshot().root.accessKeys).toHaveLength(1);
    r.unmount();
  });
});

describe('monthly reminder in the wizard', () => {
  it('previews the date under the field, refuses a past one, writes the files, prints the cron line whole', async () => {
    const ics = join(dir, 'root-check.ics');
    const workflow = join(dir, '.github/workflows/mvsp-verify.yml');
    const acct = account();
    const r = await wizard(acct, [reminder], { reminder: { icsPath: ics, githubWorkflowPath: workflow } });

    let frame = await waitForText(r, 'First reminder');
    expect(frame).toMatch(/Step 1 of 1\s+Monthly reminder/);
    expect(frame).toContain('2026-12-07');
    expect(frame).toContain('Mon 7 Dec 2026: then every month on the first Monday at 10:00');
    expect(frame).toContain('Enter next');
    fits(frame);

    // a date in the past is refused, with what was typed kept
    await waitForInputsReady();
    await press(r, ...Array<string>(10).fill(KEYS.backspace));
    await type(r, '2026-11-02');
    await press(r, KEYS.enter);
    frame = await waitForText(r, 'not in the past');
    expect(frame).toContain('2026-11-02');

    await press(r, ...Array<string>(5).fill(KEYS.backspace));
    await type(r, '12-14');
    frame = await waitForText(r, 'Mon 14 Dec 2026: then every month on the second Monday');
    // the paths are on the same screen, offered from the answers: one Enter takes them all
    expect(flat(frame)).toContain(`Calendar file (a path, or "none"): ${ics}`);
    // (a path longer than the row goes on under it)
    expect(frame.replace(/\s/g, '')).toContain(`Workflowfile(apath,oremptyfornone):${workflow}`);
    await press(r, KEYS.enter);

    frame = await waitForText(r, 'Write these files?');
    expect(flat(frame)).toContain('Reminder every month on the second Monday at 10:00; next: Mon 14 Dec 2026, Mon 11 Jan 2027, Mon 8 Feb 2027');
    expect(flat(frame)).toContain(`+ write ${ics} (calendar)`);
    expect(flat(frame)).toContain(`+ write ${workflow} (workflow)`);
    expect(frame).not.toContain('replaces');
    fits(frame);
    await waitForInputsReady();
    await press(r, 'y');

    // no pause after writing: the crontab line goes on to the Done screen, whole
    frame = await waitForText(r, 'mvsp-setup  Done');
    expect(r.frames().some((f) => f.includes('Enter continue'))).toBe(false);
    const all = r.frames().join('\n');
    expect(flat(all)).toContain(`${ics}: calendar event, every month on the second Monday`);
    expect(flat(all)).toContain(`${workflow}: GitHub Actions workflow, runs verify on the second Monday of each month at 09:00 UTC`);
    // the crontab line keeps the calendar's day (days 8-14, the Monday among them), on one row whole
    expect(flat(all)).toContain('runs verify on the second Monday of each month at 09:00 machine time, an hour before the reminder');
    expect(frame).toContain('Monthly verify: add with crontab -e on a machine with AWS credentials:');
    // wider than 80 columns: its start on its row in the frame, the line whole below the last frame at exit
    const cron = `0 9 8-14 * * node -e 'd=new Date;process.exit(d.getDay()==1?0:1)' && npx --yes mvsp-setup@${VERSION} verify --ci --json`;
    expect(frame.split('\n').some((l) => l.startsWith(`     ${cron.slice(0, 60)}`)), frame).toBe(true);
    expect(frame.split('\n').every((l) => [...l].length <= 80)).toBe(true);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    expect(frame).toContain('Next check   Mon 14 Dec 2026');
    expect(readFileSync(ics, 'utf8')).toContain('RRULE:FREQ=MONTHLY;BYDAY=2MO');
    expect(readFileSync(workflow, 'utf8')).toContain("cron: '0 9 8-14 * *'");
    // remembered: the next run finds it
    expect(record()).toMatchObject({ reminder: { start: '2026-12-14' } });
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    expect(r.afterExit().join('\n')).toContain(`  ${cron}`);
  });

  it('a re-run finds the calendar written last time: no questions, nothing rewritten; a file without our event asks again', async () => {
    const ics = join(dir, 'root-check.ics');
    const answers: Answers = { reminder: { icsPath: ics, githubWorkflowPath: null, start: '2026-12-07' } };
    const first = await wizard(account(), [reminder], answers);
    // the date and the paths offered from the answers: one Enter
    await waitForText(first, 'Workflow file');
    await answer(first, 'First reminder', '');
    await waitForText(first, 'Write this file?');
    await press(first, 'y');
    await waitForText(first, 'mvsp-setup  Done');
    first.unmount();
    const before = readFileSync(ics, 'utf8');

    const again = await wizard(account(), [reminder], {});
    const frame = await waitForText(again, 'mvsp-setup  Done');
    const all = again.frames().join('\n');
    expect(all).toContain('Reminder every month on the first Monday at 10:00; next on Mon 7 Dec 2026');
    expect(flat(all)).toContain(`Calendar file ${ics} (written 2026-11-24, event UID unchanged)`);
    expect(all).not.toContain('First reminder');
    fits(frame);
    expect(readFileSync(ics, 'utf8')).toBe(before);
    await waitForInputsReady();
    await press(again, KEYS.enter);
    expect(await waitForExit(again)).toBe(0);

    // a calendar file without our event is asked about again
    writeFileSync(ics, 'BEGIN:VCALENDAR\nEND:VCALENDAR\n');
    const third = await wizard(account(), [reminder], {});
    await waitForText(third, 'First reminder');
    third.unmount();
  });
});

describe('the reminder command in Ink', () => {
  it('Esc at the first question says nothing was written and exits 0', async () => {
    const acct = account();
    const r = render(<ReminderApp answers={{ reminder: { icsPath: join(dir, 'x.ics') } }} />, { session: acct.session, ui: { demo: true, now } });
    r.resize(80, 24);
    const frame = await waitForText(r, 'First reminder');
    expect(frame).toContain('Esc back');
    fits(frame);
    await waitForInputsReady();
    await press(r, KEYS.escape);
    await waitForText(r, 'Nothing was written.');
    expect(await waitForExit(r)).toBe(0);
    expect(() => statSync(join(dir, 'x.ics'))).toThrow();
  });

  it('writes the calendar and ends with the cron line and the to-do on screen', async () => {
    const ics = join(dir, 'cmd.ics');
    const r = render(<ReminderApp answers={{ reminder: { icsPath: ics, start: '2026-12-07' } }} />, { session: account().session, ui: { demo: true, now } });
    r.resize(80, 24);
    // one form: Enter takes the offered date and paths
    await waitForText(r, 'Workflow file');
    await answer(r, 'First reminder', '');
    await waitForText(r, 'Write this file?');
    await press(r, 'y');
    // the cron line to copy stays until Enter (the command has no Done screen)
    await waitForText(r, 'Enter continue');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    const last = r.frame();
    // the crontab line is wider than 80 columns: its start in the frame, the line whole below it at exit
    expect(last).toContain(`  0 9 1-7 * * node -e 'd=new Date;process.exit(d.getDay()==1?0:1)'`);
    expect(r.afterExit().join('\n')).toContain(`  0 9 1-7 * * node -e 'd=new Date;process.exit(d.getDay()==1?0:1)' && npx --yes mvsp-setup@${VERSION} verify --ci --json > "$HOME/mvsp-verify.json"`);
    expect(flat(last)).toContain(`Import ${ics} into the calendar of whoever holds root`);
    expect(readFileSync(ics, 'utf8')).toContain('UID:mvsp-root-check-111122223333@mvsp-setup');
  });
});

describe('the monthly workflow and the alert address in the wizard', () => {
  it('a workflow changed after the reminder wrote it: the alert step leaves it, and the Done screen says how to add the flag', async () => {
    const acct = account();
    const workflow = join(dir, 'wf.yml');
    // stands for the person filling in the role ARN between the two steps
    const fillRole: StepDefinition = {
      id: 'person',
      title: 'Role ARN',
      outline: '',
      run: async () => {
        writeFileSync(workflow, readFileSync(workflow, 'utf8').replace('REPLACE-WITH-YOUR-VERIFY-ROLE', 'mvsp-verify'));
        return { status: 'done', summary: [] };
      },
    };
    const r = await wizard(acct, [reminder, fillRole, alert], { reminder: { icsPath: null, githubWorkflowPath: workflow, start: '2026-12-07' }, alert: { trail: false } } as Answers);
    await answer(r, 'First reminder', '');
    await waitForText(r, 'Write this file?');
    await waitForInputsReady();
    await press(r, 'y');
    await answer(r, 'Send root sign-in alerts to', 'sec@acme.com');
    await waitForText(r, /Apply this plan \(\d+ changes\)\?/);
    await waitForInputsReady();
    await press(r, 'y');
    const done = await waitForText(r, 'mvsp-setup  Done');
    fits(done);
    expect(flat(r.frames().join('\n'))).toContain(`Workflow ${workflow} left as it is (it changed after this run wrote it): give its verify --alert-email='sec@acme.com'`);
    // d: every summary line and to-do
    await waitForInputsReady();
    await press(r, 'd');
    const details = await waitForText(r, 'details, page 1 of 2');
    fits(details);
    expect(flat(details)).toContain(`workflow ${workflow} left as it is (it changed after this run wrote it): its verify is not given --alert-email='sec@acme.com'`);
    await waitForInputsReady();
    await press(r, ' ');
    const todo = await waitForText(r, 'details, page 2 of 2');
    fits(todo);
    expect(flat(todo)).toContain(`In ${workflow}, give verify --alert-email='sec@acme.com' (the run line of the step "mvsp-setup verify")`);
    expect(readFileSync(workflow, 'utf8')).toContain('role/mvsp-verify');
    expect(readFileSync(workflow, 'utf8')).toContain(`run: npx --yes mvsp-setup@${VERSION} verify --ci --json > report.json\n`);
    r.unmount();
  });
});

describe('root sign-in alert in the wizard', () => {
  it('offers the trail the alert needs, shows the plan, applies it on y, and says where alerts go', async () => {
    const acct = account();
    const r = await wizard(acct, [alert], { alert: { email: 'security@acme.com' } } as Answers);
    let frame = await waitForText(r, 'Also set up CloudTrail');
    expect(flat(frame)).toContain('which root sign-ins need to reach the alert');
    expect(flat(frame)).toMatch(/mvsp-trail/);
    expect(frame).toContain('Enter yes');
    fits(frame);
    expect(acct.gateway.controls.snapshot().topics).toEqual([]);
    await waitForInputsReady();
    await press(r, 'y');
    frame = await waitForText(r, /Apply this plan \(\d+ changes\)\?/);
    expect(frame).toContain('sns:CreateTopic');
    expect(frame).toContain('cloudtrail:CreateTrail');
    await waitForInputsReady();
    await press(r, 'y');
    await waitForText(r, 'mvsp-setup  Done');
    expect(r.frames().join('\n')).toContain('Root sign-ins now email security@acme.com.');
    const s = acct.gateway.controls.snapshot();
    expect(s.rules.map((x) => x.name)).toEqual(['mvsp-root-signin']);
    expect(s.trails.map((t) => [t.name, t.isLogging, t.isMultiRegion])).toEqual([['mvsp-trail', true, true]]);
    r.unmount();
  });

  // the plan with the trail (13 changes, several of them two rows at 80 columns) is taller
  // than the room left: each action is one row then, its call still at the end
  it('the plan with the trail fits 80x24', async () => {
    const r = await wizard(account(), [alert], { alert: { email: 'security@acme.com', trail: true } } as Answers);
    const frame = await waitForText(r, /Apply this plan \(\d+ changes\)\?/);
    r.unmount();
    fits(frame);
    expect(frame).toMatch(/\+ .*cloudtrail:CreateTrail$/m);
    expect(frame).toMatch(/\+ .*sns:CreateTopic$/m);
  });

  it('asks for an address when none is known, and refuses one that is not', async () => {
    const acct = account();
    const r = await wizard(acct, [alert]);
    await waitForText(r, 'Send root sign-in alerts to');
    await waitForInputsReady();
    await type(r, 'nope');
    await press(r, KEYS.enter);
    const frame = await waitForText(r, 'must be an email address');
    fits(frame);
    await press(r, ...Array<string>(4).fill(KEYS.backspace));
    await type(r, 'sec@acme.com');
    await press(r, KEYS.enter);
    await waitForText(r, 'Also set up CloudTrail');
    expect(acct.gateway.controls.snapshot().topics).toEqual([]);
    r.unmount();
  });

  it('a stopped trail: the offer says it will be started, and no new trail is made', async () => {
    const acct = account((g) => g.controls.addTrail({ name: 'org-trail', isLogging: false }));
    const r = await wizard(acct, [alert], { alert: { email: 'security@acme.com' } } as Answers);
    const frame = await waitForText(r, 'Also set up CloudTrail');
    // the whole question reads in order, the y/n after it
    expect(flat(frame)).toContain('(Start logging on trail org-trail (us-east-1), which is stopped)? Y/n');
    expect(frame).toMatch(/which is stopped\)\? *\nY\/n/);
    expect(frame).not.toContain('mvsp-trail');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, /Apply this plan \(\d+ changes\)\?/);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, 'mvsp-setup  Done');
    expect(acct.gateway.controls.snapshot().trails.map((t) => [t.name, t.isLogging])).toEqual([['org-trail', true]]);
    r.unmount();
  });

  it('n declines the trail: nothing made in CloudTrail or S3, the alert still set up', async () => {
    const acct = account();
    const r = await wizard(acct, [alert], { alert: { email: 'security@acme.com' } } as Answers);
    await waitForText(r, 'Also set up CloudTrail');
    await waitForInputsReady();
    await press(r, 'n');
    const frame = await waitForText(r, /Apply this plan \(\d+ changes\)\?/);
    expect(frame).not.toContain('cloudtrail:CreateTrail');
    await waitForInputsReady();
    await press(r, 'y');
    await waitForText(r, 'mvsp-setup  Done');
    const s = acct.gateway.controls.snapshot();
    expect(s.rules.map((x) => x.name)).toEqual(['mvsp-root-signin']);
    expect(s.trails).toEqual([]);
    expect(s.buckets).toEqual([]);
    r.unmount();
  });
});

describe('after setup --ci --yes --answers, the wizard asks nothing', () => {
  it('lock-away, reminder and alert are already done: Enter alone reaches Done and exits 0', async () => {
    const ics = join(dir, 'root-check.ics');
    const acct = account((g) => g.controls.enableRootMfa('hardware'));
    const answers = {
      rootHolders: ['Alice', 'Bob'],
      passwordPlace: 'Founders vault',
      mfaDevices: ['YubiKey on keyring', 'office safe'],
      reminder: { icsPath: ics, githubWorkflowPath: null, start: '2026-12-07' },
      alert: { email: 'security@acme.com' },
    } as Answers;
    let out = '';
    const code = await runSetupLines(acct.session, [lockaway, reminder, alert], answers, ciIO((t) => (out += t), { ci: true, yes: true }));
    expect(out).toContain('alert: done');
    expect(code).toBe(0);
    const before = JSON.stringify(acct.gateway.controls.snapshot());
    const calendar = readFileSync(ics, 'utf8');

    const r = await wizard(acct, [lockaway, reminder, alert], {});
    const done = await waitForText(r, 'mvsp-setup  Done');
    expect(done).toMatch(/✔ Root lock-away/);
    expect(done).toMatch(/✔ Monthly reminder/);
    expect(done).toMatch(/✔ Root sign-in alert/);
    fits(done);
    const all = r.frames().join('\n');
    for (const q of ['Who can reach root', 'Record where', 'First reminder', 'Apply this plan', 'Also set up CloudTrail', 'Waiting for root MFA']) expect(all).not.toContain(q);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    expect(JSON.stringify(acct.gateway.controls.snapshot())).toBe(before);
    expect(readFileSync(ics, 'utf8')).toBe(calendar);
  });
});
