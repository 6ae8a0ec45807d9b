// The one parity smoke test: the day-one answers document through `setup --ci --yes
// --answers FILE` (the built binary) and through the Ink wizard in-process (the document
// pre-fills its fields, a person accepts them) leave the same account on moto, read back
// through the SDK. --ci has nobody with a phone, so the admin's MFA device is the one
// difference by design: left pending in --ci, enrolled in the wizard (codes from the seed
// the gateway received). moto has no root user: root MFA stays off in both.
import React from 'react';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { createSession } from '../../src/session.js';
import { Wizard } from '../../src/screens/wizard/Wizard.js';
import { loadSteps } from '../../src/steps/registry.js';
import { KEYS, press, render, type, waitForExit, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';
import { MOTO_ACCOUNT_ID, motoUrl, resetMoto, useMoto } from '../helpers/moto.js';
import { makeHome, runCli, type Sandbox } from '../helpers/cli-run.js';
import { dayOneAnswers, readEndState, recordingGateway, twoCodes, withoutMfa } from '../helpers/day-one.js';

useMoto();

const STEP_WAIT = 20_000;
let dir: string;
let home: Sandbox;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvsp-parity-'));
  home = makeHome(motoUrl());
});
afterEach(async () => {
  home.remove();
  await rm(dir, { recursive: true, force: true });
});

async function next(r: Rendered, text: string | RegExp, ...keys: string[]): Promise<void> {
  await waitForText(r, text, STEP_WAIT);
  await waitForInputsReady();
  await press(r, ...keys);
}

/** The answers in the Ink wizard: plans accepted (--yes), pre-filled fields accepted with Enter, "s" leaves root MFA for later. */
async function inkSetup(answersDir: string): Promise<number> {
  const { gateway, rec } = recordingGateway(createSdkGateway({}));
  const session = createSession({ demo: false, gateway, dataDir: join(answersDir, 'data') });
  const defs = await loadSteps();
  const r = render(<Wizard steps={defs.map((d) => d.id)} defs={defs} answers={dayOneAnswers(answersDir)} yes />, { session });
  r.resize(80, 24);
  await next(r, 'Enter start', KEYS.enter);
  // root email and contacts come whole from the answers and go on by themselves
  await next(r, /alice is ready[\s\S]*Saved the temporary password\?/, 'y');
  // the QR view squeezes the header at 80 columns: the field is what tells the step
  await waitForText(r, /Tab show key[\s\S]*First code:|First code:[\s\S]*Tab show key/, STEP_WAIT);
  const [code1, code2] = twoCodes([...rec.seeds.values()][0]!, new Date());
  await waitForInputsReady();
  await type(r, code1);
  await press(r, KEYS.enter);
  await waitForText(r, '› Second code', STEP_WAIT);
  await waitForInputsReady();
  await type(r, code2);
  await press(r, KEYS.enter);
  await next(r, /Step 5 of 7[\s\S]*Waiting for root MFA/, 's');
  // the places come from the answers file (passwordPlace): not asked
  // the date and both paths: one form, offered from the answers; no pause after writing
  await next(r, /Step 6 of 7[\s\S]*First reminder[\s\S]*Workflow file/, KEYS.enter);
  await next(r, 'Write these files?', 'y');
  // --yes accepts the alert's offer of a trail, as --ci does
  await next(r, /Left for a human[\s\S]*Enter exit/, KEYS.enter);
  const code = await waitForExit(r, STEP_WAIT);
  r.unmount();
  return code;
}

describe('setup --ci --yes and the Ink wizard, same answers (moto)', () => {
  it('leave the same account behind (but the MFA device only a person can enrol) and the same files', async () => {
    const ciDir = join(dir, 'ci');
    const inkDir = join(dir, 'ink');
    await mkdir(ciDir);
    await mkdir(inkDir);
    await writeFile(join(home.cwd, 'answers.json'), JSON.stringify(dayOneAnswers(ciDir)));
    const ci = await runCli(['setup', '--ci', '--yes', '--answers', 'answers.json'], { env: home.env, cwd: home.cwd, timeoutMs: 120_000 });
    expect(ci.stdout).toMatch(/mfa: pending/);
    expect(ci.stdout).toMatch(/lockaway: pending/);
    // pending steps are to-dos, not failures
    expect(ci.code, ci.stderr).toBe(0);
    const fromCi = await readEndState();
    expect(fromCi.users).toEqual(['alice']);
    expect(fromCi.perUser.alice?.mfa).toEqual([]);

    await resetMoto();
    expect(await inkSetup(inkDir)).toBe(0);
    const fromInk = await readEndState();
    expect(fromInk.perUser.alice?.mfa).toEqual([`arn:aws:iam::${MOTO_ACCOUNT_ID}:mfa/alice`]);
    expect(withoutMfa(fromInk)).toEqual(fromCi);

    for (const name of ['mvsp-root-check.ics', 'mvsp-verify.yml']) {
      const [a, b] = await Promise.all([readFile(join(ciDir, name), 'utf8'), readFile(join(inkDir, name), 'utf8')]);
      // the same file but for the paths and the moment it was written
      const same = (s: string) => s.replaceAll(ciDir, 'DIR').replaceAll(inkDir, 'DIR').replace(/^DTSTAMP:.*$/m, 'DTSTAMP');
      expect(same(b), name).toBe(same(a));
    }
  }, 240_000);
});
