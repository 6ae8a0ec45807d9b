// The onboard group picker as a lead uses it, against moto: going back from the plan and
// pressing Enter through the form keeps the group that was asked for; Administrators is
// never where the cursor starts unless it was asked for; and a plan that adds someone to
// an admin group says so. The end state is read back through the SDK.
import React from 'react';
import { GetUserCommand, IAMClient, ListGroupsForUserCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { createSession } from '../../src/session.js';
import { OnboardScreen, type OnboardScreenProps } from '../../src/screens/OnboardScreen.js';
import { KEYS, press, render, waitForExit, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';
import { useMoto } from '../helpers/moto.js';
import { seededBytes } from '../helpers/random.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const iam = () => new IAMClient({ region: 'us-east-1' });

function renderScreen(initial: OnboardScreenProps['initial']) {
  const session = createSession({ demo: false, gateway: createSdkGateway({}), now: () => NOW, randomBytes: seededBytes(5) });
  const r = render(
    <OnboardScreen batch={null} initial={initial} emailDomain="acme.com" welcomeFile={null} includePassword={false} yes={false} />,
    { session, ui: { now: () => NOW } },
  );
  // an 80x24 terminal
  r.resize(80, 24);
  return r;
}

async function screen(r: Rendered, text: string | RegExp): Promise<string> {
  await waitForText(r, text, 10_000);
  await waitForInputsReady();
  return r.frame();
}

function fits(frame: string) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(24);
  expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
}

/** Esc on the plan, then Enter on the name and the email as they stand: the group picker's frame. */
async function backToPicker(r: Rendered): Promise<string> {
  await press(r, KEYS.escape);
  await screen(r, 'IAM user name of the new engineer:');
  await press(r, KEYS.enter);
  await screen(r, 'Their work email (kept as a tag):');
  await press(r, KEYS.enter);
  return screen(r, 'Group');
}

async function groupsOf(user: string): Promise<string[]> {
  return ((await iam().send(new ListGroupsForUserCommand({ UserName: user }))).Groups ?? []).map((g) => g.GroupName!);
}

describe('onboard group picker', () => {
  it('--group Developers, Esc on the plan, Enter ×3: the plan still adds erin to Developers, and applying it does', async () => {
    const r = renderScreen({ name: 'erin', email: 'erin@acme.com', group: 'Developers' });
    const first = await screen(r, 'Apply this plan?');
    expect(first).toContain('Add erin to group Developers');

    const picker = await backToPicker(r);
    // one option is marked, and it is the one asked for
    expect(picker.match(/›/g)).toHaveLength(1);
    expect(picker).toMatch(/› Developers/);
    await press(r, KEYS.enter);

    const again = await screen(r, 'Apply this plan?');
    expect(again).toContain('Add erin to group Developers');
    expect(again).not.toContain('Administrators');
    expect(again).not.toContain('Admin rights');
    fits(again);
    await press(r, 'y');
    const note = await screen(r, '1 set up, 0 not finished, 0 left out.');
    // the welcome note is copied to the engineer: plain lines, no box around them
    expect(note).not.toMatch(/[│╭╮╰╯]/);
    expect(note).toMatch(/^Welcome to the AWS account, erin\.$/m);
    expect(note).toMatch(/^ {2}User name: {4}erin$/m);
    fits(note);
    await press(r, 'p');
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
    expect(await groupsOf('erin')).toEqual(['Developers']);
  });

  it('a new engineer: the cursor starts on Developers; choosing Administrators puts a warning on the plan; n changes nothing', async () => {
    const r = renderScreen({ name: 'erin', email: 'erin@acme.com', group: null });
    const picker = await screen(r, 'Group');
    expect(picker).toMatch(/› Developers/);
    expect(picker).not.toMatch(/› Administrators/);
    fits(picker);

    await press(r, KEYS.up);
    expect(r.frame()).toMatch(/› Administrators/);
    expect(r.frame().match(/›/g)).toHaveLength(1);
    await press(r, KEYS.enter);

    const plan = await screen(r, 'Apply this plan?');
    expect(plan).toContain('Add erin to group Administrators');
    expect(plan).toContain('⚠ Admin rights: erin joins Administrators, an admin group');
    expect(plan.replace(/\s+/g, ' ')).toContain('(AWS managed AdministratorAccess: * on *)');
    // the warning wraps under its own text, not at column 0
    const lines = plan.split('\n');
    const at = lines.findIndex((l) => l.includes('⚠ Admin rights'));
    expect(lines[at + 1]).toMatch(/^ {2}\S/);
    fits(plan);

    await press(r, 'n');
    await screen(r, 'IAM user name of the new engineer:');
    await expect(iam().send(new GetUserCommand({ UserName: 'erin' }))).rejects.toThrow(/cannot be found|NoSuchEntity/);
    r.unmount();
  });

  it('a --group the picker does not offer leaves the cursor on nothing: Enter says what is needed and plans nothing', async () => {
    const r = renderScreen({ name: 'erin', email: 'erin@acme.com', group: 'Nosuch' });
    // the plan rejects the unknown group; back to the form and through it
    expect(await screen(r, /no group Nosuch/)).toContain('Nobody left to onboard.');
    const picker = await backToPicker(r);
    expect(picker).not.toContain('›');
    await press(r, KEYS.enter);
    const asked = await screen(r, 'Choose one with ↑↓ (or its number), then press Enter.');
    expect(asked).toContain('Group');
    expect(asked).not.toContain('Apply this plan?');
    r.unmount();
  });
});
