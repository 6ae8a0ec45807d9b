import React from 'react';
import { describe, expect, it } from 'vitest';
import { AlertStep } from '../../src/screens/AlertStep.js';
import { createSession } from '../../src/session.js';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { preflight } from '../../src/steps/preflight.js';
import type { StepOutcome } from '../../src/screens/wizard/types.js';
import type { Answers } from '../../src/answers.js';
import { KEYS, press, render, type, waitForInputsReady, waitForText } from '../helpers/ink.js';

const now = () => new Date('2026-11-24T12:00:00Z');

async function mount(answers: Answers, shared = {}) {
  const gateway = createSandboxGateway({ now });
  const session = createSession({ demo: true, gateway, now });
  const pf = await preflight(gateway);
  const outcomes: StepOutcome[] = [];
  const r = render(
    <AlertStep answers={answers} preflight={pf} shared={shared} position={{ index: 7, total: 7 }} yes={false} onDone={(o) => outcomes.push(o)} />,
    { session, ui: { demo: true, now } },
  );
  return { r, outcomes, gateway };
}

async function mountWith(prepare: (g: ReturnType<typeof createSandboxGateway>) => void) {
  const gateway = createSandboxGateway({ now });
  prepare(gateway);
  const session = createSession({ demo: true, gateway, now });
  const pf = await preflight(gateway);
  const r = render(
    <AlertStep answers={{}} preflight={pf} shared={{ securityEmail: 'security@acme.com' }} position={{ index: 7, total: 7 }} yes={false} onDone={() => {}} />,
    { session, ui: { demo: true, now } },
  );
  return { r, gateway };
}

describe('Alert step (sandbox)', () => {
  it('shows the plan with the CloudTrail warning, applies on Enter, and asks to confirm the email', async () => {
    const { r, outcomes, gateway } = await mount({}, { securityEmail: 'security@acme.com' });
    let frame = await waitForText(r, 'Will do (5)');
    expect(frame).toContain('Step 7 of 7');
    expect(frame).toContain('[x] Set up the root sign-in alert');
    expect(frame).toContain('will email security@acme.com');
    expect(frame).toContain('sns:CreateTopic');
    expect(frame).toMatch(/no CloudTrail trail/);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    expect(gateway.controls.snapshot().topics).toEqual([]);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    frame = await waitForText(r, 'Root sign-ins now email security@acme.com');
    expect(frame.replace(/\s+/g, ' ')).toContain('Confirm the alert email');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(outcomes[0]?.status).toBe('done');
    expect(gateway.controls.snapshot().rules.map((x) => x.name)).toEqual(['mvsp-root-signin']);
  });

  it('asks for an address when none is known, and Space turns the alert off', async () => {
    const { r, outcomes, gateway } = await mount({});
    await waitForText(r, 'Send alerts to:');
    await waitForInputsReady();
    await type(r, 'nope');
    await press(r, KEYS.enter);
    await waitForText(r, 'must be an email address');
    await press(r, ...Array<string>(4).fill(KEYS.backspace));
    await type(r, 'sec@acme.com');
    await press(r, KEYS.enter);
    await waitForText(r, 'Will do (5)');
    await waitForInputsReady();
    await press(r, ' ');
    await waitForText(r, 'Nothing will be created');
    await press(r, KEYS.enter);
    expect(outcomes[0]?.status).toBe('skipped');
    expect(gateway.controls.snapshot().topics).toEqual([]);
  });

  it('offers the trail the alert needs on one line; t declines it, and Enter applies it otherwise (80x24)', async () => {
    const { r, outcomes, gateway } = await mount({}, { securityEmail: 'security@acme.com' });
    r.resize(80, 24);
    let frame = await waitForText(r, 'A CloudTrail trail for the alert');
    expect(frame).toContain('[x] A CloudTrail trail for the alert');
    expect(frame.replace(/\s+/g, ' ')).toMatch(/Create trail mvsp-trail \(every region\) and its log bucket: 8 changes/);
    expect(frame).toContain('first copy of management events is free');
    expect(frame).toMatch(/t no trail/);
    if (frame.split('\n').length > 24) console.log(frame);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    expect(Math.max(...frame.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);

    await waitForInputsReady();
    await press(r, 't');
    frame = await waitForText(r, '[ ] A CloudTrail trail for the alert');
    expect(frame).toContain('root sign-ins may never reach the alert');
    expect(frame).not.toContain('8 changes');
    expect(frame).toMatch(/t trail/);
    await press(r, 't');
    frame = await waitForText(r, '[x] A CloudTrail trail for the alert');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);

    await press(r, KEYS.enter);
    frame = await waitForText(r, 'Root sign-ins now email security@acme.com');
    expect(frame).toContain('Start logging on mvsp-trail');
    if (frame.split('\n').length > 24) console.log(frame);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(outcomes[0]?.status).toBe('done');
    expect(outcomes[0]?.todo?.join(' ')).not.toMatch(/CloudTrail/);
    expect(gateway.controls.snapshot().trails.map((t) => [t.name, t.isLogging, t.isMultiRegion])).toEqual([['mvsp-trail', true, true]]);
  });

  it('with the trail declined, nothing is made in CloudTrail or S3 and the to-do says so', async () => {
    const { r, outcomes, gateway } = await mount({ alert: { trail: false } }, { securityEmail: 'security@acme.com' });
    const frame = await waitForText(r, '[ ] A CloudTrail trail for the alert');
    expect(frame).not.toMatch(/Create a CloudTrail trail|CloudTrail → Trails/);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, 'Root sign-ins now email security@acme.com');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    expect(outcomes[0]?.todo?.join(' ')).toMatch(/Create a CloudTrail trail/);
    expect(gateway.controls.snapshot().trails).toEqual([]);
    expect(gateway.controls.snapshot().buckets).toEqual([]);
  });

  it('a stopped trail: the line says it will be started', async () => {
    const gatewayTrail = { name: 'org-trail', isLogging: false };
    const { r, gateway } = await mountWith((g) => g.controls.addTrail(gatewayTrail));
    const frame = await waitForText(r, '[x] A CloudTrail trail for the alert');
    expect(frame).toContain('Start logging on trail org-trail (us-east-1), which is stopped');
    expect(frame).not.toContain('mvsp-trail');
    await waitForInputsReady();
    await press(r, KEYS.enter);
    await waitForText(r, 'Root sign-ins now email security@acme.com');
    expect(gateway.controls.snapshot().trails.map((t) => [t.name, t.isLogging])).toEqual([['org-trail', true]]);
  });
});
