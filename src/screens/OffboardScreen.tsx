// `offboard NAME` on a screen: the one flow (src/steps/offboard.ts) in the Ink presenter.
import React from 'react';
import { useLifecycle } from './Root.js';
import { FlowRunner } from './flow/FlowRunner.js';
import { offboardExitCode, offboardFlow, type OffboardRun, type RootHoldersOf } from '../steps/offboard.js';

export const OFFBOARD_TITLE = 'Offboard an engineer';

export interface OffboardScreenProps {
  userName: string;
  /** the people who can reach root (from the local record) */
  rootHoldersOf: RootHoldersOf;
  yes: boolean;
}

/** A failed read offers r to read again; the last screen stays until Enter, except after a no. */
export function OffboardScreen({ userName, rootHoldersOf, yes }: OffboardScreenProps) {
  const { finish } = useLifecycle();
  return (
    <FlowRunner<OffboardRun>
      title={`${OFFBOARD_TITLE}: ${userName}`}
      flags={{}}
      yes={yes}
      run={(ctx, io) => offboardFlow(ctx, { userName, rootHoldersOf }, io)}
      holdAtEnd={(r) => !r.declined}
      failedExitCode={(error) => offboardExitCode({ error })}
      onDone={(r) => finish(r.exitCode)}
    />
  );
}
