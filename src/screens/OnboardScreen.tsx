// `onboard` on a screen: the one flow (src/steps/onboard-flow.ts) in the Ink presenter.
import React from 'react';
import { useLifecycle } from './Root.js';
import { useSession } from './SessionContext.js';
import { FlowRunner } from './flow/FlowRunner.js';
import { onboardExitCode, type Engineer } from '../steps/onboard.js';
import type { BadRow } from '../steps/onboard-csv.js';
import { onboardFlow, type OnboardInput, type OnboardRun } from '../steps/onboard-flow.js';

export const ONBOARD_TITLE = 'Onboard engineers';

export interface OnboardScreenProps extends Omit<OnboardInput, 'preflight' | 'batch'> {
  /** --from FILE.csv, already parsed */
  batch: { source: string; engineers: Engineer[]; bad: BadRow[] } | null;
  yes: boolean;
}

/** A failed read offers r to read again; the notes stay until Enter past the last one. */
export function OnboardScreen({ yes, ...input }: OnboardScreenProps) {
  const session = useSession();
  const { finish } = useLifecycle();
  return (
    <FlowRunner<OnboardRun>
      title={input.batch ? `${ONBOARD_TITLE} from ${input.batch.source}` : ONBOARD_TITLE}
      flags={{}}
      yes={yes}
      run={(ctx, io) => onboardFlow(ctx, { ...input, preflight: () => session.preflight() }, io)}
      failedExitCode={(error) => onboardExitCode(null, null, error)}
      onDone={(r) => finish(r.exitCode)}
    />
  );
}
