// The Ink wizard: the welcome screen, then the one run loop (src/steps/run-steps.ts) with
// the Ink presenter, then the Done screen.
import React, { Suspense, lazy, useEffect, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Answers } from '../../answers.js';
import { UsageError } from '../../args.js';
import { Welcome } from '../Welcome.js';
import { Done } from './Done.js';
import { useLifecycle } from '../Root.js';
import { useSession } from '../SessionContext.js';
import { ErrorView } from '../ErrorView.js';
import { KeyHints } from '../KeyHints.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { FlowStore } from '../flow/store.js';
import { neutralize } from '../../untrusted.js';
// drawn once a step starts: the QR code and the step views stay out of the first frame
const FlowView = lazy(() => import('../flow/FlowView.js').then((m) => ({ default: m.FlowView })));
import { inkStepIO } from '../flow/ink-io.js';
import { loadSteps } from '../../steps/registry.js';
import { runSteps, type RunResult } from '../../steps/run-steps.js';
import type { StepDefinition, StepOutcome } from '../../steps/flow.js';
import type { Preflight } from '../../steps/preflight.js';
import type { Flags } from '../../args.js';

export interface WizardProps {
  /** the step ids to run, in the registry's order */
  steps: string[];
  answers: Answers;
  yes: boolean;
  flags?: Flags;
  /** the definitions to run instead of loading `steps` from the registry (tests) */
  defs?: StepDefinition[];
}

type Screen = { at: 'welcome' } | { at: 'running'; preflight: Preflight } | { at: 'done'; preflight: Preflight; run: RunResult } | { at: 'error'; error: unknown };

/** What a person needs to know when they stop half-way: what is in place, what is not. */
export function interruptSummary(steps: string[], outcomes: Map<string, StepOutcome> | null): string {
  if (!outcomes) return 'Nothing changed.';
  const finished = steps.filter((id) => outcomes.get(id)?.status === 'done');
  const rest = steps.filter((id) => !finished.includes(id));
  return [
    finished.length ? `Finished: ${finished.join(', ')}.` : 'No step was finished.',
    rest.length ? `Not finished: ${rest.join(', ')}.` : '',
    'Run mvsp-setup again to continue: what is in place is kept and not redone.',
  ]
    .filter(Boolean)
    .join(' ');
}

export function Wizard({ steps, answers, yes, flags = {}, defs: given }: WizardProps) {
  const session = useSession();
  const lifecycle = useLifecycle();
  const [screen, setScreen] = useState<Screen>({ at: 'welcome' });
  const [defs, setDefs] = useState<StepDefinition[] | null>(given ?? null);
  const store = useRef(new FlowStore()).current;

  useEffect(() => {
    if (!given) void loadSteps(steps).then(setDefs, (error: unknown) => setScreen({ at: 'error', error }));
    lifecycle.setInterruptSummary(interruptSummary(steps, null));
  }, []);

  useEffect(() => {
    if (screen.at !== 'running' || !defs) return;
    const outcomes = new Map<string, StepOutcome>();
    void (async () => {
      try {
        const ctx = await session.context(lifecycle.signal);
        store.update((s) => ({ ...s, finished: [] }));
        const run = await runSteps({
          ctx,
          preflight: screen.preflight,
          answers,
          defs,
          ioFor: (def, index) => {
            store.startStep(def.title, { index: index + 1, total: defs.length });
            return inkStepIO(store, {
              flags,
              yes,
              onInterrupt: lifecycle.onInterrupt,
              secretShown: lifecycle.secretShown,
              demo: ctx.aws.demo ? () => ctx.aws.demo!.enableRootMfa() : undefined,
            });
          },
          onStepStart: (def) => {
            outcomes.delete(def.id);
            store.update((s) => ({ ...s, finished: defs.filter((d) => outcomes.has(d.id)).map((d) => ({ title: d.title, status: outcomes.get(d.id)!.status, summary: outcomes.get(d.id)!.summary[0] ?? '' })) }));
          },
          onStepDone: async (def, outcome) => {
            outcomes.set(def.id, outcome);
            lifecycle.setInterruptSummary(interruptSummary(defs.map((d) => d.id), outcomes));
            // a line to copy that the Done screen lists is not held for here
            await store.holdIfNeeded((outcome.copy ?? []).map((c) => neutralize(c.text)));
          },
          onLastActions: () => store.startStep('Last actions'),
        });
        if (run.back) setScreen({ at: 'welcome' });
        else setScreen({ at: 'done', preflight: screen.preflight, run });
      } catch (error) {
        if (lifecycle.signal.aborted) return;
        setScreen({ at: 'error', error });
      }
    })();
  }, [screen.at, defs]);

  if (screen.at === 'welcome') {
    return <Welcome outline={defs?.map((d) => d.outline) ?? null} onStart={(preflight) => setScreen({ at: 'running', preflight })} />;
  }
  if (screen.at === 'error') return <Failed error={screen.error} />;
  if (screen.at === 'running') return (
    <Suspense fallback={null}>
      <FlowView store={store} />
    </Suspense>
  );
  return <DoneAndExit preflight={screen.preflight} run={screen.run} />;
}

/** An error no step could handle (a bad answers file, a bug): said, then exit 2 or 1. */
function Failed({ error }: { error: unknown }) {
  const { finish } = useLifecycle();
  useInput((_i, key) => {
    if (key.return || key.escape) finish(error instanceof UsageError ? 2 : 1);
  });
  return (
    <Box flexDirection="column">
      {error instanceof UsageError ? <Text color="red">{error.message}</Text> : <ErrorView error={error} />}
      <KeyHints hints={[['Enter', 'exit']]} />
    </Box>
  );
}

function DoneAndExit({ preflight, run }: { preflight: Preflight; run: RunResult }) {
  const size = useTerminalSize();
  const { finish } = useLifecycle();
  const [details, setDetails] = useState(false);
  const [page, setPage] = useState(0);
  const [exiting, setExiting] = useState(false);
  const steps = run.results.map((r) => ({ id: r.def.id, title: r.def.title }));
  const outcomes = Object.fromEntries(run.results.map((r) => [r.def.id, r.outcome]));
  useInput(
    (input, key) => {
      if (input === 'd') {
        setDetails((d) => !d);
        setPage(0);
      } else if (details && key.escape) setDetails(false);
      else if (details && (input === ' ' || key.pageDown || key.downArrow)) setPage((p) => p + 1);
      else if (details && (input === 'b' || key.pageUp || key.upArrow)) setPage((p) => Math.max(0, p - 1));
      else if (key.return || key.escape || input === 'q') setExiting(true);
    },
    { isActive: !exiting },
  );
  // the frame left in the terminal after exit is the whole record, not the one-screen overview
  useEffect(() => {
    if (exiting) finish(run.exitCode);
  }, [exiting]);
  useEffect(() => {
    if (steps.length === 0) finish(run.exitCode);
  }, []);
  return (
    <Box flexDirection="column">
      <Done steps={steps} preflight={preflight} outcomes={outcomes} shared={run.shared} details={details || exiting} page={exiting ? -1 : page} size={size} />
      {steps.length > 0 && !exiting ? (
        <Text dimColor>{details ? 'Space/↓ next page · b/↑ previous · d/Esc back · Enter exit · Ctrl-C quit' : 'Enter exit · d details · Ctrl-C quit'}</Text>
      ) : null}
    </Box>
  );
}
