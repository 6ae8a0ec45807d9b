// The onboard flow (src/steps/onboard-flow.ts) without a presenter: scripted answers over
// the --demo team's sandbox account, the account and the local record read back afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandboxGateway, seedTeam, type SandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession } from '../../src/session.js';
import { demoTeamPolicy } from '../../src/commands/team-session.js';
import { onboardFlow, type OnboardInput } from '../../src/steps/onboard-flow.js';
import { parseEngineersCsv } from '../../src/steps/onboard-csv.js';
import { readRecord } from '../../src/steps/local-record.js';
import { mergePasswordPolicy } from '../../src/steps/admin-user.js';
import { generatePassword } from '../../src/steps/password.js';
import { scriptedIO, type Script } from '../helpers/scripted-io.js';
import { seededBytes } from '../helpers/random.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const SEED = 7;
// the plan draws the first password from the session's random source
const PASSWORD = generatePassword(seededBytes(SEED), mergePasswordPolicy(null).policy);

let sandbox: SandboxGateway;
let dir: string;
beforeEach(async () => {
  sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(2), accountId: '111122223333' });
  await seedTeam(sandbox, await demoTeamPolicy(), NOW);
  dir = await mkdtemp(join(tmpdir(), 'mvsp-onboard-flow-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NONE = { name: null, email: null, group: null };

async function onboard(input: Partial<OnboardInput>, script: Script) {
  const session = createSession({ demo: true, gateway: sandbox, now: () => NOW, randomBytes: seededBytes(SEED), dataDir: dir });
  const ctx = await session.context();
  const s = scriptedIO(script);
  const run = await onboardFlow(
    ctx,
    { batch: null, initial: NONE, emailDomain: null, welcomeFile: null, includePassword: false, preflight: () => session.preflight(), ...input },
    s.io,
  );
  return { ...run, ...s };
}

const snapshot = () => sandbox.controls.snapshot();
const groupsOf = (user: string) => snapshot().groups.filter((g) => g.members.includes(user)).map((g) => g.name);
const pending = async () => (await readRecord('111122223333', { dataDir: dir })).passwordHandOverPending ?? [];

describe('onboard flow', () => {
  it('asks name, email (checked against the company domain) and group (starting on Developers); applies; the note holds the password', async () => {
    const r = await onboard({}, { answers: { 'IAM user name': 'erin', 'work email': 'erin@acme.com' }, confirms: [true] });
    expect(r.asked.map((q) => q.message)).toEqual(['IAM user name of the new engineer', 'Their work email (kept as a tag)', 'Group']);
    const email = r.asked[1]!;
    expect(email.validate!('erin@gmail.com')).toMatch(/free-mail/);
    expect(email.validate!('erin@other.org')).toMatch(/Not on the company domain acme.com/);
    const group = r.asked[2]!;
    expect(group.initial).toBe('Developers');
    expect(group.choices).toEqual(['Administrators', 'Developers', 'ReadOnly']);
    expect(r.transcript).toContain('? Apply this plan? yes');
    expect(r.transcript).toContain('✔ erin set up (3 changes)');
    expect(r.transcript).toContain('[pass] 1 set up, 0 not finished, 0 left out.');
    expect(r.transcript).toContain(`  Temporary password: ${PASSWORD}`);
    expect(r.exitCode).toBe(0);
    expect(groupsOf('erin')).toEqual(['Developers']);
    // printed: handed over, nothing pending in the record
    expect(await pending()).toEqual([]);
  });

  it('Administrators is warned about on the plan; no on a screen goes back to the questions; Esc on the first ends it, nothing created', async () => {
    const r = await onboard(
      { initial: { name: 'erin', email: 'erin@acme.com', group: 'Administrators' } },
      { goesBack: true, confirms: [false, false], answers: { 'IAM user name': ['erin', '\u001b'] } },
    );
    const warned = r.transcript.findIndex((l) => l.startsWith('[warn] Admin rights: erin joins Administrators, an admin group'));
    const askedAt = r.transcript.indexOf('? Apply this plan? no');
    expect(warned).toBeGreaterThan(-1);
    expect(warned).toBeLessThan(askedAt);
    // back to every field: the group starts on the one asked for
    expect(r.asked.find((q) => q.message === 'Group')!.initial).toBe('Administrators');
    expect(r.exitCode).toBe(0);
    expect(r.declined).toBe(true);
    expect(snapshot().users.map((u) => u.name)).not.toContain('erin');
  });

  it('a CSV batch: bad rows reported by line, one plan, a line per engineer; the others are done when one fails', async () => {
    const csv = ['name,email,group', 'erin,erin@acme.com,ReadOnly', 'x y,x@acme.com,ReadOnly', 'frank,frank@acme.com,Developers', 'gina,gina@other.org,Developers'].join('\n');
    const { rows, bad } = parseEngineersCsv(csv);
    const createLoginProfile = sandbox.iam.createLoginProfile.bind(sandbox.iam);
    sandbox.iam.createLoginProfile = async (user, password, reset) => {
      if (user === 'frank') throw new Error('throttled');
      return createLoginProfile(user, password, reset);
    };
    const r = await onboard({ batch: { source: 'team.csv', engineers: rows, bad } }, { yes: true });
    expect(r.transcript).toContain('4 engineers in team.csv:');
    expect(r.transcript.some((l) => l.startsWith('[fail] Left out: line 3 (x y): name: A space is not allowed'))).toBe(true);
    expect(r.transcript.some((l) => l.startsWith('[fail] Left out: line 5 (gina): email: Not on the company domain acme.com'))).toBe(true);
    expect(r.transcript.filter((l) => l === 'onboard: plan')).toHaveLength(1);
    expect(r.transcript).toContain('✔ erin set up (3 changes)');
    expect(r.transcript.some((l) => /^✖ frank not finished \(Console password for frank .*throttled\): re-run to finish$/.test(l))).toBe(true);
    expect(r.transcript).toContain('[warn] 1 set up, 1 not finished, 2 left out.');
    expect(r.exitCode).toBe(1);
    expect(groupsOf('erin')).toEqual(['ReadOnly']);
    expect(snapshot().users.map((u) => u.name)).not.toContain('gina');
  });

  it('on a screen a password reaches the person only when revealed; m enrols the engineer\'s MFA from the note', async () => {
    // unrevealed: still pending, so a re-run would reset it
    const hidden = await onboard({ initial: { name: 'erin', email: 'erin@acme.com', group: 'ReadOnly' } }, { goesBack: true, confirms: [true], screen: true, keys: [] });
    expect(hidden.exitCode).toBe(0);
    expect(hidden.transcript).toContain('[warn] Shown once: hand it over now; it is stored nowhere.');
    // the scripted screen reveals every note's secret at the end: then it is handed over
    await vi.waitFor(async () => expect(await pending()).toEqual([]));

    const r = await onboard(
      { initial: { name: 'frank', email: 'frank@acme.com', group: 'ReadOnly' } },
      { goesBack: true, confirms: [true, false], screen: true, keys: ['m'] },
    );
    // m ran the MFA step on the same IO: its plan was asked and declined
    expect(r.confirmed).toEqual(['Apply this plan?', 'Apply this plan (1 change)?']);
    expect(r.transcript.some((l) => l.startsWith('[warn] MFA: '))).toBe(true);
    expect(r.exitCode).toBe(0);
    // frank's note is handed over as the first one was (and the record written before the folder goes)
    await vi.waitFor(async () => expect(await pending()).toEqual([]));
  });
});
