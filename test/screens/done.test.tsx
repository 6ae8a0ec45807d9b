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
