// The 'reminder' flow: real files in a temp dir (the calendar, the workflow, the local
// record), read back from disk; the account is the --demo sandbox (nothing touches AWS).
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession } from '../../src/session.js';
import { UsageError } from '../../src/args.js';
import type { Answers } from '../../src/answers.js';
import { runSteps } from '../../src/steps/run-steps.js';
import { definition, reminderFlow, TODO_REMINDER } from '../../src/steps/day-one/reminder.js';
import { cronLine, reminderUid } from '../../src/steps/reminder.js';
import { recordAlertEmail } from '../../src/steps/alert.js';
import type { StepDefinition } from '../../src/steps/flow.js';
import { parse as parseYaml } from 'yaml';
import { runSetupLines } from '../../src/headless/line-presenter.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { scriptedIO, type Script } from '../helpers/scripted-io.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const ACCOUNT = '111122223333';

let dir: string;
let data: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mvsp-day-one-reminder-'));
  data = join(dir, 'data');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ics = () => join(dir, 'root-check.ics');
const workflow = () => join(dir, '.github', 'workflows', 'mvsp-verify.yml');
const record = () => JSON.parse(readFileSync(join(data, `${ACCOUNT}.json`), 'utf8')) as Record<string, unknown>;

async function run(answers: Answers, script: Script) {
  const session = createSession({ demo: false, gateway: createSandboxGateway({ now: () => NOW }), now: () => NOW, dataDir: data });
  const [preflight, ctx] = await Promise.all([session.preflight(), session.context()]);
  const s = scriptedIO(script);
  const result = await runSteps({ ctx, preflight, answers, defs: [definition], ioFor: () => s.io });
  return { ...s, result, outcome: result.results[0]!.outcome };
}

describe('reminder flow', () => {
  it('asks the start, the calendar and workflow paths, writes both, records them, gives the cron line whole', async () => {
    const r = await run({}, { answers: { 'reminder.start': '2026-12-07', 'reminder.icsPath': ics(), 'reminder.githubWorkflowPath': workflow() } });
    expect(r.asked.map((q) => q.key)).toEqual(['reminder.start', 'reminder.icsPath', 'reminder.githubWorkflowPath']);
    // the preview under the start field follows the typed value
    const startQ = r.asked[0]!;
    expect(startQ.notes!('2026-12-07')[0]!.message).toMatch(/Monday/);
    expect(startQ.notes!('2026-13-40')[0]!.message).toBe('a date as YYYY-MM-DD, from today on');
    expect(r.outcome.status).toBe('done');
    expect(r.outcome.shared?.nextCheck).toBe('2026-12-07');
    const cal = readFileSync(ics(), 'utf8');
    expect(cal).toContain(`UID:${reminderUid(ACCOUNT)}`);
    expect(statSync(ics()).mode & 0o777).toBe(0o600);
    expect(readFileSync(workflow(), 'utf8')).toContain('verify --ci --json');
    expect(record()).toMatchObject({ reminder: { start: '2026-12-07', files: [{ kind: 'calendar', path: ics() }, { kind: 'workflow', path: workflow() }] } });
    // the cron line is one whole transcript entry, to copy
    expect(r.transcript).toContain(cronLine('2026-12-07'));
  });

  it('with --profile, the cron line and the calendar checklist run verify with that profile (cron has neither the flag nor AWS_PROFILE)', async () => {
    const r = await run({}, { flags: { profile: 'prod-1' }, answers: { 'reminder.start': '2026-12-07', 'reminder.icsPath': ics(), 'reminder.githubWorkflowPath': '' } });
    expect(r.outcome.status).toBe('done');
    const line = r.transcript.find((t) => t.startsWith('0 '))!;
    expect(line).toMatch(/^0 \d+ .* npx --yes mvsp-setup@\S+ --profile prod-1 verify --ci --json > /);
    // the calendar's checklist (folded at 75 octets: unfolded first)
    expect(readFileSync(ics(), 'utf8').replace(/\r\n[ \t]/g, '')).toContain('Run: npx mvsp-setup --profile prod-1 verify');
  });

  it('a profile name a crontab line cannot hold as it is: left out of the line, and said so', async () => {
    const odd = await run({}, { flags: { profile: 'my profile%1' }, answers: { 'reminder.start': '2026-12-07', 'reminder.icsPath': 'none', 'reminder.githubWorkflowPath': '' } });
    expect(odd.transcript.find((t) => t.startsWith('0 '))).toMatch(/mvsp-setup@\S+ verify --ci --json/);
    expect(odd.transcript.join('\n')).toContain('add --profile to the line by hand');
  });

  it('the date and both paths are one form; Esc on it leaves the step, nothing written', async () => {
    const session = createSession({ demo: false, gateway: createSandboxGateway({ now: () => NOW }), now: () => NOW, dataDir: data });
    const [preflight, ctx] = await Promise.all([session.preflight(), session.context()]);
    const s = scriptedIO({ answers: { 'reminder.start': '2026-12-07', 'reminder.icsPath': '\u001b', 'reminder.githubWorkflowPath': 'none' } });
    const result = await runSteps({ ctx, preflight, answers: {}, defs: [definition], ioFor: () => s.io });
    expect(s.forms).toEqual([['First reminder (YYYY-MM-DD)', 'Calendar file (a path, or "none")', 'Workflow file (a path, or empty for none)']]);
    expect(result.back).toBe(true);
    expect(s.confirmed).toEqual([]);
    expect(existsSync(join(data, `${ACCOUNT}.json`))).toBe(false);
  });

  it('a second run finds the files and asks nothing', async () => {
    await run({}, { answers: { 'reminder.start': '2026-12-07', 'reminder.icsPath': ics(), 'reminder.githubWorkflowPath': 'none' } });
    const before = readFileSync(ics(), 'utf8');
    const again = await run({}, {});
    expect(again.asked).toEqual([]);
    expect(again.confirmed).toEqual([]);
    expect(again.outcome).toMatchObject({ status: 'done', shared: { nextCheck: '2026-12-07' } });
    expect(again.outcome.summary).toContain('already in place');
    expect(readFileSync(ics(), 'utf8')).toBe(before);
  });

  it('"none" for both paths writes nothing and still gives the cron line', async () => {
    const r = await run({}, { answers: { 'reminder.start': '2026-12-07', 'reminder.icsPath': 'none', 'reminder.githubWorkflowPath': '' } });
    expect(r.confirmed).toEqual([]);
    expect(r.outcome.status).toBe('done');
    expect(r.transcript).toContain('No file to write: no calendar path and no workflow path were given.');
    expect(existsSync(join(data, `${ACCOUNT}.json`))).toBe(false);
  });

  it('a file this tool did not write is kept: the person changes the path instead', async () => {
    writeFileSync(ics(), 'my own calendar\n');
    const other = join(dir, 'other.ics');
    const r = await run({}, { answers: { 'reminder.start': '2026-12-07', 'reminder.icsPath': [ics(), other], 'reminder.githubWorkflowPath': 'none' }, confirms: [true, true] });
    expect(readFileSync(ics(), 'utf8')).toBe('my own calendar\n');
    expect(r.transcript.some((l) => l.startsWith('[fail]') && l.includes(ics()))).toBe(true);
    // the plan says the file is kept, and no "Write this file?" comes before the refusal
    expect(r.transcript).toContain('[fail] a file mvsp-setup did not write is there: it is kept (another path, or --force to replace it)');
    expect(r.transcript.join('\n')).not.toContain('replaces the file there');
    expect(r.confirmed).toEqual(['Change the paths?', 'Write this file?']);
    expect(readFileSync(other, 'utf8')).toContain('BEGIN:VCALENDAR');
    expect(r.outcome.status).toBe('done');
  });

  it('never writes through a symlink', async () => {
    const target = join(dir, 'target.txt');
    writeFileSync(target, 'keep\n');
    symlinkSync(target, ics());
    const r = await run({ reminder: { start: '2026-12-07', icsPath: ics() } }, { ci: true, yes: true, flags: { yes: true, force: true } });
    expect(r.outcome.status).toBe('failed');
    expect(r.outcome.todo).toEqual([TODO_REMINDER]);
    expect(readFileSync(target, 'utf8')).toBe('keep\n');
  });

  it('--ci: a bad start is a usage error naming the flag and key, nothing written', async () => {
    const p = run({ reminder: { start: '2026-02-30', icsPath: ics() } }, { ci: true, yes: true });
    await expect(p).rejects.toThrow(UsageError);
    await expect(run({ reminder: { start: 'soon', icsPath: ics() } }, { ci: true, yes: true })).rejects.toThrow(/--start \/ "reminder.start"/);
    expect(existsSync(ics())).toBe(false);
  });

  it('--ci without --yes: pending, nothing written, the to-do is a command', async () => {
    const r = await run({ reminder: { start: '2026-12-07', icsPath: ics() } }, { ci: true });
    expect(r.outcome).toMatchObject({ status: 'pending', todo: [TODO_REMINDER] });
    expect(existsSync(ics())).toBe(false);
  });

  it('reminderFlow (the reminder command) writes even when a reminder is in place', async () => {
    const s = scriptedIO({ ci: true, yes: true });
    const o = await reminderFlow({ answers: { reminder: { start: '2026-12-07', icsPath: ics() } }, accountId: ACCOUNT, accountAlias: null, now: NOW, cwd: dir }, s.io);
    expect(o.status).toBe('done');
    expect(existsSync(ics())).toBe(true);
  });
});

describe('the alert address in the workflow', () => {
  /** the run line of the workflow's verify step, as the YAML parser gives it */
  const verifyRun = () =>
    (parseYaml(readFileSync(workflow(), 'utf8')) as { jobs: { verify: { steps: { name?: string; run?: string }[] } } }).jobs.verify.steps.find((s) => s.name === 'mvsp-setup verify')!.run!;
  /** stands for the alert step in the run (only its id matters to the reminder) */
  const alertInRun: StepDefinition = { id: 'alert', title: 'alert', outline: '', run: async () => ({ status: 'skipped', summary: [] }) };
  const ciAnswers = (alert?: Answers['alert']): Answers => ({ reminder: { start: '2026-12-07', icsPath: null, githubWorkflowPath: workflow() }, ...(alert ? { alert } : {}) });
  async function runWith(answers: Answers, defs: StepDefinition[]) {
    const session = createSession({ demo: false, gateway: createSandboxGateway({ now: () => NOW }), now: () => NOW, dataDir: data });
    const [preflight, ctx] = await Promise.all([session.preflight(), session.context()]);
    const s = scriptedIO({ ci: true, yes: true });
    await runSteps({ ctx, preflight, answers, defs, ioFor: () => s.io });
    return s;
  }

  it('a re-run gives verify the address the alert step recorded, and the plan says so', async () => {
    await recordAlertEmail(ACCOUNT, 'sec@acme.com', { dataDir: data });
    const r = await run({}, { answers: { 'reminder.start': '2026-12-07', 'reminder.icsPath': 'none', 'reminder.githubWorkflowPath': workflow() } });
    expect(r.outcome.status).toBe('done');
    expect(verifyRun()).toMatch(/ verify --ci --json --alert-email='sec@acme\.com' > report\.json$/);
    expect(r.transcript).toContain('[dim] its verify fails unless root sign-in alerts reach sec@acme.com (--alert-email)');
  });

  it('the answers address counts only when the alert step runs in this run and is enabled; else the recorded one', async () => {
    await recordAlertEmail(ACCOUNT, 'old@acme.com', { dataDir: data });
    await runWith(ciAnswers({ email: 'new@acme.com' }), [definition]);
    expect(verifyRun()).toContain("--alert-email='old@acme.com'");
    await runWith(ciAnswers({ enabled: false, email: 'new@acme.com' }), [definition, alertInRun]);
    expect(verifyRun()).toContain("--alert-email='old@acme.com'");
    await runWith(ciAnswers({ email: 'new@acme.com' }), [definition, alertInRun]);
    expect(verifyRun()).toContain("--alert-email='new@acme.com'");
  });

  it('a workflow in place whose verify is not given the recorded address: said, with the flag to add as a to-do; the file is not rewritten', async () => {
    const answers = { 'reminder.start': '2026-12-07', 'reminder.icsPath': ics(), 'reminder.githubWorkflowPath': workflow() };
    await run({}, { answers });
    const before = readFileSync(workflow(), 'utf8');
    expect(verifyRun()).not.toContain('--alert-email');
    await recordAlertEmail(ACCOUNT, "o'brien@acme.com", { dataDir: data });
    const again = await run({}, {});
    expect(again.outcome.summary).toContain('already in place');
    expect(again.outcome.todo).toEqual([`In ${workflow()}, give verify --alert-email='o'\\''brien@acme.com' (the run line of the step "mvsp-setup verify")`]);
    expect(again.transcript).toContain(`[warn] Its verify is not given --alert-email='o'\\''brien@acme.com': the monthly job does not check that root sign-in alerts reach o'brien@acme.com.`);
    expect(readFileSync(workflow(), 'utf8')).toBe(before);
    // added by hand, as the to-do says: nothing more to say
    writeFileSync(workflow(), before.replace('verify --ci --json >', "verify --ci --json --alert-email='o'\\''brien@acme.com' >"));
    const third = await run({}, {});
    expect(third.outcome.todo).toBeUndefined();
    expect(third.transcript.join('\n')).not.toContain('--alert-email');
  });

  it('no address known: the workflow runs verify without --alert-email', async () => {
    await runWith(ciAnswers(), [definition, alertInRun]);
    expect(verifyRun()).toMatch(/ verify --ci --json > report\.json$/);
  });
});

describe('reminder through the line presenter (--ci)', () => {
  it('setup --ci --yes writes the calendar, prints the cron line whole, says the next check', async () => {
    const session = createSession({ demo: false, gateway: createSandboxGateway({ now: () => NOW }), now: () => NOW, dataDir: data });
    const lines: string[] = [];
    const code = await runSetupLines(session, [definition], { reminder: { start: '2026-12-07', icsPath: ics() } }, ciIO((l) => void lines.push(l.trimEnd()), { yes: true }));
    expect(code).toBe(0);
    expect(lines).toContain(`  ${cronLine('2026-12-07')}`);
    expect(lines).toContain('  next root check: 2026-12-07');
    expect(lines.join('\n')).toContain(`todo: Import ${ics()} into the calendar of whoever holds root`);
    expect(existsSync(ics())).toBe(true);
  });
});
