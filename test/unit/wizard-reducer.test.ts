import { describe, expect, it } from 'vitest';
import { initialWizard, wizardExitCode, wizardReducer } from '../../src/screens/wizard/wizard-reducer.js';
import type { Preflight } from '../../src/steps/preflight.js';

const pf: Preflight = {
  caller: { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root', kind: 'root', name: null },
  alias: null,
  aliasReadable: true,
  cloudShell: true,
  sandbox: true,
};

describe('wizardReducer', () => {
  it('walks welcome → steps → done, carrying shared values forward', () => {
    let s = initialWizard(['admin', 'mfa']);
    s = wizardReducer(s, { type: 'start', preflight: pf });
    expect(s).toMatchObject({ screen: 'step', index: 0 });
    s = wizardReducer(s, { type: 'step-done', id: 'admin', outcome: { status: 'done', summary: [], shared: { adminUser: 'alice' } } });
    expect(s).toMatchObject({ screen: 'step', index: 1, shared: { adminUser: 'alice' } });
    s = wizardReducer(s, { type: 'step-done', id: 'mfa', outcome: { status: 'pending', summary: [] } });
    expect(s.screen).toBe('done');
  });

  it('goes back one step, forgetting that step outcome, and from the first step to welcome', () => {
    let s = wizardReducer(initialWizard(['admin', 'mfa']), { type: 'start', preflight: pf });
    s = wizardReducer(s, { type: 'step-done', id: 'admin', outcome: { status: 'done', summary: ['x'] } });
    s = wizardReducer(s, { type: 'back' });
    expect(s).toMatchObject({ screen: 'step', index: 0, outcomes: {} });
    s = wizardReducer(s, { type: 'back' });
    expect(s.screen).toBe('welcome');
  });

  it('ignores a repeated step-done from a step that is no longer current (the next step is not skipped)', () => {
    let s = wizardReducer(initialWizard(['admin', 'mfa', 'lockaway']), { type: 'start', preflight: pf });
    const admin = { status: 'done' as const, summary: ['admin done'] };
    s = wizardReducer(s, { type: 'step-done', id: 'admin', outcome: admin });
    s = wizardReducer(s, { type: 'step-done', id: 'admin', outcome: admin });
    expect(s).toMatchObject({ screen: 'step', index: 1 });
    expect(s.screen === 'step' && s.outcomes.mfa).toBeUndefined();
  });

  it('exits 1 only when a step failed', () => {
    expect(wizardExitCode({ admin: { status: 'done', summary: [] }, mfa: { status: 'pending', summary: [] } })).toBe(0);
    expect(wizardExitCode({ admin: { status: 'failed', summary: [] } })).toBe(1);
  });
});
