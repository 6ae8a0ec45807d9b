// `offboard NAME` on a screen: the one flow (src/steps/offboard.ts) in the Ink presenter.
import React from 'react';
import { useLifecycle } from './Root.js';
import { FlowRunner } from './flow/FlowRunner.js';
import { useSession } from './SessionContext.js';
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
  const session = useSession();
  return (
    <FlowRunner<OffboardRun>
      title={`${OFFBOARD_TITLE}: ${userName}`}
      flags={{}}
      yes={yes}
      // the context came from preflight: its alias is read already
      run={async (ctx, io) => offboardFlow(ctx, { userName, rootHoldersOf, alias: (await session.preflight()).alias }, io)}
      holdAtEnd={(r) => !r.declined}
      failedExitCode={(error) => offboardExitCode({ error })}
      onDone={(r) => finish(r.exitCode)}
    />
  );
}
