// The lockaway step in --ci (the line presenter, no prompts), and the local record it writes (temp XDG data dir).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { createSession } from '../../src/session.js';
import { definition } from '../../src/steps/day-one/lockaway.js';
import { runSteps } from '../../src/steps/run-steps.js';
import { lineStepIO } from '../../src/headless/line-presenter.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { UsageError } from '../../src/args.js';
import { dataDir } from '../../src/steps/local-record.js';

const NOW = new Date('2026-11-24T12:00:00Z');

describe('lockaway --ci', () => {
  let home: string;
  let saved: string | undefined;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'mvsp-lockaway-ci-'));
    saved = process.env.XDG_DATA_HOME;
    process.env.XDG_DATA_HOME = join(home, 'data');
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.XDG_DATA_HOME;
    else process.env.XDG_DATA_HOME = saved;
    rmSync(home, { recursive: true, force: true });
  });

  async function run(answers: { rootHolders?: string[] }, yes = false, cloudShell = true) {
    const gateway = createSandboxGateway({ now: () => NOW });
    const session = createSession({ demo: false, gateway, now: () => NOW });
    const preflight = { ...(await session.preflight()), cloudShell };
    const lines: string[] = [];
    const ctx = await session.context();
    const io = lineStepIO(ciIO((l) => void lines.push(l.trimEnd()), yes ? { yes: true } : {}), 'lockaway');
    // root keys left when the step itself finished (before the run's last actions)
    const keysAtStepEnd: number[] = [];
    const outcome = async () =>
      (
        await runSteps({
          ctx,
          preflight,
          answers,
          defs: [definition],
          ioFor: () => io,
          lastIO: io,
          onStepDone: () => void keysAtStepEnd.push(gateway.controls.snapshot().root.accessKeys.length),
        })
      ).results[0]!.outcome;
    return { gateway, outcome, lines, keysAtStepEnd };
  }

  it('needs rootHolders with two names: a usage error naming the answers key', async () => {
    await expect((await run({})).outcome()).rejects.toThrow(UsageError);
    await expect((await run({})).outcome()).rejects.toThrow(/"rootHolders" in --answers/);
    await expect((await run({ rootHolders: ['Alice'] })).outcome()).rejects.toThrow(/at least two/);
  });

  it('is pending without root MFA, lists the console steps, records the holders under XDG_DATA_HOME (0700/0600)', async () => {
    const { outcome, lines } = await run({ rootHolders: ['Alice', 'Bob'] });
    const o = await outcome();
    expect(o.status).toBe('pending');
    expect(lines.join('\n')).toContain('Assign MFA device');
    expect(dataDir()).toBe(join(home, 'data', 'mvsp-setup'));
    const file = join(home, 'data', 'mvsp-setup', '111122223333.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ rootHolders: ['Alice', 'Bob'], checks: [{ kind: 'lockaway', rootMfa: false }] });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'data', 'mvsp-setup')).mode & 0o777).toBe(0o700);
  });

  it('with --yes on root keys outside CloudShell: done, and the key deletion is the last action of the run', async () => {
    const r = await run({ rootHolders: ['Alice', 'Bob'] }, true, false);
    r.gateway.controls.enableRootMfa('virtual');
    r.gateway.controls.addRootAccessKey();
    const o = await r.outcome();
    expect(o.status).toBe('done');
    expect(o.lastActions?.map((a) => a.call)).toEqual(['iam:DeleteAccessKey']);
    // not deleted by the step: the run loop deletes it after every other step
    expect(r.keysAtStepEnd).toEqual([1]);
    expect(r.gateway.controls.snapshot().root.accessKeys).toHaveLength(0);
  });
});

describe('--demo', () => {
  it('keeps the sandbox account record out of the real data dir, a new folder each run', async () => {
    const session = createSession({ demo: true, gateway: createSandboxGateway({ now: () => NOW }), now: () => NOW });
    await session.gateway();
    const first = dataDir();
    expect(first.startsWith(join(tmpdir(), 'mvsp-setup-demo-'))).toBe(true);
    await createSession({ demo: true, gateway: createSandboxGateway({ now: () => NOW }), now: () => NOW }).gateway();
    expect(dataDir()).not.toBe(first);
  });
});
