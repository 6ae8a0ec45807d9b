// The hand-over every onboard front end shares (NoteHandOver), on the sandbox account
// with the real welcome file and local record: a password's note goes out the moment the
// password exists, the file gets each note, the record counts a password as handed over
// only once it reached a person, and a file that fails stops only the file.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxGateway, seedTeam } from '../../src/aws/sandbox/index.js';
import { demoTeamPolicy } from '../../src/commands/team-session.js';
import { createSession } from '../../src/session.js';
import { apply, HandOvers, inspect, plan as planOnboard, type EngineerPlan, type OnboardPlan } from '../../src/steps/onboard.js';
import { NoteHandOver } from '../../src/steps/onboard-handover.js';
import { readRecord } from '../../src/steps/local-record.js';
import { prepareWelcomeFile } from '../../src/steps/welcome-file.js';
import type { StepContext } from '../../src/steps/types.js';
import { seededBytes } from '../helpers/random.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const TEAM = ['ana', 'ben', 'cho'].map((name) => ({ name, email: `${name}@acme.com`, group: 'Developers' }));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvsp-handover-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function setUp(): Promise<{ ctx: StepContext; p: OnboardPlan; handOvers: HandOvers }> {
  const sandbox = createSandboxGateway({ now: () => NOW, random: seededBytes(1) });
  await seedTeam(sandbox, await demoTeamPolicy(), NOW);
  const session = createSession({ demo: true, gateway: sandbox, dataDir: dir, now: () => NOW, randomBytes: seededBytes(3) });
  const ctx = await session.context();
  const handOvers = await HandOvers.read(ctx.caller.accountId, { dataDir: dir });
  const state = await inspect(ctx, TEAM, null);
  const p = planOnboard(state, TEAM, { callerArn: ctx.caller.arn, now: NOW, randomBytes: ctx.randomBytes, handOverPending: handOvers.pending });
  expect(p.rejected).toEqual([]);
  expect(p.engineers.map((ep) => ep.temporaryPassword !== null)).toEqual([true, true, true]);
  return { ctx, p, handOvers };
}

const pending = async (ctx: StepContext) => (await readRecord(ctx.caller.accountId, { dataDir: dir })).passwordHandOverPending ?? [];

describe('NoteHandOver', () => {
  it.each([
    ['printed (it reached a person)', true, []],
    ['on a screen, not yet revealed or confirmed', false, ['ana', 'ben', 'cho']],
  ] as const)('passwords %s: each shown the moment it exists, once; the record says what is pending', async (_what, reached, stillPending) => {
    const { ctx, p, handOvers } = await setUp();
    const seen: string[] = [];
    const notes = new NoteHandOver({
      plan: p,
      handOvers,
      file: null,
      includePassword: false,
      show: (ep, password) => {
        seen.push(`note ${ep.engineer.name} ${password === ep.temporaryPassword ? 'with its password' : 'without'}`);
        return reached;
      },
    });
    const result = await apply(
      p,
      ctx,
      (e) => {
        notes.progress(e);
        if (e.type === 'engineer' && e.event.type === 'done' && e.event.action.call === 'iam:CreateLoginProfile') seen.push(`password set ${e.name}`);
        if (e.type === 'engineer-done') seen.push(`done ${e.name}`);
      },
      { beforePassword: handOvers.before },
    );
    await notes.settled(result);
    expect(await notes.close()).toBeNull();
    for (const name of ['ana', 'ben', 'cho']) {
      // as CreateLoginProfile succeeds, before anything else happens, and not again once they are done
      expect(seen.filter((s) => s.startsWith(`note ${name} `))).toEqual([`note ${name} with its password`]);
      expect(seen[seen.indexOf(`password set ${name}`) - 1], seen.join('\n')).toBe(`note ${name} with its password`);
      expect(seen.indexOf(`password set ${name}`)).toBeLessThan(seen.indexOf(`done ${name}`));
    }
    expect((await pending(ctx)).sort()).toEqual(stillPending);
  });

  it('a welcome file with passwords: each note in it (the screen gets none), the record cleared', async () => {
    const { ctx, p, handOvers } = await setUp();
    const file = await prepareWelcomeFile(join(dir, 'welcome.txt'), false);
    const shown: (string | null)[] = [];
    const notes = new NoteHandOver({ plan: p, handOvers, file, includePassword: true, show: (_ep, password) => (shown.push(password), true) });
    const result = await apply(p, ctx, notes.progress, { beforePassword: handOvers.before });
    await notes.settled(result);
    expect(await notes.close()).toBeNull();
    expect(shown).toEqual([null, null, null]);
    const text = await readFile(join(dir, 'welcome.txt'), 'utf8');
    for (const ep of p.engineers) expect(text).toContain(`User name:    ${ep.engineer.name}\n  Temporary password: ${ep.temporaryPassword}`);
    expect(await pending(ctx)).toEqual([]);
  });

  it('a welcome file that cannot be written: the notes still reach the screen, close names the file, the passwords stay pending', async () => {
    const { ctx, p, handOvers } = await setUp();
    // an existing file of ours, replaced (--force): the notes go to a file beside it, renamed
    // into place with the first note; the folder is gone by then
    const folder = join(dir, 'notes');
    await mkdir(folder);
    await writeFile(join(folder, 'welcome.txt'), 'old\n');
    const file = await prepareWelcomeFile(join(folder, 'welcome.txt'), true);
    await rm(folder, { recursive: true });
    const shown: EngineerPlan[] = [];
    const notes = new NoteHandOver({ plan: p, handOvers, file, includePassword: false, show: (ep) => (shown.push(ep), false) });
    const result = await apply(p, ctx, notes.progress, { beforePassword: handOvers.before });
    await notes.settled(result);
    const error = await notes.close();
    expect(String(error)).toContain(join(folder, 'welcome.txt'));
    expect(shown.map((ep) => ep.engineer.name).sort()).toEqual(['ana', 'ben', 'cho']);
    expect((await pending(ctx)).sort()).toEqual(['ana', 'ben', 'cho']);
  });
});
