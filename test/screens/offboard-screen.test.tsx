// The offboard screen on the demo's sandbox account (the team the demo starts with).
import React from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandboxGateway, seedTeam, type SandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession, type Session } from '../../src/session.js';
import { OffboardScreen } from '../../src/screens/OffboardScreen.js';
import { demoTeamPolicy } from '../../src/commands/team-session.js';
import { TAG_DISABLED_AT, TAG_DISABLED_BY } from '../../src/steps/offboard.js';
import { AwsError } from '../../src/aws/errors.js';
import { KEYS, press, render, waitForExit, waitForFrame, waitForInputsReady, waitForText, type Rendered } from '../helpers/ink.js';
import { seededBytes } from '../helpers/random.js';

const NOW = new Date('2026-11-24T12:00:00Z');

let sandbox: SandboxGateway;
let session: Session;

beforeEach(async () => {
  sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(2), accountId: '111122223333' });
  await seedTeam(sandbox, await demoTeamPolicy(), NOW);
  session = createSession({ demo: true, gateway: sandbox, now: () => NOW });
});

/** in an 80x24 terminal, the size the screens are made for */
function renderScreen(userName: string, rootHolders: string[] = [], yes = false) {
  const r = render(<OffboardScreen userName={userName} rootHoldersOf={async () => rootHolders} yes={yes} />, { session, ui: { demo: true, now: () => NOW } });
  r.resize(80, 24);
  return r;
}

async function screen(r: Rendered, text: string): Promise<string> {
  await waitForText(r, text);
  await waitForInputsReady();
  return r.frame();
}

function fits(frame: string) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(24);
  expect(lines.filter((l) => l.length > 80)).toEqual([]);
}

describe('OffboardScreen', () => {
  it('a plan taller than the room above the question and a root warning: compact, then cut short with a count, never hidden', async () => {
    await sandbox.iam.createUser('many', {});
    await sandbox.iam.createLoginProfile('many', 'Correct-Horse-Battery-Staple-42', false);
    // IAM's quota: ten groups a user
    for (let i = 0; i < 10; i++) {
      await sandbox.iam.createGroup(`team-${i}`);
      await sandbox.iam.addUserToGroup(`team-${i}`, 'many');
    }
    const r = renderScreen('many', ['Many Person']);
    // room enough: every change on screen
    r.resize(120, 40);
    const whole = await screen(r, 'Apply this plan?');
    expect(whole).toContain('Will do (13):');
    for (let i = 0; i < 10; i++) expect(whole).toContain(`Remove many from group team-${i}`);
    expect(whole).toContain('Many Person could reach the root user');
    // 80x24: the first changes, a count of the rest, the warning and the question
    for (const [columns, rows] of [[80, 24], [80, 18]] as const) {
      r.resize(columns, rows);
      const cut = await waitForFrame(r, (f) => /… and \d+ more changes/.test(f) && f.split('\n').length <= rows);
      expect(cut).toContain('Will do (13):');
      expect(cut).toContain('Delete the console password of many');
      expect(cut).toContain('Remove many from group team-0');
      expect(cut).toContain('Many Person could reach the root user');
      expect(cut).toContain('Apply this plan?');
      // which account it is in stays on screen above the plan
      expect(cut).toContain('Disable many in account 111122223333 (acme-demo) (kept, not deleted):');
      expect(cut).not.toContain('earlier line');
      expect(cut.split('\n').filter((l) => l.length > columns)).toEqual([]);
    }
  });

  it('shows the plan, asks, disables bob and reports; a re-run plans nothing', async () => {
    const r = renderScreen('bob');
    const plan = await screen(r, 'Apply this plan?');
    // the demo account has an alias
    expect(plan).toContain('Disable bob in account 111122223333 (acme-demo) (kept, not deleted):');
    expect(plan).toContain('Delete the console password of bob');
    expect(plan).toMatch(/Deactivate access key AKIA/);
    expect(plan).toContain('Deactivate MFA device bob-phone');
    expect(plan).toContain('Delete virtual MFA device bob-phone');
    expect(plan).toContain('Remove bob from group Developers');
    fits(plan);
    await press(r, 'y');
    const done = await screen(r, 'bob is disabled');
    expect(done).toContain('can no longer sign in or call AWS');
    fits(done);
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);

    const bob = sandbox.controls.snapshot().users.find((u) => u.name === 'bob')!;
    expect(bob.loginProfile).toBeUndefined();
    expect(bob.accessKeys.every((k) => k.status === 'Inactive')).toBe(true);
    expect(bob.tags[TAG_DISABLED_AT]).toBe(NOW.toISOString());
    expect(bob.tags[TAG_DISABLED_BY]).toBe('arn:aws:iam::111122223333:root');
    expect(sandbox.controls.snapshot().virtualMfaDevices.map((d) => d.serial)).not.toContain('arn:aws:iam::111122223333:mfa/bob-phone');
    r.unmount();

    const again = renderScreen('bob');
    expect(await screen(again, 'bob is already disabled: nothing to do.')).toContain(`bob tagged disabled at ${NOW.toISOString()}`);
    await press(again, KEYS.enter);
    expect(await waitForExit(again)).toBe(0);
  });

  it('refuses the last admin: exit 1 and nothing changed', async () => {
    const first = renderScreen('dana', [], true);
    await screen(first, 'dana is disabled');
    await press(first, KEYS.enter);
    await waitForExit(first);
    first.unmount();

    const r = renderScreen('alice');
    const frame = await screen(r, 'Not offboarding alice');
    expect(frame).toContain('last member of Administrators');
    expect(frame).toContain('Nothing changed.');
    expect(frame).not.toContain('Nothing was changed.');
    expect(frame).not.toMatch(/[│╭╮╰╯]/);
    fits(frame);
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(1);
    expect(sandbox.controls.snapshot().groups.find((g) => g.name === 'Administrators')!.members).toEqual(['alice']);
  });

  it('the plan names the account, with its alias when the account has one', async () => {
    await sandbox.iam.createAccountAlias('acme-production');
    const r = renderScreen('bob');
    const plan = await screen(r, 'Apply this plan?');
    expect(plan).toContain('Disable bob in account 111122223333 (acme-production) (kept, not deleted):');
    fits(plan);
    await press(r, KEYS.escape);
    expect(await waitForExit(r)).toBe(0);
  });

  it('refuses the caller itself', async () => {
    sandbox.controls.actAs('alice');
    const r = renderScreen('alice');
    expect(await screen(r, 'Not offboarding alice')).toContain('alice is the user running this command');
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(1);
  });

  it('warns a root holder, and gives the rotation steps with the report', async () => {
    const r = renderScreen('alice', ['Alice Doe', 'Dana Roe']);
    const plan = await screen(r, 'Apply this plan?');
    expect(plan).toContain("Alice Doe could reach the root user: root's password and MFA must be rotated");
    fits(plan);
    await press(r, 'y');
    const done = await screen(r, 'alice is disabled');
    expect(done).toContain('Change the root password');
    expect(done).toContain('Remove the MFA device Alice Doe holds');
    fits(done);
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(0);
  });

  it.each([['n', 'n'], ['Enter (the default is no)', KEYS.enter]])('%s at the confirm says nothing changed, then exits 0 with carol as she was', async (_what, key) => {
    const r = renderScreen('carol');
    await screen(r, 'Apply this plan?');
    await press(r, key);
    expect(await waitForExit(r)).toBe(0);
    const last = r.frame();
    expect(last).toContain('Nothing changed.');
    // the question is answered, not waiting
    expect(last).toContain('Apply this plan? no');
    expect(last).not.toContain('y/n');
    expect(sandbox.controls.snapshot().users.find((u) => u.name === 'carol')!.loginProfile).toBeDefined();
  });

  it('the refusal is plain text a person can copy: no box, wrapped lines keep their indent', async () => {
    const r = renderScreen('no such user with a very long name that wraps past eighty columns on this screen');
    const frame = await screen(r, 'Not offboarding');
    expect(frame).not.toMatch(/[│╭╮╰╯]/);
    const lines = frame.split('\n');
    const at = lines.findIndex((l) => l.includes('is not a valid IAM user name'));
    expect(at).toBeGreaterThan(-1);
    expect(lines[at]).toMatch(/^ {2}\S/);
    expect(lines[at + 1]).toMatch(/^ {2}\S/);
    fits(frame);
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(2);
  });

  it('Ctrl-C while disabling: exit 130, and the line after the frame says how many changes were made', async () => {
    // removing bob from his group waits until the test lets it go: the run is interrupted there
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let removed = () => {};
    const answered = new Promise<void>((r) => (removed = r));
    const removeUserFromGroup = async (g: string, u: string) => {
      await held;
      await sandbox.iam.removeUserFromGroup(g, u);
      removed();
    };
    const gateway = { ...sandbox, iam: { ...sandbox.iam, removeUserFromGroup } };
    const r = render(<OffboardScreen userName="bob" rootHoldersOf={async () => []} yes={false} />, {
      session: createSession({ demo: true, gateway, now: () => NOW }),
      ui: { demo: true, now: () => NOW },
    });
    r.resize(80, 24);
    await screen(r, 'Apply this plan?');
    await press(r, 'y');
    await waitForText(r, 'Disabling bob:');
    // the credentials are cut first (password, key): then the group removal waits
    await waitForText(r, /✔ Deactivate access key AKIA/);
    await press(r, KEYS.ctrlC);
    // AWS answers the removal under way only after the interrupt: it is made, and counted
    release();
    expect(await waitForExit(r)).toBe(130);
    await answered;
    const bob = sandbox.controls.snapshot().users.find((u) => u.name === 'bob')!;
    const groups = sandbox.controls.snapshot().groups.filter((g) => g.members.includes('bob'));
    const devices = sandbox.controls.snapshot().virtualMfaDevices.filter((d) => d.serial.endsWith('/bob-phone'));
    expect(groups).toEqual([]);
    const made = [
      bob.loginProfile === undefined,
      bob.accessKeys.every((k) => k.status === 'Inactive'),
      devices.every((d) => d.assignedTo === undefined),
      groups.length === 0,
      devices.length === 0,
      bob.inlinePolicies['mvsp-setup-revoke-sessions'] !== undefined,
      bob.tags[TAG_DISABLED_AT] !== undefined,
    ].filter(Boolean).length;
    expect(r.interruptSummary()).toBe(`${made} of 7 changes made to bob; re-run to finish (nothing is redone)`);
    // interrupted: not read back as disabled, not tagged
    expect(bob.tags[TAG_DISABLED_AT]).toBeUndefined();
  });

  it('a refused read: the error with r to read again; Enter quits with exit 2', async () => {
    // the first read of the user is refused, the next ones are not
    let refusals = 1;
    const getUser = async (name: string) => {
      if (refusals-- > 0) throw new AwsError({ kind: 'AccessDenied', action: 'iam:GetUser' });
      return sandbox.iam.getUser(name);
    };
    const gateway = { ...sandbox, iam: { ...sandbox.iam, getUser } };
    const open = () => {
      const r = render(<OffboardScreen userName="bob" rootHoldersOf={async () => []} yes={false} />, {
        session: createSession({ demo: true, gateway, now: () => NOW }),
        ui: { demo: true, now: () => NOW },
      });
      r.resize(80, 24);
      return r;
    };
    const r = open();
    const failed = await screen(r, 'r retry');
    expect(failed).toContain('Offboard an engineer: bob');
    expect(failed).toContain('Access denied: iam:GetUser');
    fits(failed);
    await press(r, 'r');
    await screen(r, 'Apply this plan?');
    r.unmount();

    refusals = 1;
    const quit = open();
    await screen(quit, 'r retry');
    await press(quit, KEYS.enter);
    expect(await waitForExit(quit)).toBe(2);
  });

  it('a group joined while the question waits: the screen says what is still there, exit 1, no tag', async () => {
    await sandbox.iam.createGroup('Ops');
    const r = renderScreen('carol');
    await screen(r, 'Apply this plan?');
    await sandbox.iam.addUserToGroup('Ops', 'carol');
    await press(r, 'y');
    const end = await screen(r, 'carol is NOT disabled');
    expect(end.replace(/\s+/g, ' ')).toContain('AWS still shows member of Ops.');
    expect(end).not.toContain('can no longer sign in');
    expect(end).not.toContain('carol is disabled');
    // the command to re-run on a line of its own, whole
    expect(end).toMatch(/^ *mvsp-setup offboard carol *$/m);
    fits(end);
    await press(r, KEYS.enter);
    expect(await waitForExit(r)).toBe(1);
    const carol = sandbox.controls.snapshot().users.find((u) => u.name === 'carol')!;
    expect(carol.tags[TAG_DISABLED_AT]).toBeUndefined();
    expect(sandbox.controls.snapshot().groups.find((g) => g.name === 'Ops')!.members).toEqual(['carol']);
    r.unmount();
  });
});
