// A new day-one step is one definition file plus one registry line: the throwaway step in
// test/fixtures/steps/team-group.ts runs in the Ink wizard, --ci and --plain (the --demo
// sandbox account; its end state read back through the gateway).
import React from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STEP_REGISTRY, loadSteps } from '../../src/steps/registry.js';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession } from '../../src/session.js';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import { parseArgs, parseSteps } from '../../src/args.js';
import { runSetupLines } from '../../src/headless/line-presenter.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { scriptedPlain } from '../helpers/plain.js';
import { KEYS, press, render, type, waitForExit, waitForInputsReady, waitForText } from '../helpers/ink.js';

// the one registry line
beforeAll(() => {
  STEP_REGISTRY.push({ id: 'team-group', load: () => import('../fixtures/steps/team-group.js') });
});
afterAll(() => {
  STEP_REGISTRY.splice(STEP_REGISTRY.findIndex((e) => e.id === 'team-group'), 1);
});

const NOW = new Date('2026-11-24T12:00:00Z');

function sandbox() {
  const gateway = createSandboxGateway({ now: () => NOW });
  const session = createSession({ demo: true, gateway, now: () => NOW, dataDir: mkdtempSync(join(tmpdir(), 'mvsp-step-')) });
  return { gateway, session };
}

describe('a throwaway eighth step from one definition file and one registry line', () => {
  it('is listed by --steps', () => {
    expect(parseArgs(['--steps', 'team-group']).flags.steps).toBe('team-group');
  });

  it('runs in the Ink wizard: asked, planned, applied, on the Done screen', async () => {
    const { gateway, session } = sandbox();
    const r = render(<Wizard steps={['team-group']} answers={{}} yes={false} />, { session });
    await waitForText(r, 'Make an IAM group for the team');
    await waitForText(r, 'Enter start');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, 'Group name:');
    expect(r.frame()).toMatch(/Step 1 of 1\s+Team group/);
    // the field listens once it has rendered: then Ctrl-U clears the offered name
    await waitForInputsReady();
    await press(r, '\u0015');
    await waitForText(r, /Group name: *(e\.g\.|\n|$)/m);
    await type(r, 'Crew');
    await waitForText(r, 'Group name: Crew');
    await press(r, KEYS.enter);
    await waitForText(r, 'Create IAM group Crew');
    await waitForInputsReady();
    await press(r, 'y');
    await waitForText(r, 'group Crew made');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    expect(await gateway.iam.listGroups()).toContain('Crew');
  });

  it('runs in --ci: applied with --yes, the summary names it', async () => {
    const { gateway, session } = sandbox();
    let out = '';
    const flags = parseArgs(['--ci', '--yes', '--steps', 'team-group']).flags;
    const code = await runSetupLines(session, await loadSteps(parseSteps(String(flags.steps))), {}, ciIO((t) => (out += t), flags));
    expect(out).toContain('team-group: plan');
    expect(out).toContain('team-group: done — group Team made');
    expect(code).toBe(0);
    expect(await gateway.iam.listGroups()).toContain('Team');
  });

  it('runs in --plain: a question per line, the answer applied', async () => {
    const { gateway, session } = sandbox();
    const p = scriptedPlain(['Ops', 'y']);
    const code = await runSetupLines(session, await loadSteps(parseSteps('team-group')), {}, p.io);
    await p.io.close();
    const out = p.output();
    expect(out).toMatch(/Group name/);
    expect(out).toContain('team-group: done — group Ops made');
    expect(code).toBe(0);
    expect(await gateway.iam.listGroups()).toContain('Ops');
  });
});
