// Run one flow (a step's, or a command's: `mfa`, `reminder`) with the Ink presenter.
import React, { Suspense, lazy, useEffect, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { useLifecycle } from '../Root.js';
import { useSession } from '../SessionContext.js';
import { ErrorView } from '../ErrorView.js';
import { KeyHints } from '../KeyHints.js';
import { ReadFailed } from '../ReadFrames.js';
import { StepHeader } from '../StepHeader.js';
import { GoBack, type StepIO } from '../../steps/flow.js';
import type { StepContext } from '../../steps/types.js';
import type { Flags } from '../../args.js';
import { FlowStore } from './store.js';
// drawn once a step starts: the QR code and the step views stay out of the first frame
const FlowView = lazy(() => import('./FlowView.js').then((m) => ({ default: m.FlowView })));
import { inkStepIO } from './ink-io.js';

export interface FlowRunnerProps<T> {
  title: string;
  flags: Flags;
  yes: boolean;
  /** the flow; Esc at its first question ends it with `onBack` (or does nothing without one) */
  run: (ctx: StepContext, io: StepIO) => Promise<T>;
  onDone: (result: T) => void;
  onBack?: () => void;
  /** what the flow showed last stays until Enter (or Esc) ends the run, when this holds for its result */
  holdAtEnd?: (result: T) => boolean;
  /**
   * a thrown error (a failed read) is shown under the title with r to run the flow again;
   * Enter or Esc ends the run with this code (without it: the error alone, exit 1)
   */
  failedExitCode?: (error: unknown) => number;
}

export function FlowRunner<T>({ title, flags, yes, run, onDone, onBack, holdAtEnd, failedExitCode }: FlowRunnerProps<T>) {
  const session = useSession();
  const lifecycle = useLifecycle();
  const store = useRef(new FlowStore()).current;
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    store.startStep(title);
    void (async () => {
      try {
        const ctx = await session.context(lifecycle.signal);
        const io = inkStepIO(store, {
          flags,
          yes,
          onInterrupt: lifecycle.onInterrupt,
          secretShown: lifecycle.secretShown,
          demo: ctx.aws.demo ? () => ctx.aws.demo!.enableRootMfa() : undefined,
          setInterruptSummary: lifecycle.setInterruptSummary,
        });
        const result = await run(ctx, io);
        // a command or key shown at the end stays until Enter
        if (holdAtEnd?.(result)) await store.pause(true);
        else await store.holdIfNeeded();
        onDone(result);
      } catch (e) {
        if (e instanceof GoBack) {
          if (onBack) onBack();
          else setAttempt((a) => a + 1);
          return;
        }
        if (!lifecycle.signal.aborted) setError(e);
      }
    })();
  }, [attempt]);
  if (error && failedExitCode) {
    return (
      <RetryOrQuit
        title={title}
        error={error}
        retry={() => {
          setError(null);
          setAttempt((a) => a + 1);
        }}
        code={failedExitCode(error)}
      />
    );
  }
  if (error) return <Failed error={error} />;
  return (
    <Suspense fallback={null}>
      <FlowView store={store} />
    </Suspense>
  );
}

function Failed({ error }: { error: unknown }) {
  const { finish } = useLifecycle();
  useInput((_i, key) => {
    if (key.return || key.escape) finish(1);
  });
  return (
    <Box flexDirection="column">
      <ErrorView error={error} />
      <Text> </Text>
      <KeyHints hints={[['Enter', 'exit']]} />
    </Box>
  );
}

function RetryOrQuit({ title, error, retry, code }: { title: string; error: unknown; retry: () => void; code: number }) {
  const { finish } = useLifecycle();
  useInput((input, key) => {
    if (input === 'r') retry();
    else if (key.return || key.escape) finish(code);
  });
  return (
    <ReadFailed
      header={<StepHeader title={title} />}
      error={error}
      hints={[
        ['r', 'retry'],
        ['Enter', 'quit'],
      ]}
    />
  );
}
