// Fault injection at every AWS call of the scripted day-one flow
// (`setup --ci --yes --answers FILE`) against moto, through the faulting proxy.
//
// A clean run records the ordered calls. Then for each call k: reset moto, run the flow
// with call k failing, then run it again without faults. The second run must end in
// exactly the clean run's account state (no duplicate or orphaned users, groups, policies,
// login profiles, MFA devices, topics or rules), and the failing run must say what failed
// and how to continue.
//
// Bounded: each call gets one fault kind, rotating throttle → denied → reset → 500 along
// the list, so every kind hits reads and writes of every step; MVSP_CHAOS_ALL_KINDS=1 runs
// the full product (four times slower).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { motoUrl, resetMoto, useMoto } from '../helpers/moto.js';
import { FAULT_KINDS, startAwsProxy, type AwsCall, type AwsProxy, type FaultKind } from '../helpers/aws-proxy.js';
import { makeHome, runCli, STACK_TRACE, type Sandbox } from '../helpers/cli-run.js';
import { DAY_ONE_ANSWERS, readAccountState, type AccountState } from '../helpers/account-state.js';

useMoto();

const ARGS = ['setup', '--ci', '--yes', '--answers', 'answers.json'];
const ALL_KINDS = process.env.MVSP_CHAOS_ALL_KINDS === '1';
// what a person is told to do, by the kind of failure
const CONTINUE = /re-run|run again|What to do|Grant /i;

/** Top-level keys whose values differ, with both values. */
function differences(want: AccountState, got: AccountState): string[] {
  return (Object.keys(want) as (keyof AccountState)[])
    .filter((k) => JSON.stringify(want[k]) !== JSON.stringify(got[k]))
    .map((k) => `${k}: clean ${JSON.stringify(want[k])} / after re-run ${JSON.stringify(got[k])}`);
}

describe('a fault at every AWS call of the scripted day-one flow', () => {
  let proxy: AwsProxy;
  let home: Sandbox;
  let clean: AccountState;
  let recorded: AwsCall[];

  const run = async () => runCli(ARGS, { env: home.env, cwd: home.cwd, timeoutMs: 90_000 });

  beforeAll(async () => {
    proxy = await startAwsProxy(motoUrl());
    home = makeHome(proxy.url);
    writeFileSync(join(home.cwd, 'answers.json'), JSON.stringify(DAY_ONE_ANSWERS));
    const first = await run();
    expect(first.code, first.stdout + first.stderr).toBe(0);
    recorded = proxy.calls();
    clean = await readAccountState();
    // the clean run converges: a second one plans nothing and changes nothing
    const again = await run();
    expect(again.code).toBe(0);
    expect(await readAccountState()).toEqual(clean);
  }, 180_000);

  afterAll(async () => {
    await proxy.close();
    home.remove();
  });

  it('the clean run leaves no orphaned MFA device and makes the calls it is known to make', () => {
    expect(clean.virtualMfa.unassigned).toBe(0);
    expect(recorded.length).toBeGreaterThan(5);
    expect(recorded.every((c) => c.fault === null && c.status !== null)).toBe(true);
  });

  it('with call k failing, the run says what failed and how to continue; a re-run ends exactly as a clean run', async () => {
    const plan: { call: AwsCall; kind: FaultKind }[] = recorded.flatMap((call, k) =>
      ALL_KINDS ? FAULT_KINDS.map((kind) => ({ call, kind })) : [{ call, kind: FAULT_KINDS[k % FAULT_KINDS.length]! }],
    );
    const problems: string[] = [];
    for (const { call, kind } of plan) {
      await resetMoto();
      // fresh files too: the local record of a previous iteration must not help the next
      home.remove();
      home = makeHome(proxy.url);
      writeFileSync(join(home.cwd, 'answers.json'), JSON.stringify(DAY_ONE_ANSWERS));
      proxy.clear();
      proxy.setFault((c) => (c.id === call.id && c.occurrence === call.occurrence ? kind : null));
      const faulty = await run();
      proxy.setFault(null);
      const hit = proxy.calls().some((c) => c.fault !== null);
      const label = `#${call.index} ${call.id} (${call.occurrence + 1}.) ${kind}`;
      const out = faulty.stdout + faulty.stderr;
      if (hit) {
        // a step may carry on without a read it can do without (e.g. the trail check), if it says so
        if (faulty.code === 0) {
          if (!out.includes(call.id)) problems.push(`${label}: exit 0 and no word about the failed call\n${out}`);
        }
        else if (!/✖/.test(out) || !CONTINUE.test(out)) problems.push(`${label}: output does not say what failed and how to continue\n${out}`);
        if (STACK_TRACE.test(out)) problems.push(`${label}: stack trace\n${out}`);
      }
      const second = await run();
      if (second.code !== 0) problems.push(`${label}: re-run exit ${second.code}\n${second.stdout}${second.stderr}`);
      const state = await readAccountState();
      const diff = differences(clean, state);
      if (diff.length) problems.push(`${label}: state after re-run differs from a clean run:\n  ${diff.join('\n  ')}`);
      if (problems.length >= 10 || process.env.MVSP_CHAOS_FIRST) break;
    }
    expect(problems).toEqual([]);
  });
});
