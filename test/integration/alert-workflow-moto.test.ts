// The monthly workflow carries the alert address it checks: the reminder step writes the
// workflow, the alert step (later in the same run) gives its verify --alert-email, and
// leaves alone a workflow someone changed since. Against moto through the real SDK
// adapter; the files are read back from disk and the YAML through the yaml package.
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { createSession } from '../../src/session.js';
import type { Answers } from '../../src/answers.js';
import type { StepDefinition } from '../../src/steps/flow.js';
import { runSteps } from '../../src/steps/run-steps.js';
import { ALERT_TOPIC } from '../../src/steps/alert.js';
import { workflowText } from '../../src/steps/reminder.js';
import { definition as reminderStep } from '../../src/steps/day-one/reminder.js';
import { definition as alertStep } from '../../src/steps/day-one/alert.js';
import { runSetupLines } from '../../src/headless/line-presenter.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { VERSION } from '../../src/version.js';
import { makeHome, runCli, STACK_TRACE } from '../helpers/cli-run.js';
import { MOTO_ACCOUNT_ID, motoUrl, useMoto } from '../helpers/moto.js';
import { scriptedIO } from '../helpers/scripted-io.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const TOPIC_ARN = `arn:aws:sns:us-east-1:${MOTO_ACCOUNT_ID}:${ALERT_TOPIC}`;
const VERIFY = `npx --yes mvsp-setup@${VERSION} verify --ci --json`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mvsp-alert-workflow-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const workflow = () => join(dir, '.github', 'workflows', 'mvsp-verify.yml');
const session = () => createSession({ demo: false, gateway: createSdkGateway({}), now: () => NOW, dataDir: join(dir, 'data') });

/** The run line of the workflow's verify step, as GitHub's YAML parser gives it to the shell. */
function verifyRun(text: string): string {
  const doc = parseYaml(text) as { jobs: { verify: { steps: { name?: string; run?: string }[] } } };
  return doc.jobs.verify.steps.find((s) => s.name === 'mvsp-setup verify')!.run!;
}

const subscribed = async () =>
  ((await new SNSClient({ region: 'us-east-1' }).send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC_ARN }))).Subscriptions ?? []).map((s) => s.Endpoint);

/** A step standing for the person, between the reminder and the alert: does `act` to the files. */
const person = (act: () => void): StepDefinition => ({
  id: 'person',
  title: 'the person',
  outline: '',
  run: async () => {
    act();
    return { status: 'done', summary: [] };
  },
});

describe('the monthly workflow and the alert address', () => {
  it('setup --ci --yes --answers FILE with a workflow path and the alert: the workflow verify gets --alert-email with the answers address', async () => {
    const home = makeHome(motoUrl());
    try {
      const answers = {
        reminder: { icsPath: null, githubWorkflowPath: '.github/workflows/mvsp-verify.yml' },
        alert: { enabled: true, email: "o'brien@acme.com", trail: false },
      };
      writeFileSync(join(home.cwd, 'answers.json'), JSON.stringify(answers));
      const r = await runCli(['setup', '--ci', '--yes', '--steps', 'reminder,alert', '--answers', 'answers.json'], { env: home.env, cwd: home.cwd, timeoutMs: 60_000 });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
      const path = join(home.cwd, '.github', 'workflows', 'mvsp-verify.yml');
      expect(verifyRun(readFileSync(path, 'utf8'))).toBe(`${VERIFY} --alert-email='o'\\''brien@acme.com' > report.json`);
      expect(r.stdout).toContain(`alert: done — root sign-in alert: rule mvsp-root-signin → topic ${ALERT_TOPIC} → o'brien@acme.com (us-east-1); workflow ${path}: verify checks that the alert reaches o'brien@acme.com`);
      expect(await subscribed()).toEqual(["o'brien@acme.com"]);
    } finally {
      home.remove();
    }
  });

  it('--ci, the address from the security contact: the reminder writes the workflow first, the alert step then gives its verify the address', async () => {
    // no "alert.email": the alert step takes the security contact's address, which the
    // reminder does not know; the alert waits for the reminder to have written the file
    expect(alertStep.after).toBeTypeOf('function');
    const answers: Answers = {
      contacts: { security: { name: 'Security', title: 'Security', email: 'security@acme.com', phone: '+14155550100' } },
      reminder: { start: '2026-12-07', icsPath: null, githubWorkflowPath: workflow() },
      alert: { trail: false },
    };
    expect((alertStep.after as (a: Answers) => string[])(answers)).toContain('reminder');
    const lines: string[] = [];
    const code = await runSetupLines(session(), [reminderStep, alertStep], answers, ciIO((l) => void lines.push(l.trimEnd()), { yes: true }));
    const out = lines.join('\n');
    expect(code, out).toBe(0);
    const text = readFileSync(workflow(), 'utf8');
    expect(text).toBe(workflowText({ accountId: MOTO_ACCOUNT_ID, accountAlias: null, start: '2026-12-07', alertEmail: 'security@acme.com' }));
    expect(verifyRun(text)).toBe(`${VERIFY} --alert-email='security@acme.com' > report.json`);
    expect(out).toContain(`alert: ✔ Workflow ${workflow()} written again: its verify now fails unless root sign-in alerts reach security@acme.com (--alert-email).`);
    expect(out).toMatch(new RegExp(`alert: done — .*; workflow ${workflow().replace(/[.]/g, '\\.')} updated: verify checks that the alert reaches security@acme\\.com`));
    expect(await subscribed()).toEqual(['security@acme.com']);
    // replaced by rename as a workflow is written: an ordinary file, mode 0644
    expect(lstatSync(workflow()).mode & 0o777).toBe(0o644);
  });

  it('a workflow the person changed after the reminder wrote it is left as it is, and the outcome says how to add the flag', async () => {
    let edited = '';
    const s = scriptedIO({ answers: { 'reminder.start': '2026-12-07', 'reminder.icsPath': 'none', 'reminder.githubWorkflowPath': workflow(), 'alert.email': 'sec@acme.com' } });
    const fillRole = person(() => {
      edited = readFileSync(workflow(), 'utf8').replace('REPLACE-WITH-YOUR-VERIFY-ROLE', 'mvsp-verify');
      writeFileSync(workflow(), edited);
    });
    const [preflight, ctx] = await Promise.all([session().preflight(), session().context()]);
    const result = await runSteps({ ctx, preflight, answers: { alert: { trail: false } }, defs: [reminderStep, fillRole, alertStep], ioFor: () => s.io });
    const outcome = result.results.at(-1)!.outcome;
    expect(outcome.status).toBe('done');
    expect(await subscribed()).toEqual(['sec@acme.com']);
    expect(readFileSync(workflow(), 'utf8')).toBe(edited);
    expect(verifyRun(edited)).not.toContain('--alert-email');
    expect(outcome.summary).toContain(`workflow ${workflow()} left as it is (it changed after this run wrote it): its verify is not given --alert-email='sec@acme.com'`);
    expect(outcome.todo).toContain(`In ${workflow()}, give verify --alert-email='sec@acme.com' (the run line of the step "mvsp-setup verify")`);
    expect(s.transcript.some((l) => l.startsWith('[warn]') && l.includes(`Workflow ${workflow()} left as it is`))).toBe(true);

  });

  it('--ci: the same left workflow, in the lines of the summary a log keeps', async () => {
    const answers: Answers = {
      contacts: { security: { name: 'Security', title: 'Security', email: 'security@acme.com', phone: '+14155550100' } },
      reminder: { start: '2026-12-07', icsPath: null, githubWorkflowPath: workflow() },
      alert: { trail: false },
    };
    // steps run side by side in --ci: the person acts once the reminder wrote, the alert after the person
    const edit = { ...person(() => writeFileSync(workflow(), `${readFileSync(workflow(), 'utf8')}# mine\n`)), after: ['reminder'] };
    const alertAfter = alertStep.after as (a: Answers) => string[];
    const alertLast: StepDefinition = { ...alertStep, after: (a: Answers) => [...alertAfter(a), 'person'] };
    const lines: string[] = [];
    const code = await runSetupLines(session(), [reminderStep, edit, alertLast], answers, ciIO((l) => void lines.push(l.trimEnd()), { yes: true }));
    const out = lines.join('\n');
    expect(code, out).toBe(0);
    expect(readFileSync(workflow(), 'utf8')).toMatch(/# mine\n$/);
    expect(verifyRun(readFileSync(workflow(), 'utf8'))).toBe(`${VERIFY} > report.json`);
    expect(out).toMatch(/alert: done — .*; workflow \S+ left as it is \(it changed after this run wrote it\): its verify is not given --alert-email='security@acme\.com'/);
    expect(lines).toContain(`  todo: In ${workflow()}, give verify --alert-email='security@acme.com' (the run line of the step "mvsp-setup verify")`);
  });

  it('a run that first sets the alert up with the workflow an earlier run wrote: says its verify lacks the address, with the to-do; the file is not rewritten', async () => {
    const contacts = { security: { name: 'Security', title: 'Security', email: 'security@acme.com', phone: '+14155550100' } };
    const reminder = { start: '2026-12-07', icsPath: join(dir, 'mvsp-root-check.ics'), githubWorkflowPath: workflow() };
    // run 1: the reminder without the alert (no address known: no flag)
    const first: string[] = [];
    expect(await runSetupLines(session(), [reminderStep], { reminder }, ciIO((l) => void first.push(l.trimEnd()), { yes: true }))).toBe(0);
    const written = readFileSync(workflow(), 'utf8');
    expect(verifyRun(written)).toBe(`${VERIFY} > report.json`);
    // run 2: the reminder is in place; the alert is set up for the security contact
    const lines: string[] = [];
    const code = await runSetupLines(session(), [reminderStep, alertStep], { contacts, reminder, alert: { trail: false } }, ciIO((l) => void lines.push(l.trimEnd()), { yes: true }));
    const out = lines.join('\n');
    expect(code, out).toBe(0);
    expect(readFileSync(workflow(), 'utf8')).toBe(written);
    expect(out).toMatch(/its verify is not given --alert-email='security@acme\.com', so the monthly job does not check that root sign-in alerts reach security@acme\.com/);
    expect(lines.filter((l) => l === `  todo: In ${workflow()}, give verify --alert-email='security@acme.com' (the run line of the step "mvsp-setup verify")`)).toHaveLength(1);
  });

  it('a symlink put in place of the workflow is not followed: its target is untouched and the outcome says the file was left', async () => {
    const target = join(dir, 'elsewhere.yml');
    writeFileSync(target, 'keep\n');
    const swap = person(() => {
      unlinkSync(workflow());
      symlinkSync(target, workflow());
    });
    // the reminder does not know the address (the security contact's): the alert step would write
    const s = scriptedIO({ ci: true, yes: true });
    const answers: Answers = {
      contacts: { security: { name: 'Security', title: 'Security', email: 'security@acme.com', phone: '+14155550100' } },
      reminder: { start: '2026-12-07', icsPath: null, githubWorkflowPath: workflow() },
      alert: { trail: false },
    };
    const [preflight, ctx] = await Promise.all([session().preflight(), session().context()]);
    const again = await runSteps({ ctx, preflight, answers, defs: [reminderStep, swap, alertStep], ioFor: () => s.io });
    const outcome = again.results.at(-1)!.outcome;
    expect(lstatSync(workflow()).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('keep\n');
    expect(outcome.status).toBe('done');
    expect(outcome.summary).toContain(`workflow ${workflow()} left as it is (it changed after this run wrote it): its verify is not given --alert-email='security@acme.com'`);
  });
});
