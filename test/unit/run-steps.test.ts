// The one run loop: one read of the account up front, a failed step does not stop the
// run, Esc goes back one question, the confirmed last actions run last. Steps here are
// tiny definitions; the account is the --demo sandbox.
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/answers.js';
import { AwsError } from '../../src/aws/errors.js';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import { runSteps } from '../../src/steps/run-steps.js';
import { applyPlan } from '../../src/steps/apply-plan.js';
import type { StepDefinition, StepIO } from '../../src/steps/flow.js';
import type { StepContext } from '../../src/steps/types.js';
import { scriptedIO, type Script } from '../helpers/scripted-io.js';

const NOW = new Date('2026-11-24T12:00:00Z');

async function context(): Promise<StepContext> {
  const aws = createSandboxGateway({ now: () => NOW });
  return { aws, caller: await aws.sts.getCallerIdentity(), now: () => NOW, randomBytes: (n) => new Uint8Array(n) };
}

const preflight = (ctx: StepContext) => ({ caller: ctx.caller, alias: null, aliasReadable: true, cloudShell: false, sandbox: true });

async function run(defs: StepDefinition[], script: Script = {}) {
  const ctx = await context();
  const s = scriptedIO(script);
  const result = await runSteps({ ctx, preflight: preflight(ctx), answers: {}, defs, ioFor: () => s.io });
  return { ...s, result, ctx };
}

const step = (id: string, body: (io: StepIO) => Promise<unknown>, extra: Partial<StepDefinition> = {}): StepDefinition => ({
  id,
  title: id,
  outline: id,
  run: async (_input, io) => {
    await body(io);
    return { status: 'done', summary: [`${id} ok`] };
  },
  ...extra,
});

describe('runSteps', () => {
  it('reads the account once, every inspect before the first question', async () => {
    const events: string[] = [];
    const defs = ['a', 'b', 'c'].map((id) =>
      step(id, async (io) => {
        events.push(`ask ${id}`);
        await io.ask({ message: `name ${id}` });
      }, {
        inspect: async () => {
          events.push(`inspect ${id}`);
          return id;
        },
      }),
    );
    const { result } = await run(defs, { answers: { 'name a': 'x', 'name b': 'y', 'name c': 'z' } });
    expect(events.slice(0, 4)).toEqual(['inspect a', 'inspect b', 'inspect c', 'ask a']);
    expect(events.filter((e) => e.startsWith('inspect'))).toHaveLength(3);
    expect(result.exitCode).toBe(0);
  });

  it('goes on after a failed step; a step that needs it is skipped and says why; exit 1', async () => {
    const defs = [
      step('admin', async () => {
        throw new AwsError({ kind: 'Conflict', action: 'iam:CreateUser', message: 'busy' });
      }),
      step('mfa', async () => {}, { needs: ['admin'] }),
      step('alert', async () => {}),
    ];
    const { result, transcript } = await run(defs);
    expect(result.results.map((r) => [r.def.id, r.outcome.status])).toEqual([
      ['admin', 'failed'],
      ['mfa', 'skipped'],
      ['alert', 'done'],
    ]);
    expect(transcript.join('\n')).toContain('Not run: it needs admin, which did not finish');
    expect(result.exitCode).toBe(1);
  });

  it('access denied: the other steps still run, exit 2; no credentials stops the run', async () => {
    const denied = step('admin', async () => {
      throw new AwsError({ kind: 'AccessDenied', action: 'iam:CreateUser' });
    });
    const after = step('alert', async () => {});
    const a = await run([denied, after]);
    expect(a.result.results.map((r) => r.outcome.status)).toEqual(['failed', 'done']);
    expect(a.result.exitCode).toBe(2);

    // a plan whose action AWS refuses: the step fails, the run ends with exit 2
    const refused: StepDefinition = {
      id: 'contacts',
      title: 'contacts',
      outline: '',
      run: async ({ ctx }, io) => {
        const plan = { actions: [{ id: 'p', call: 'account:PutAlternateContact', summary: 'Set it', phase: 1, run: async () => { throw new AwsError({ kind: 'AccessDenied', action: 'account:PutAlternateContact' }); } }], existing: [] };
        const r = await applyPlan(plan, ctx, io, 'contacts');
        return { status: r?.ok ? 'done' : 'failed', summary: [] };
      },
    };
    const c = await run([refused, after], { yes: true });
    expect(c.result.results.map((r) => r.outcome.status)).toEqual(['failed', 'done']);
    expect(c.result.exitCode).toBe(2);

    const gone = step('admin', async () => {
      throw new AwsError({ kind: 'NoCredentials', action: 'sts:GetCallerIdentity' });
    });
    const b = await run([gone, after]);
    expect(b.result.results.map((r) => r.def.id)).toEqual(['admin']);
    expect(b.result.exitCode).toBe(2);
  });

  it('Esc goes back one question: the answers before it are replayed, the previous question is asked again', async () => {
    const asked: string[] = [];
    const flow = step('admin', async (io) => {
      await io.ask({ message: 'first' });
      asked.push('second');
      await io.ask({ message: 'second' });
    });
    const { asked: shown, result, transcript } = await run([flow], { answers: { first: ['one', 'uno'], second: ['\u001b', 'two'] } });
    // Esc on "second" shows "first" again; then "second"
    expect(shown.map((q) => q.message)).toEqual(['first', 'second', 'first', 'second']);
    expect(transcript).toContain('? first: uno');
    // the question gone back to offers the answer it had
    expect(shown[2]!.initial).toBe('one');
    expect(asked).toHaveLength(2);
    expect(result.exitCode).toBe(0);
  });

  it('a form is one answer: Esc after it offers all its fields again with their answers; before it, it is replayed whole', async () => {
    const got: string[][] = [];
    const flow = step('admin', async (io) => {
      await io.ask({ message: 'intro' });
      got.push(await io.form([{ message: 'name' }, { message: 'alias' }, { message: 'secret word', secret: true }]));
      await io.ask({ message: 'after' });
    });
    const { asked, forms, result, transcript } = await run([flow], {
      answers: { intro: ['i'], name: ['alice', 'alice2'], alias: ['acme'], 'secret word': ['s3', 's4'], after: ['\u001b', 'done'] },
    });
    // Esc on "after" goes back to the form (not to one of its fields), intro replayed
    expect(forms).toEqual([
      ['name', 'alias', 'secret word'],
      ['name', 'alias', 'secret word'],
    ]);
    expect(asked.map((q) => q.message)).toEqual(['intro', 'name', 'alias', 'secret word', 'after', 'name', 'alias', 'secret word', 'after']);
    // offered again: each field's answer, never a secret's
    expect(asked.slice(5, 8).map((q) => q.initial)).toEqual(['alice', 'acme', undefined]);
    expect(got).toEqual([
      ['alice', 'acme', 's3'],
      ['alice2', 'acme', 's4'],
    ]);
    expect(transcript).toContain('? after: done');
    expect(result.exitCode).toBe(0);
  });

  it('Esc on a later question replays an answered form whole, without asking it', async () => {
    const flow = step('admin', async (io) => {
      await io.form([{ message: 'name' }, { message: 'alias' }]);
      await io.ask({ message: 'one' });
      await io.ask({ message: 'two' });
    });
    const { forms, asked, transcript } = await run([flow], { answers: { name: 'alice', alias: 'acme', one: ['1', '1b'], two: ['\u001b', '2'] } });
    expect(forms).toHaveLength(1);
    expect(asked.map((q) => q.message)).toEqual(['name', 'alias', 'one', 'two', 'one', 'two']);
    // the replayed form is echoed field by field
    expect(transcript.filter((l) => l === '[dim] name: alice')).toHaveLength(1);
  });

  it('Esc at the first question of a step goes back to the last question of the previous step', async () => {
    const defs = [
      step('one', async (io) => {
        await io.ask({ message: 'q1' });
        await io.ask({ message: 'q2' });
      }),
      step('two', async (io) => {
        await io.ask({ message: 'q3' });
      }),
    ];
    const { asked } = await run(defs, { answers: { q1: 'a', q2: ['b', 'b2'], q3: ['\u001b', 'c'] } });
    expect(asked.map((q) => q.message)).toEqual(['q1', 'q2', 'q3', 'q2', 'q3']);
  });

  it('no going back past a change: Esc after a plan was applied, or into a step that applied one, keeps the question', async () => {
    let applies = 0;
    const applying = (id: string): StepDefinition => ({
      id,
      title: id,
      outline: '',
      run: async ({ ctx }, io) => {
        await io.ask({ message: `${id} name` });
        const plan = { actions: [{ id: 'a', call: 'iam:CreateGroup', summary: 'Create it', phase: 1, run: async () => void (applies += 1) }], existing: [] };
        await applyPlan(plan, ctx, io, id);
        await io.ask({ message: `${id} after` });
        return { status: 'done', summary: [] };
      },
    });
    const defs = [applying('one'), step('two', async (io) => io.ask({ message: 'q3' }))];
    const { asked, transcript } = await run(defs, { answers: { 'one name': 'x', 'one after': ['\u001b', 'y'], q3: ['\u001b', 'z'] } });
    expect(asked.map((q) => q.message)).toEqual(['one name', 'one after', 'one after', 'q3', 'q3']);
    expect(applies).toBe(1);
    expect(transcript).toContain('[dim] The changes above are made: there is no going back from here.');
    expect(transcript).toContain('[dim] The step before this one changed the account: there is no going back to it.');
  });

  it('Esc at the very first question ends the run as "back" (the welcome screen)', async () => {
    const { result } = await run([step('one', async (io) => io.ask({ message: 'q1' }))], { answers: { q1: '\u001b' } });
    expect(result.back).toBe(true);
    expect(result.results).toEqual([]);
  });

  it('runs the confirmed last actions after every step, and only when no step failed', async () => {
    const order: string[] = [];
    const last: StepDefinition = {
      id: 'lockaway',
      title: 'lockaway',
      outline: '',
      run: async () => ({
        status: 'done',
        summary: ['root keys'],
        lastActions: [{ id: 'k', call: 'iam:DeleteAccessKey', summary: 'Delete root key', phase: 1, run: async () => void order.push('last') }],
      }),
    };
    const later = step('alert', async () => void order.push('alert'));
    const ok = await run([last, later]);
    expect(order).toEqual(['alert', 'last']);
    expect(ok.result.results[0]!.outcome.summary).toContain('done: Delete root key');

    order.length = 0;
    const failing = step('alert', async () => {
      throw new AwsError({ kind: 'Conflict', action: 'sns:CreateTopic' });
    });
    const bad = await run([last, failing]);
    expect(order).toEqual([]);
    expect(bad.result.exitCode).toBe(1);
  });
});

describe('runSteps without a person (--ci)', () => {
  it('runs steps at the same time; a step waits only for the steps it needs or uses, and gets what they found', async () => {
    const events: string[] = [];
    let releaseA!: () => void;
    const aDone = new Promise<void>((r) => (releaseA = r));
    const defs: StepDefinition[] = [
      { id: 'a', title: 'a', outline: '', run: async () => (events.push('a start'), await aDone, events.push('a end'), { status: 'done', summary: [], shared: { rootEmail: 'root@acme.com' } }) },
      { id: 'b', title: 'b', outline: '', after: ['a'], run: async ({ shared }) => (events.push(`b sees ${shared.rootEmail}`), { status: 'done', summary: [] }) },
      { id: 'c', title: 'c', outline: '', run: async () => (events.push('c'), releaseA(), { status: 'done', summary: [] }) },
    ];
    const ctx = await context();
    const s = scriptedIO({ ci: true, yes: true });
    const result = await runSteps({ ctx, preflight: preflight(ctx), answers: {}, defs, ioFor: () => s.io, concurrent: true });
    expect(events).toEqual(['a start', 'c', 'a end', 'b sees root@acme.com']);
    expect(result.results.map((r) => r.def.id)).toEqual(['a', 'b', 'c']);
    expect(result.exitCode).toBe(0);
  });

  it('a step waits for the step it uses only when the answers do not already hold what it takes from it', async () => {
    const events: string[] = [];
    let releaseA!: () => void;
    const aDone = new Promise<void>((r) => (releaseA = r));
    const defs = (answers: Answers): StepDefinition[] => [
      { id: 'a', title: 'a', outline: '', run: async () => (events.push('a start'), await aDone, events.push('a end'), { status: 'done', summary: [] }) },
      {
        id: 'b',
        title: 'b',
        outline: '',
        after: (given) => (given.alert?.email !== undefined ? [] : ['a']),
        run: async () => (events.push('b'), releaseA(), { status: 'done', summary: [] }),
      },
    ];
    const ctx = await context();
    const s = scriptedIO({ ci: true, yes: true });
    const given: Answers = { alert: { email: 'security@acme.com' } };
    await runSteps({ ctx, preflight: preflight(ctx), answers: given, defs: defs(given), ioFor: () => s.io, concurrent: true });
    expect(events).toEqual(['a start', 'b', 'a end']);

    // without the answer, b runs after a (a's gate is open by now)
    events.length = 0;
    await runSteps({ ctx, preflight: preflight(ctx), answers: {}, defs: defs({}), ioFor: () => s.io, concurrent: true });
    expect(events).toEqual(['a start', 'a end', 'b']);
  });

  it('a step that waits for others reads once they have read; with a person, every step reads at once', async () => {
    const log: string[] = [];
    const gates = new Map<string, () => void>();
    const opened = new Map<string, Promise<void>>();
    const begun = new Map<string, () => void>();
    const reading = new Map<string, Promise<void>>();
    const def = (id: string, extra: Partial<StepDefinition> = {}): StepDefinition => {
      opened.set(id, new Promise<void>((r) => gates.set(id, r)));
      reading.set(id, new Promise<void>((r) => begun.set(id, r)));
      return {
        id,
        title: id,
        outline: '',
        inspect: async () => {
          log.push(`read ${id}`);
          begun.get(id)!();
          await opened.get(id);
          log.push(`read ${id} done`);
        },
        run: async ({ inspect }) => (await inspect(), { status: 'done', summary: [] }),
        ...extra,
      };
    };
    const steps = () => [def('root-email'), def('contacts', { after: ['root-email'] }), def('admin'), def('mfa', { needs: ['admin'] }), def('alert', { after: () => [] })];
    const ctx = await context();
    const defs = steps();
    const run = runSteps({ ctx, preflight: preflight(ctx), answers: {}, defs, ioFor: () => scriptedIO({ ci: true, yes: true }).io, concurrent: true });
    // the steps that wait for none read first
    expect(log).toEqual(['read root-email', 'read admin', 'read alert']);
    gates.get('admin')!();
    await reading.get('mfa');
    expect(log).toEqual(['read root-email', 'read admin', 'read alert', 'read admin done', 'read mfa']);
    for (const open of gates.values()) open();
    await run;
    expect(log.indexOf('read contacts')).toBeGreaterThan(log.indexOf('read root-email done'));
    expect(log.indexOf('read mfa')).toBeGreaterThan(log.indexOf('read admin done'));

    log.length = 0;
    const all = steps();
    for (const open of gates.values()) open();
    await runSteps({ ctx, preflight: preflight(ctx), answers: {}, defs: all, ioFor: () => scriptedIO({}).io });
    expect(log.slice(0, 5)).toEqual(['read root-email', 'read contacts', 'read admin', 'read mfa', 'read alert']);
  });

  it('a step that stops on an error (a missing answer) stops the others: no new change or step, the reason said, the error thrown', async () => {
    const ctx = await context();
    const s = scriptedIO({ ci: true, yes: true });
    const made: string[] = [];
    const act = (id: string) => ({ id, call: 'iam:CreateGroup', summary: `Create ${id}`, phase: 1, run: async () => void made.push(id) });
    let started!: () => void;
    const underWay = new Promise<void>((resolve) => (started = resolve));
    const defs: StepDefinition[] = [
      // its first change is under way when the other step stops: it ends, the next is not started
      {
        ...step('changes', async () => {}),
        run: async ({ ctx: stepCtx }, io) => {
          // a ceiling, not a wait: a run that is never stopped lets the change end after 5 s
          const halted = new Promise<void>((resolve) => {
            const ceiling = setTimeout(resolve, 5_000);
            stepCtx.signal?.addEventListener('abort', () => (clearTimeout(ceiling), resolve()), { once: true });
          });
          const first = { ...act('first'), run: async () => (started(), await halted, void made.push('first')) };
          const second = { ...act('second'), needs: ['first'] };
          await applyPlan({ actions: [first, second], existing: [] }, stepCtx, io, 'changes');
          return { status: 'done', summary: [] };
        },
      },
      step('asks', async () => {
        await underWay;
        throw new Error('missing answer: Who can reach root');
      }),
      step('later', async () => void made.push('later'), { after: ['asks'] }),
    ];
    await expect(runSteps({ ctx, preflight: preflight(ctx), answers: {}, defs, ioFor: () => s.io, concurrent: true })).rejects.toThrow(/missing answer/);
    expect(made).toEqual(['first']);
    expect(s.transcript.join('\n')).toMatch(/not done: Create second .*stopped because asks cannot go on/);
    expect(s.transcript.join('\n')).toMatch(/stopped because asks cannot go on: 1 of 2 changes made; re-run to finish/);
  });
});
