import React from 'react';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReminderStep } from '../../src/screens/ReminderStep.js';
import { createSession } from '../../src/session.js';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { preflight } from '../../src/steps/preflight.js';
import type { StepOutcome } from '../../src/screens/wizard/types.js';
import type { Answers } from '../../src/answers.js';
import { KEYS, press, render, type, waitForInputsReady, waitForText } from '../helpers/ink.js';

const now = () => new Date('2026-11-24T12:00:00Z');

/** the frame's words with line wraps and indentation folded into single spaces */
const flat = (frame: string) => frame.replace(/\s+/g, ' ');

function fits(frame: string) {
  // ink-testing-library renders 100 columns wide; the frame must still fit 24 rows
  expect(frame.split('\n').length).toBeLessThanOrEqual(24);
}

describe('Reminder step (sandbox, fixed clock, temp dir)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mvsp-reminder-screen-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function mount(answers: Answers, yes = false) {
    const gateway = createSandboxGateway({ now });
    // the record of what was written goes next to the files, not to the shared demo dir
    const session = createSession({ demo: true, gateway, now, dataDir: join(dir, 'data') });
    const pf = await preflight(gateway);
    const outcomes: StepOutcome[] = [];
    const r = render(
      <ReminderStep
        answers={answers}
        preflight={pf}
        shared={{ accountAlias: 'acme-production' }}
        position={{ index: 6, total: 7 }}
        yes={yes}
        onDone={(o) => outcomes.push(o)}
      />,
      { session, ui: { demo: true, now } },
    );
    return { r, outcomes };
  }

  it('picks a start date, writes the calendar and the workflow where asked, and says where', async () => {
    const ics = join(dir, 'root-check.ics');
    const workflow = join(dir, '.github/workflows/mvsp-verify.yml');
    const { r, outcomes } = await mount({ reminder: { icsPath: ics, githubWorkflowPath: workflow } });

    let frame = await waitForText(r, 'First reminder');
    expect(frame).toContain('Step 6 of 7');
    expect(frame).toContain('2026-12-07');
    expect(frame).toContain('Mon 7 Dec 2026: then every month on the first Monday at 10:00');
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
    await press(r, KEYS.enter);

    frame = await waitForText(r, 'Calendar file:');
    expect(frame).toContain(ics);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    frame = await waitForText(r, 'Workflow file:');
    await waitForInputsReady();
    await press(r, KEYS.enter);

    frame = await waitForText(r, 'Will write (2), and nothing else');
    expect(frame).toContain('Next: Mon 14 Dec 2026, Mon 11 Jan 2027, Mon 8 Feb 2027');
    expect(frame).toContain(ics);
    expect(frame).toContain(workflow);
    expect(frame).not.toContain('replaces');
    fits(frame);
    await waitForInputsReady();
    await press(r, KEYS.enter);

    frame = await waitForText(r, 'Wrote:');
    await waitForInputsReady();
    expect(flat(frame)).toContain(`${ics} calendar event, every month on the second Monday`);
    expect(flat(frame)).toContain(`${workflow} GitHub Actions workflow, runs verify on the second Monday of each month at 09:00 UTC`);
    // the crontab line keeps the calendar's day: days 8-14, and only the Monday among them
    expect(flat(frame)).toContain('runs verify on the second Monday of each month at 09:00 machine time, an hour before the reminder');
    expect(flat(frame)).toContain("0 9 8-14 * * node -e 'd=new Date;process.exit(d.getDay()==1?0:1)' && npx --yes mvsp-setup@");
    fits(frame);
    expect(await readFile(ics, 'utf8')).toContain('RRULE:FREQ=MONTHLY;BYDAY=2MO');
    expect(await readFile(workflow, 'utf8')).toContain("cron: '0 9 8-14 * *'");

    await press(r, KEYS.enter);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ status: 'done', shared: { nextCheck: '2026-12-14' } });
    expect(outcomes[0]!.todo?.[0]).toContain(`Import ${ics}`);
    r.unmount();
  });

  it('says so when it replaces an earlier calendar file, and keeps the event UID', async () => {
    const ics = join(dir, 'root-check.ics');
    for (const round of [1, 2]) {
      const { r } = await mount({ reminder: { icsPath: ics, start: '2026-12-07' } });
      if (round === 2) {
        // the file written in round 1 is found: rewriting it is asked for with e
        await waitForText(r, 'Already done');
        await waitForInputsReady();
        await press(r, 'e');
      }
      await waitForText(r, 'First reminder');
      await waitForInputsReady();
      await press(r, KEYS.enter);
      await waitForText(r, 'Calendar file:');
      await waitForInputsReady();
      await press(r, KEYS.enter);
      await waitForText(r, 'Workflow file:');
      await waitForInputsReady();
      await press(r, KEYS.enter);
      const review = await waitForText(r, 'Will write (1)');
      if (round === 2) expect(review).toContain('replaces the file there (same event UID: an import updates it)');
      else expect(review).not.toContain('replaces');
      await waitForInputsReady();
      await press(r, KEYS.enter);
      const frame = await waitForText(r, 'Wrote:');
      if (round === 2) expect(flat(frame)).toContain('replaced the earlier file: same event UID');
      r.unmount();
    }
    const text = await readFile(ics, 'utf8');
    expect(text).toContain('UID:mvsp-root-check-111122223333@mvsp-setup');
    expect(text).toContain('SEQUENCE:1');
  });

  async function writeOnce(answers: Answers) {
    const { r } = await mount(answers);
    for (const field of ['First reminder', 'Calendar file:', 'Workflow file:', 'Will write']) {
      await waitForText(r, field);
      await waitForInputsReady();
      await press(r, KEYS.enter);
    }
    await waitForText(r, 'Wrote:');
    r.unmount();
  }

  it('a re-run finds the calendar file written last time, with its UID: already done, Enter goes on, nothing rewritten', async () => {
    const ics = join(dir, 'root-check.ics');
    const workflow = join(dir, 'mvsp-verify.yml');
    await writeOnce({ reminder: { icsPath: ics, githubWorkflowPath: workflow, start: '2026-12-07' } });
    const before = await readFile(ics, 'utf8');

    const { r, outcomes } = await mount({});
    const frame = await waitForText(r, 'Already done');
    expect(frame).toContain('Step 6 of 7');
    expect(frame).toContain('✔ Reminder every month on the first Monday at 10:00; next on Mon 7 Dec 2026');
    expect(flat(frame)).toContain(`✔ Calendar file ${ics} (written 2026-11-24, event UID unchanged)`);
    expect(flat(frame)).toContain(`✔ Workflow file ${workflow}`);
    expect(frame).toContain('Enter continue · e write the files again');
    expect(frame).not.toContain('First reminder');
    fits(frame);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(outcomes[0]).toMatchObject({ status: 'done', shared: { nextCheck: '2026-12-07' } });
    expect(await readFile(ics, 'utf8')).toBe(before);
    r.unmount();
  });

  it('a calendar file gone or without our UID is written again; --yes goes on at once when it is there', async () => {
    const ics = join(dir, 'root-check.ics');
    await writeOnce({ reminder: { icsPath: ics, githubWorkflowPath: null, start: '2026-12-07' } });
    const yes = await mount({}, true);
    for (let i = 0; i < 300 && yes.outcomes.length === 0; i++) await new Promise((res) => setTimeout(res, 10));
    expect(yes.outcomes[0]?.status).toBe('done');
    yes.r.unmount();

    await writeFile(ics, 'BEGIN:VCALENDAR\nEND:VCALENDAR\n');
    const { r } = await mount({});
    const frame = await waitForText(r, 'First reminder');
    expect(frame).not.toContain('Already done');
    r.unmount();
  });
});
