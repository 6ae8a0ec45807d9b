import React, { useEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { StepHeader } from './StepHeader.js';
import { KeyHints } from './KeyHints.js';
import { PlanView } from './PlanView.js';
import { ApplyView, reduceProgress, type ActionState } from './ApplyView.js';
import { Confirm } from './ui/inputs.js';
import { symbols, toneColor } from './ui/theme.js';
import { Hanging } from './ui/Hanging.js';
import { useLifecycle } from './Root.js';
import { useSession } from './SessionContext.js';
import { isAwsError } from '../aws/errors.js';
import { accessDeniedLine } from '../steps/admin-user.js';
import { apply, inspect, offboardExitCode, plan as planOffboard, reportLines, rootRotationSteps, type OffboardPlan } from '../steps/offboard.js';
import type { ApplyResult } from '../steps/types.js';
import { Reading, ReadFailed } from './ReadFrames.js';

export const OFFBOARD_TITLE = 'Offboard an engineer';

/** the screen is laid out for 80 columns: long lines wrap inside it */
const WIDTH = 80;

type Phase =
  | { at: 'inspecting' }
  | { at: 'inspect-failed'; error: unknown }
  | { at: 'plan'; plan: OffboardPlan }
  | { at: 'declined'; plan: OffboardPlan }
  | { at: 'applying'; plan: OffboardPlan }
  | { at: 'result'; plan: OffboardPlan; result: ApplyResult };

export interface OffboardScreenProps {
  userName: string;
  /** the people who can reach root (from the local record) */
  rootHoldersOf: (accountId: string) => Promise<string[]>;
  yes: boolean;
}

function RootHolderWarning({ holder }: { holder: string }) {
  const [first, ...steps] = rootRotationSteps(holder);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Hanging lead={`${symbols.warn} `} color={toneColor.warn}>
        {first!}
      </Hanging>
      {steps.map((s) => {
        // "1. Sign in…": the number stands out, the text wraps under itself
        const [, num, rest] = /^(\d+\.\s)?(.*)$/s.exec(s)!;
        return (
          <Hanging key={s} lead={`  ${num ?? ''}`}>
            {rest!}
          </Hanging>
        );
      })}
    </Box>
  );
}

export function OffboardScreen({ userName, rootHoldersOf, yes }: OffboardScreenProps) {
  const session = useSession();
  const { signal, finish, onInterrupt, setInterruptSummary } = useLifecycle();
  const [phase, setPhase] = useState<Phase>({ at: 'inspecting' });
  const [progress, setProgress] = useState<Record<string, ActionState>>({});
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (phase.at !== 'inspecting') return;
    let live = true;
    void (async () => {
      try {
        const ctx = await session.context(signal);
        const [state, rootHolders] = await Promise.all([inspect(ctx, userName), rootHoldersOf(ctx.caller.accountId)]);
        const p = planOffboard(state, { caller: ctx.caller, rootHolders }, { callerArn: ctx.caller.arn, now: ctx.now() });
        if (live) setPhase({ at: 'plan', plan: p });
      } catch (error) {
        if (live) setPhase({ at: 'inspect-failed', error });
      }
    })();
    return () => {
      live = false;
    };
  }, [phase.at, attempt]);

  useEffect(() => {
    if (phase.at !== 'applying') return;
    const p = phase.plan;
    setProgress({});
    let finished = 0;
    const summary = () => `offboard: ${finished} of ${p.actions.length} changes made to ${p.userName}; re-run to finish (nothing is redone)`;
    setInterruptSummary(summary());
    const unregister = onInterrupt(() => {});
    void (async () => {
      const ctx = await session.context(signal);
      const result = await apply(p, ctx, (e) => {
        if (e.type === 'done') {
          finished++;
          setInterruptSummary(summary());
        }
        setProgress((s) => reduceProgress(s, e));
      });
      setInterruptSummary(null);
      unregister();
      setPhase({ at: 'result', plan: p, result });
    })();
  }, [phase.at]);

  useEffect(() => {
    if (phase.at === 'plan' && yes && !phase.plan.refusal && phase.plan.actions.length > 0) setPhase({ at: 'applying', plan: phase.plan });
    // the frame that says nothing changed is drawn first, then the program ends on it
    if (phase.at === 'declined') finish(0);
  }, [phase.at]);

  useInput((input, key) => {
    if (phase.at === 'inspect-failed') {
      if (input === 'r') {
        setAttempt((n) => n + 1);
        setPhase({ at: 'inspecting' });
      }
      if (key.escape || key.return) finish(offboardExitCode({ error: phase.error }));
      return;
    }
    if (phase.at === 'plan' && (phase.plan.refusal || phase.plan.actions.length === 0)) {
      if (key.return || key.escape) finish(offboardExitCode({ plan: phase.plan }));
      return;
    }
    if (phase.at === 'result' && (key.return || key.escape)) finish(offboardExitCode({ plan: phase.plan, result: phase.result }));
  });

  const header = <StepHeader title={`${OFFBOARD_TITLE}: ${userName}`} />;

  if (phase.at === 'inspecting') return <Reading header={header} label={`Reading ${userName}'s credentials, devices and groups…`} width={WIDTH} />;

  if (phase.at === 'inspect-failed') return <ReadFailed header={header} error={phase.error} hints={[['r', 'retry'], ['Enter', 'quit']]} width={WIDTH} />;

  if (phase.at === 'plan') {
    const p = phase.plan;
    if (p.refusal) {
      return (
        <Box flexDirection="column" width={WIDTH}>
          {header}
          {/* no border: a person copies this, and a box's │ would come along */}
          <Text color={toneColor.fail} bold>{`${symbols.fail} Not offboarding ${p.userName}`}</Text>
          <Hanging lead="  ">{p.refusal.message}</Hanging>
          <Text dimColor>Nothing was changed.</Text>
          <KeyHints hints={[['Enter', 'quit']]} />
        </Box>
      );
    }
    if (p.actions.length === 0) {
      return (
        <Box flexDirection="column" width={WIDTH}>
          {header}
          <Text color="green">{`${symbols.pass} ${p.userName} is already disabled: nothing to do.`}</Text>
          <PlanView plan={{ ...p, actions: [] }} />
          {p.rootHolder ? <RootHolderWarning holder={p.rootHolder} /> : null}
          <KeyHints hints={[['Enter', 'quit']]} />
        </Box>
      );
    }
    return (
      <Box flexDirection="column" width={WIDTH}>
        {header}
        <Text>{`Disable ${p.userName} (the user is kept, not deleted):`}</Text>
        <PlanView plan={p} maxRows={p.rootHolder ? 10 : 14} />
        {p.rootHolder ? (
          <Hanging lead={`${symbols.warn} `} color={toneColor.warn}>
            {`${p.rootHolder} could reach the root user: root's password and MFA must be rotated (steps shown after the changes).`}
          </Hanging>
        ) : null}
        {yes ? (
          <Text dimColor>--yes: applying…</Text>
        ) : (
          <Box marginTop={1}>
            <Text>{'Apply this plan? '}</Text>
            <Confirm isActive defaultChoice="cancel" onConfirm={() => setPhase({ at: 'applying', plan: p })} onCancel={() => setPhase({ at: 'declined', plan: p })} />
          </Box>
        )}
        <KeyHints hints={[['y', 'apply'], ['n/Enter', 'quit without changes']]} />
      </Box>
    );
  }

  if (phase.at === 'declined') {
    return (
      <Box flexDirection="column" width={WIDTH}>
        {header}
        <Text>Nothing changed.</Text>
      </Box>
    );
  }

  if (phase.at === 'applying') {
    return (
      <Box flexDirection="column" width={WIDTH}>
        {header}
        <Text>{`Disabling ${phase.plan.userName}:`}</Text>
        <ApplyView actions={phase.plan.actions} states={progress} />
      </Box>
    );
  }

  const { plan: p, result } = phase;
  const denied = result.failed.map((f) => f.error).find((e) => isAwsError(e, 'AccessDenied'));
  return (
    <Box flexDirection="column" width={WIDTH}>
      {header}
      {result.ok ? (
        <Text color="green">{`${symbols.pass} ${p.userName} is disabled (${result.done.length} ${result.done.length === 1 ? 'change' : 'changes'}).`}</Text>
      ) : (
        <Text color="red">{`${symbols.fail} Stopped: ${result.done.length} of ${p.actions.length} changes made, ${result.failed.length + result.notDone.length} not done.`}</Text>
      )}
      {/* the rotation steps matter more than the list of what was just done */}
      {!result.ok || !p.rootHolder ? <ApplyView actions={p.actions} states={progress} /> : null}
      {result.ok ? reportLines(p).map((l) => <Text key={l}>{l}</Text>) : <Text dimColor>Re-run the same command to finish: what is done is not redone.</Text>}
      {denied && isAwsError(denied) ? <Text>{accessDeniedLine(denied)}</Text> : null}
      {p.rootHolder ? <RootHolderWarning holder={p.rootHolder} /> : null}
      <KeyHints hints={[['Enter', 'quit']]} />
    </Box>
  );
}
