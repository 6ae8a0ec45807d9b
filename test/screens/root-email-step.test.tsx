import React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession, type Session } from '../../src/session.js';
import { MxResolverContext, RootEmailStep } from '../../src/screens/RootEmailStep.js';
import type { StepOutcome } from '../../src/screens/wizard/types.js';
import type { Answers } from '../../src/answers.js';
import type { MxResolver } from '../../src/steps/root-email.js';
import { KEYS, press, render, type, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const MX_FOUND: MxResolver = async (domain) => [{ exchange: `mx.${domain}`, priority: 10 }];

let session: Session;
let dataDir: string;

beforeEach(() => {
  // each test its own record: a root email that passed is remembered there
  dataDir = mkdtempSync(join(tmpdir(), 'mvsp-root-email-'));
  session = createSession({ demo: true, gateway: createSandboxGateway({ now: () => NOW }), now: () => NOW, dataDir });
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function renderStep(opts: { answers?: Answers; resolveMx?: MxResolver; first: string; yes?: boolean }) {
  const preflight = await session.preflight();
  const done = vi.fn<(o: StepOutcome) => void>();
  const back = vi.fn();
  const r = render(
    <MxResolverContext.Provider value={opts.resolveMx ?? MX_FOUND}>
      <RootEmailStep
        answers={opts.answers ?? {}}
        preflight={preflight}
        shared={{}}
        position={{ index: 1, total: 7 }}
        yes={opts.yes ?? false}
        onDone={done}
        onBack={back}
      />
    </MxResolverContext.Provider>,
    { session, ui: { demo: true, now: () => NOW } },
  );
  await screen(r, opts.first);
  return { r, done, back };
}

async function screen(r: Rendered, text: string): Promise<string> {
  await waitForText(r, text);
  await waitForInputsReady();
  return r.frame();
}

/** the frame with Ink's line wrapping undone */
const flat = (frame: string) => frame.replace(/\s+/g, ' ');

function fits(frame: string) {
  for (const line of frame.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  expect(frame.split('\n').length).toBeLessThanOrEqual(24);
}

describe('Root email screen', () => {
  it('asks when AWS will not say (standalone account), with live validation that keeps what was typed', async () => {
    const { r } = await renderStep({ first: 'Root email:' });
    expect(r.frame()).toContain('AWS does not tell this account its root email');
    await type(r, 'jane@acme');
    await press(r, KEYS.enter);
    const f = await waitForText(r, '✖ The domain "acme" has no top-level domain: did you mean acme.com?');
    expect(f).toContain('Root email: jane@acme');
    fits(f);
  });

  it('a personal gmail address gets the business-domain warning and the suggestion; s accepts it', async () => {
    const answers: Answers = { contacts: { security: { email: 'security@acme.com' } } };
    const { r, done } = await renderStep({ answers, first: 'Root email:' });
    await type(r, 'jane.doe@gmail.com');
    await press(r, KEYS.enter);
    const review = await screen(r, 'Suggested:');
    expect(flat(review)).toContain('gmail.com is a free-mail provider');
    expect(flat(review)).toContain('Fix: Tie it to your business domain');
    expect(flat(review)).toContain('if Jane leaves, the account goes with them');
    expect(review).toContain('Suggested: aws-production@acme.com  or  aws+production@acme.com');
    fits(review);

    await press(r, 's');
    const target = await screen(r, 'Change it to');
    expect(target).toContain('Change it to     aws-production@acme.com');
    expect(target).toContain('acme.com receives mail (MX mx.acme.com)');
    await press(r, KEYS.enter);
    expect(done).toHaveBeenCalledOnce();
    const outcome = done.mock.calls[0]![0];
    expect(outcome.status).toBe('pending');
    expect(outcome.shared).toEqual({ rootEmail: 'aws-production@acme.com' });
    expect(outcome.todo?.[0]).toContain('change the root email to aws-production@acme.com');
  });

  it('with no business domain known, the suggestion fills aws-production@ and waits for the domain', async () => {
    const { r, done } = await renderStep({ answers: { rootEmail: 'jane@gmail.com' }, first: 'Suggested:' });
    await press(r, 's');
    await screen(r, 'New root email:');
    expect(r.frame()).toContain('New root email: aws-production@');
    await type(r, 'acme.io');
    await press(r, KEYS.enter);
    await screen(r, 'Change it to     aws-production@acme.io');
    await press(r, KEYS.enter);
    expect(done.mock.calls[0]![0].shared).toEqual({ rootEmail: 'aws-production@acme.io' });
  });

  it('Tab takes the live suggestion while typing', async () => {
    const { r } = await renderStep({ first: 'Root email:' });
    await type(r, 'jdoe@acme.com');
    await screen(r, 'Suggested: aws-production@acme.com (Tab to use it)');
    await press(r, KEYS.tab);
    const f = await screen(r, 'Change it to     aws-production@acme.com');
    expect(f).toContain('Root email now   jdoe@acme.com');
  });

  it('a good alias passes every check and the step is done', async () => {
    const { r, done } = await renderStep({ answers: { rootEmail: 'aws+production@acme.com' }, first: 'receives mail' });
    const f = r.frame();
    expect(f).toContain('✔ aws+production@ uses plus-addressing');
    expect(f).not.toContain('Suggested');
    await press(r, KEYS.enter);
    expect(done.mock.calls[0]![0]).toMatchObject({ status: 'done', shared: { rootEmail: 'aws+production@acme.com' } });
  });

  it('offline: the MX lookup times out into "could not check", never a crash', async () => {
    const { r } = await renderStep({
      answers: { rootEmail: 'aws+production@acme.com' },
      resolveMx: async () => Promise.reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })),
      first: 'Could not check',
    });
    expect(r.frame()).toContain('? Could not check the mail servers for acme.com (DNS answered ETIMEOUT)');
  });

  it('Esc goes back to the previous step', async () => {
    const { r, back } = await renderStep({ first: 'Root email:' });
    await press(r, KEYS.escape);
    expect(back).toHaveBeenCalledOnce();
  });

  describe('a re-run', () => {
    async function passOnce() {
      const { r, done } = await renderStep({ answers: { rootEmail: 'aws+production@acme.com' }, first: 'receives mail' });
      await press(r, KEYS.enter);
      expect(done.mock.calls[0]![0].status).toBe('done');
      r.unmount();
      // the record is written after the step is done, without holding it up
      for (let i = 0; i < 200; i++) {
        try {
          if ((JSON.parse(readFileSync(join(dataDir, '111122223333.json'), 'utf8')) as { rootEmailCheck?: unknown }).rootEmailCheck) return;
        } catch {
          // not there yet
        }
        await new Promise((res) => setTimeout(res, 10));
      }
      throw new Error('the passed check was not recorded');
    }

    it('an address that passed last time is shown as already done; Enter goes on, nothing asked', async () => {
      await passOnce();
      const { r, done } = await renderStep({ first: 'Already done' });
      const f = r.frame();
      expect(f).toContain('Step 1 of 7');
      expect(f).toContain('✔ Root email aws+production@acme.com: passed every check on 2026-11-24');
      expect(f).toContain('Enter continue · e check again · Esc back');
      expect(f).not.toContain('Root email:');
      fits(f);
      await press(r, KEYS.enter);
      expect(done.mock.calls[0]![0]).toMatchObject({ status: 'done', todo: [], shared: { rootEmail: 'aws+production@acme.com' } });
    });

    it('e checks it again; a different address in the answers is checked, not taken as done', async () => {
      await passOnce();
      const { r } = await renderStep({ first: 'Already done' });
      await press(r, 'e');
      await screen(r, 'receives mail');
      r.unmount();
      const other = await renderStep({ answers: { rootEmail: 'jane@gmail.com' }, first: 'Suggested:' });
      expect(other.r.frame()).not.toContain('Already done');
    });

    it('with --yes it goes on at once', async () => {
      await passOnce();
      const done = vi.fn<(o: StepOutcome) => void>();
      const preflight = await session.preflight();
      render(
        <RootEmailStep answers={{}} preflight={preflight} shared={{}} position={{ index: 1, total: 7 }} yes onDone={done} />,
        { session, ui: { demo: true, now: () => NOW } },
      );
      await vi.waitFor(() => expect(done).toHaveBeenCalledOnce());
      expect(done.mock.calls[0]![0].status).toBe('done');
    });
  });
});
