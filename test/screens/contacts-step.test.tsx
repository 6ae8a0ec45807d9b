import React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandboxGateway, type SandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession, type Session } from '../../src/session.js';
import { ContactsStep } from '../../src/screens/ContactsStep.js';
import type { StepOutcome, WizardShared } from '../../src/screens/wizard/types.js';
import type { Answers } from '../../src/answers.js';
import { KEYS, press, render, type, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';

const NOW = new Date('2026-11-24T12:00:00Z');

const BILLING = { name: 'Finance', title: 'Billing', email: 'billing@acme.com', phone: '+14155550101' };
const OPERATIONS = { name: 'Ops on call', title: 'Ops', email: 'ops@acme.com', phone: '+14155550102' };

let sandbox: SandboxGateway;
let session: Session;

let dataDir: string;
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

beforeEach(() => {
  sandbox = createSandboxGateway({ now: () => NOW });
  // its own record: a root email that passed in the wizard test is remembered there
  dataDir = mkdtempSync(join(tmpdir(), 'mvsp-contacts-'));
  session = createSession({ demo: true, gateway: sandbox, now: () => NOW, dataDir });
});

async function renderStep(opts: { answers?: Answers; shared?: WizardShared; yes?: boolean; first: string }) {
  const preflight = await session.preflight();
  const done = vi.fn<(o: StepOutcome) => void>();
  const r = render(
    <ContactsStep
      answers={opts.answers ?? {}}
      preflight={preflight}
      shared={opts.shared ?? { rootEmail: 'aws+production@acme.com' }}
      position={{ index: 2, total: 7 }}
      yes={opts.yes ?? false}
      onDone={done}
      onBack={() => {}}
    />,
    { session, ui: { demo: true, now: () => NOW } },
  );
  await screen(r, opts.first);
  return { r, done };
}

async function screen(r: Rendered, text: string): Promise<string> {
  await waitForText(r, text);
  await waitForInputsReady();
  return r.frame();
}

function fits(frame: string) {
  for (const line of frame.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  expect(frame.split('\n').length).toBeLessThanOrEqual(24);
}

describe('Contacts screen', () => {
  it('asks one field at a time with live validation, shows the plan, applies, reads back', async () => {
    const { r, done } = await renderStep({ answers: { contacts: { billing: BILLING, operations: OPERATIONS } }, first: 'Name: Security team' });
    expect(r.frame()).toContain('Security contact  (field 1 of 4)');
    fits(r.frame());
    await press(r, KEYS.enter);
    await screen(r, 'Title: Security');
    await press(r, KEYS.enter);
    // the default comes from the root email's business domain
    await screen(r, 'Email: security@acme.com');
    await press(r, KEYS.enter);
    // the phone of a contact already given is offered again
    await screen(r, 'Phone: +14155550102');
    for (let i = 0; i < '+14155550102'.length; i++) await press(r, KEYS.backspace);
    await type(r, '415 555');
    await waitForText(r, 'Start with + and the country code');
    await press(r, KEYS.enter);
    await waitForText(r, '✖ Start with + and the country code');
    expect(r.frame()).toContain('Phone: 415 555');
    for (let i = 0; i < 7; i++) await press(r, KEYS.backspace);
    await type(r, '+1 415 555 0100');
    await press(r, KEYS.enter);

    const plan = await screen(r, 'Apply this plan?');
    expect(plan).toContain('Security    Security team (Security) <security@acme.com> +14155550100');
    expect(plan).toContain('+ Set the security contact to security@acme.com account:PutAlternateContact');
    fits(plan);
    await press(r, 'y');
    const result = await screen(r, 'Read back from AWS:');
    expect(result).toContain('✔ Security    Security team (Security) <security@acme.com> +14155550100');
    expect(result).toContain('✔ Operations  Ops on call (Ops) <ops@acme.com> +14155550102');
    expect(sandbox.controls.snapshot().contacts.SECURITY?.phone).toBe('+14155550100');
    await press(r, KEYS.enter);
    expect(done.mock.calls[0]![0]).toMatchObject({ status: 'done', shared: { securityEmail: 'security@acme.com' } });
  });

  it("warns, while typing, that a contact is the root email or one person's address", async () => {
    const { r } = await renderStep({
      answers: { contacts: { security: { name: 'Sec', title: 'Sec' }, billing: BILLING, operations: OPERATIONS } },
      shared: { rootEmail: 'aws+production@acme.com' },
      first: 'Email: security@acme.com',
    });
    for (let i = 0; i < 'security@acme.com'.length; i++) await press(r, KEYS.backspace);
    await type(r, 'aws+production@acme.com');
    await waitForText(r, 'is the root email');
    for (let i = 0; i < 'aws+production@acme.com'.length; i++) await press(r, KEYS.backspace);
    await type(r, 'jane.doe@acme.com');
    const f = await waitForText(r, 'if Jane leaves');
    expect(f).not.toContain('is the root email');
  });

  it('with every answer given and --yes, applies without asking; a re-run has nothing to do', async () => {
    const answers: Answers = { contacts: { security: { name: 'Security team', title: 'Security', email: 'security@acme.com', phone: '+14155550100' }, billing: BILLING, operations: OPERATIONS } };
    const first = await renderStep({ answers, yes: true, first: 'Read back from AWS:' });
    await press(first.r, KEYS.enter);
    expect(first.done.mock.calls[0]![0].status).toBe('done');
    first.r.unmount();

    const again = await renderStep({ answers, first: 'Nothing to do' });
    expect(again.r.frame()).toContain('Security contact: Security team <security@acme.com>');
    await press(again.r, KEYS.enter);
    expect(again.done.mock.calls[0]![0]).toMatchObject({ status: 'done', summary: ['contacts: already set'] });
  });
});

describe('in the wizard', () => {
  it('the root email chosen in step 1 is what the contacts step warns about and builds defaults from', async () => {
    const { Wizard } = await import('../../src/screens/wizard/Wizard.js');
    const { MxResolverContext } = await import('../../src/screens/RootEmailStep.js');
    const r = render(
      <MxResolverContext.Provider value={async (d) => [{ exchange: `mx.${d}`, priority: 1 }]}>
        <Wizard steps={['root-email', 'contacts']} answers={{ rootEmail: 'aws+production@example.org' }} yes={false} />
      </MxResolverContext.Provider>,
      { session, ui: { demo: true, now: () => NOW } },
    );
    await screen(r, 'Enter start');
    await press(r, KEYS.enter);
    await screen(r, 'receives mail');
    expect(r.frame()).toContain('Step 1 of 2');
    await press(r, KEYS.enter);
    await screen(r, 'Name: Security team');
    expect(r.frame()).toContain('Step 2 of 2');
    await press(r, KEYS.enter);
    await screen(r, 'Title: Security');
    await press(r, KEYS.enter);
    expect(await screen(r, 'Email: security@example.org')).toBeTruthy();
  });
});
