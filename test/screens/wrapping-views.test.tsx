// The shared views at 80 columns: wrapped lines continue under their own text (never at
// column 0), and what a person copies is printed whole on one line.
import React from 'react';
import { describe, expect, it } from 'vitest';
import { Box } from 'ink';
import { PlanView } from '../../src/screens/PlanView.js';
import { Findings } from '../../src/screens/Findings.js';
import { ErrorView } from '../../src/screens/ErrorView.js';
import { KeyHints } from '../../src/screens/KeyHints.js';
import { CopyableLine, HangingLine } from '../../src/screens/ui/index.js';
import { AwsError } from '../../src/aws/errors.js';
import type { Plan } from '../../src/steps/types.js';
import type { Finding } from '../../src/steps/root-email.js';
import { render, waitForFrame, waitForText } from '../helpers/ink.js';

/** render at an 80x24 terminal and return the frame's lines */
async function at80(node: React.ReactElement, waitFor: string): Promise<string[]> {
  const r = render(node);
  r.resize(80, 24);
  r.rerender(node);
  const frame = await waitForText(r, waitFor);
  r.unmount();
  return frame.split('\n');
}

const words = (lines: string[]) => lines.join(' ').split(/\s+/).filter(Boolean);

const CRON = '0 9 1-7 * * [ "$(date +\\%u)" = 1 ] && npx --yes mvsp-setup@0.1.0 verify --ci --json > "$HOME/mvsp-verify.json" 2> "$HOME/mvsp-verify.log"';

describe('PlanView at 80 columns', () => {
  const plan: Plan = {
    actions: [
      {
        id: 'subscribe',
        call: 'sns:Subscribe',
        summary: 'Subscribe security-alerts-distribution-list@acme-production.example.com to the topic mvsp-root-signin',
        phase: 1,
        run: async () => undefined,
      },
      { id: 'short', call: 'iam:CreateGroup', summary: 'Create group Administrators', phase: 0, run: async () => undefined },
    ],
    existing: [{ summary: 'CloudTrail trail management-events logs management events in every region of this account, delivered to its bucket' }],
    notes: ['Adding alice to Administrators gives alice full control of this account, including billing and every IAM user.'],
  } as unknown as Plan;

  it('a wrapped action continues under its text, with the AWS call whole and never alone at column 0', async () => {
    const lines = await at80(<PlanView plan={plan} />, 'Will do');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    const first = lines.findIndex((l) => l.startsWith('  + Subscribe'));
    expect(lines[first + 1]).toMatch(/^ {4}\S/);
    expect(lines.some((l) => /\ssns:Subscribe$/.test(l))).toBe(true);
    expect(lines.some((l) => /^\S*:\S/.test(l) && /^(sns|iam):/.test(l))).toBe(false);
    expect(lines).toContain('  + Create group Administrators iam:CreateGroup');
  });

  it('what is already in place and the warnings continue under their text', async () => {
    const lines = await at80(<PlanView plan={plan} />, 'Already in place');
    const existing = lines.findIndex((l) => l.startsWith('  ✔ CloudTrail'));
    expect(lines[existing + 1]).toMatch(/^ {4}\S/);
    const warn = lines.findIndex((l) => l.startsWith('  ⚠ Adding alice'));
    expect(lines[warn + 1]).toMatch(/^ {4}\S/);
    expect(words(lines.slice(warn, warn + 2))).toEqual(words([`⚠ ${plan.notes![0]}`]));
  });
});

describe('Findings at 80 columns', () => {
  const findings: Finding[] = [
    {
      id: 'person',
      severity: 'fail',
      message: 'Users without MFA: alice-the-administrator, bob-the-developer, carol-from-finance, dave-in-operations',
      fix: 'Each listed user enrols a device with the command mvsp-setup mfa --user NAME --profile acme-production (or IAM → Users → NAME → Security credentials → Assign MFA).',
    },
  ];

  it('the finding and its Fix line continue under their text; the command is on one line', async () => {
    const lines = await at80(<Findings findings={findings} />, 'Fix:');
    const msg = lines.findIndex((l) => l.startsWith('✖ Users without MFA'));
    expect(lines[msg + 1]).toMatch(/^ {2}\S/);
    const fix = lines.findIndex((l) => l.startsWith('  Fix: '));
    expect(lines[fix + 1]).toMatch(/^ {7}\S/);
    expect(lines.some((l) => l.includes('mvsp-setup mfa --user NAME --profile acme-production'))).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });
});

describe('ErrorView at 80 columns', () => {
  it('has no box to copy along, and "What to do" continues under its text', async () => {
    const e = new AwsError({ kind: 'AccessDenied', action: 'iam:CreateLoginProfile', message: 'not allowed' });
    const lines = await at80(<ErrorView error={e} />, 'What to do');
    expect(lines.join('\n')).not.toMatch(/[│╭╮╰╯]/);
    expect(lines[0]).toBe('✖ Access denied: iam:CreateLoginProfile');
    const todo = lines.findIndex((l) => l.startsWith('  What to do: Grant'));
    expect(lines[todo + 1]).toMatch(/^ {14}\S/);
    expect(lines.some((l) => l.includes('(mvsp-setup --print-policy'))).toBe(true);
  });

  it('control characters in an error message are not passed to the terminal', async () => {
    const lines = await at80(<ErrorView error={new Error('bad \u001b]52;c;aGk=\u0007 value')} />, 'Something went wrong');
    expect(lines.join('\n')).not.toContain('\u001b');
    expect(lines.join('\n')).toContain('\ufffd]52;c;aGk=\ufffd');
  });
});

describe('KeyHints at 80 columns', () => {
  it('breaks between hints, never inside one, and indents the second line', async () => {
    const hints: [string, string][] = [
      ['Enter', 'apply the plan'],
      ['e', 'edit the answers'],
      ['d', 'details of each call'],
      ['p', 'print the policy'],
      ['Esc', 'back to the questions'],
    ];
    const lines = (await at80(<KeyHints hints={hints} />, 'Ctrl-C')).filter(Boolean);
    expect(lines.length).toBe(2);
    expect(lines[1]).toMatch(/^ {2}\S/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    const items = lines.map((l) => l.trim().replace(/ ·$/, '')).join(' · ').split(' · ');
    expect(items).toEqual([...hints.map(([k, a]) => `${k} ${a}`), 'Ctrl-C quit']);
  });

  it('one line when it fits', async () => {
    expect((await at80(<KeyHints hints={[['Enter', 'start'], ['q', 'quit']]} />, 'Ctrl-C')).filter(Boolean)).toEqual(['Enter start · q quit · Ctrl-C quit']);
  });
});

describe('CopyableLine and HangingLine', () => {
  it('a crontab line wider than the screen is printed whole on one line', async () => {
    const lines = await at80(
      <Box flexDirection="column" width={80}>
        <HangingLine lead="  " text="Add this line to the crontab of a machine with AWS credentials (crontab -e):" />
        <CopyableLine text={CRON} />
      </Box>,
      'crontab',
    );
    expect(lines).toContain(CRON);
  });

  it('a key longer than the room left goes whole onto the next line, under the text', async () => {
    const key = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const lines = await at80(<HangingLine lead="  • " text={`Secret key (type it into the app): ${key}`} />, 'Secret');
    expect(lines[0]).toBe('  • Secret key (type it into the app):');
    expect(lines[1]).toBe(`    ${key}`);
  });
});

describe('in a column narrower than the screen (the side column of the MFA screen)', () => {
  it('key hints and findings wrap within the column, not the screen', async () => {
    const node = (
      <Box flexDirection="row">
        <Box width={40} flexShrink={0} />
        <Box flexDirection="column" width={36}>
          <Findings findings={[{ id: 'syntax', severity: 'warn', message: 'The code was typed too late: wait for the next one, then type it.' }]} />
          <KeyHints hints={[['Enter', 'check the code'], ['i', 'invert'], ['Esc', 'back']]} />
        </Box>
      </Box>
    );
    const r = render(node);
    r.resize(80, 24);
    r.rerender(node);
    // the first frame is laid out for the screen; the one after the column is measured fits it
    const frame = await waitForFrame(r, (f) => f.includes('Ctrl-C') && f.split('\n').every((l) => l.length <= 76), { what: 'lines within the column' });
    const lines = frame.split('\n').map((l) => l.slice(40));
    expect(lines).toContain('⚠ The code was typed too late: wait');
    expect(lines).toContain('  for the next one, then type it.');
    expect(lines).toContain('Enter check the code · i invert ·');
    expect(lines).toContain('  Esc back · Ctrl-C quit');
    r.unmount();
  });
});
