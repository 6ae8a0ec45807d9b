import React from 'react';
import { describe, expect, it } from 'vitest';
import { Done, humanTodo, rowsOf } from '../../src/screens/wizard/Done.js';
import type { StepOutcome } from '../../src/steps/flow.js';
import type { Preflight } from '../../src/steps/preflight.js';
import { render, waitForText } from '../helpers/ink.js';

const pf: Preflight = {
  caller: { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root', kind: 'root', name: null },
  alias: null,
  aliasReadable: true,
  cloudShell: true,
  sandbox: true,
};
const now = () => new Date('2026-11-24T12:00:00Z');
const TITLES: Record<string, string> = {
  'root-email': 'Root email',
  contacts: 'Alternate contacts',
  admin: 'First IAM admin',
  mfa: 'Virtual MFA',
  lockaway: 'Root lock-away',
  reminder: 'Monthly reminder',
  alert: 'Root sign-in alert',
};
const ALL = Object.entries(TITLES).map(([id, title]) => ({ id, title }));
const long = (s: string) => `${s} ${'and a long explanation of what to do next '.repeat(2)}`.trim();

// every step with a long summary and a long to-do: more than one screen holds
const outcomes: Partial<Record<string, StepOutcome>> = Object.fromEntries(
  ALL.map(({ id }, i) => [id, { status: i === 4 ? 'pending' : 'done', summary: [long(`${id} summary`), `${id} second line`], todo: [long(`${id} to-do`)] }]),
);

describe('Done', () => {
  it('fits 80x24 with seven long steps: nothing cut, wrapped lines keep their column, the to-dos that fit and how many more', async () => {
    const r = render(<Done steps={ALL} preflight={pf} outcomes={outcomes} shared={{ accountAlias: 'acme', nextCheck: '2026-12-07' }} size={{ rows: 24, columns: 80 }} />, { ui: { demo: true, now } });
    r.resize(80, 24);
    const frame = await waitForText(r, 'Sign-in URL');
    expect(frame.split('\n').length).toBeLessThan(24);
    expect(frame).toMatch(/Sign-in URL +https:\/\/acme\.signin\.aws\.amazon\.com\/console/);
    expect(frame).toMatch(/Next check +Mon 7 Dec 2026, then monthly/);
    // the whole first summary line, wrapped under its own column
    const rows = frame.split('\n');
    const at = rows.findIndex((l) => /⚠ Root lock-away +pending: lockaway summary/.test(l));
    expect(at).toBeGreaterThanOrEqual(0);
    const col = rows[at]!.indexOf('pending');
    expect(rows[at + 1]!.slice(0, col).trim()).toBe('');
    expect(rows.slice(at, at + 3).join(' ').replace(/\s+/g, ' ')).toContain(long('lockaway summary'));
    expect(frame).not.toContain('second line');
    expect(frame).toMatch(/and \d more: d shows them all|1\. root-email to-do/);
  });

  it('details page within 80x24; together the pages hold every summary line and every to-do', async () => {
    const seen: string[] = [];
    for (let page = 0; page < 6; page++) {
      const r = render(<Done steps={ALL} preflight={pf} outcomes={outcomes} shared={{}} details page={page} size={{ rows: 24, columns: 80 }} />, { ui: { now } });
      const frame = await waitForText(r, 'details, page');
      expect(frame.split('\n').length).toBeLessThan(24);
      seen.push(frame);
      r.unmount();
    }
    const all = seen.join('\n');
    expect(all).toMatch(/page 1 of [2-6]/);
    expect(all).toContain('alert second line');
    expect(all).toContain('7. alert to-do');
    // no reminder in this run: the next check is a month from now
    expect(all).toContain('Thu 24 Dec 2026');
  });

  it('a line to copy (the crontab line) is listed after the to-dos; too wide for a frame, its start is shown there and the line printed whole below the last frame', async () => {
    const cron = `0 9 1-7 * * node -e 'd=new Date;process.exit(d.getDay()==1?0:1)' && npx --yes mvsp-setup@1.2.3 verify --ci --json > "$HOME/mvsp-verify.json" 2> "$HOME/mvsp-verify.log"`;
    const copy = [{ label: 'On a machine with AWS credentials, add this line with crontab -e (it runs verify monthly):', text: cron }];
    const withCopy = { ...outcomes, reminder: { ...outcomes.reminder!, copy } };
    // in a frame: its start on its row, and where it is whole; no row wider than the terminal
    const whole = (frame: string) =>
      frame.split('\n').some((l) => l.startsWith(`     ${cron.slice(0, 60)}`)) && frame.includes('printed whole when mvsp-setup exits') && frame.split('\n').every((l) => [...l].length <= 80);
    // rows as the terminal shows them: the long line wraps by characters
    const terminalRows = (frame: string) => frame.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil([...l].length / 80)), 0);
    // one-line summaries (as a day-one run has them): the overview has it whole, before to-dos that give way
    const short: Partial<Record<string, StepOutcome>> = Object.fromEntries(
      ALL.map(({ id }) => [id, { status: 'done', summary: [`${id} done`], todo: [long(`${id} to-do`)], ...(id === 'reminder' ? { copy } : {}) }]),
    );
    const r = render(<Done steps={ALL} preflight={pf} outcomes={short} shared={{}} size={{ rows: 24, columns: 80 }} />, { ui: { now } });
    r.resize(80, 24);
    let frame = await waitForText(r, 'Left for a human');
    expect(frame).toMatch(/and \d more: d shows them all/);
    expect(frame).toMatch(/ 8\. On a machine with AWS credentials, add this line with crontab -e/);
    expect(whole(frame), frame).toBe(true);
    expect(terminalRows(frame)).toBeLessThanOrEqual(23);
    r.unmount();
    // no room even for it (seven two-row summaries): the frame still fits, d shows it
    const full = render(<Done steps={ALL} preflight={pf} outcomes={withCopy} shared={{}} size={{ rows: 24, columns: 80 }} />, { ui: { now } });
    full.resize(80, 24);
    frame = await waitForText(full, 'Left for a human');
    expect(frame).toMatch(/and 8 more: d shows them all/);
    expect(terminalRows(frame)).toBeLessThanOrEqual(23);
    full.unmount();
    const pages: string[] = [];
    for (let page = 0; page < 6; page++) {
      const d = render(<Done steps={ALL} preflight={pf} outcomes={withCopy} shared={{}} details page={page} size={{ rows: 24, columns: 80 }} />, { ui: { now } });
      pages.push(await waitForText(d, 'details, page'));
      d.unmount();
    }
    expect(pages.some(whole)).toBe(true);
    const exit = render(<Done steps={ALL} preflight={pf} outcomes={withCopy} shared={{}} details page={-1} />, { ui: { now } });
    expect(whole(await waitForText(exit, '8. On a machine'))).toBe(true);
    exit.finish(0);
    const [label, line] = exit.afterExit();
    expect(label!.replace(/\s+/g, ' ')).toBe(copy[0]!.label);
    expect(line).toBe(`  ${cron}`);
  });

  it('the frame left at exit holds everything', async () => {
    const r = render(<Done steps={ALL} preflight={pf} outcomes={outcomes} shared={{}} details page={-1} />, { ui: { now } });
    const frame = await waitForText(r, 'Left for a human');
    expect(frame).toContain('alert second line');
    expect(frame).toContain('7. alert to-do');
  });
});

describe('humanTodo', () => {
  it('adds MFA for the new admin when the MFA step is not part of the run, once', () => {
    const o: Partial<Record<string, StepOutcome>> = { admin: { status: 'done', summary: [], todo: ['a', 'a'] } };
    expect(humanTodo([ALL[2]!], o, { adminUser: 'alice' })).toEqual(['a', 'Enrol MFA for alice: npx mvsp-setup mfa --user alice']);
    expect(humanTodo([ALL[2]!, ALL[3]!], o, { adminUser: 'alice' })).toEqual(['a']);
    // a user that was never made gets no MFA to-do
    expect(humanTodo([ALL[2]!], { admin: { status: 'failed', summary: [] } }, { adminUser: 'alice' })).toEqual([]);
  });
});

describe('rowsOf', () => {
  it('counts word-wrapped rows', () => {
    expect(rowsOf('abc', 10)).toBe(1);
    expect(rowsOf('aaaa bbbb cc', 10)).toBe(2);
    expect(rowsOf('x'.repeat(25), 10)).toBe(3);
  });
});
