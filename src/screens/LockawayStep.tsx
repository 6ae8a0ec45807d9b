// Root lock-away: hand off to the console for root MFA and wait for it, deal with root
// access keys, then record who can reach root and where things are kept.
import React, { useEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { StepHeader } from './StepHeader.js';
import { KeyHints, type Hint } from './KeyHints.js';
import { ErrorView } from './ErrorView.js';
import { Confirm, TextField } from './ui/inputs.js';
import { Spinner } from './ui/Spinner.js';
import { symbols, toneColor } from './ui/theme.js';
import { useSession } from './SessionContext.js';
import { useLifecycle } from './Root.js';
import { useTask } from './hooks/useTask.js';
import { AlreadyDone } from './AlreadyDone.js';
import type { StepOutcome, StepScreenProps } from './wizard/types.js';
import type { Action } from '../steps/types.js';
import type { MfaDevicePlace } from '../steps/local-record.js';
import {
  ROOT_KEY_STEPS,
  ROOT_MFA_STEPS,
  demoConsole,
  inspectLockaway,
  lockawayDone,
  parseHolders,
  planRootKeyDeletion,
  recordLockaway,
  rootMfaEnabled,
  type LockawayState,
} from '../steps/lockaway.js';

export const LOCKAWAY_TITLE = 'Root lock-away';

export interface LockawayStepProps extends StepScreenProps {
  /** how often to ask AWS whether root MFA is on */
  pollIntervalMs?: number;
  /** where the local record goes (tests) */
  dataDir?: string;
}

type Phase =
  | { at: 'already' }
  | { at: 'mfa' }
  | { at: 'keys' }
  | { at: 'holders' }
  | { at: 'password' }
  | { at: 'devices'; index: number }
  | { at: 'saving' }
  | { at: 'save-failed'; error: unknown };

export function LockawayStep(props: LockawayStepProps) {
  const { preflight, answers, shared, position, onDone, pollIntervalMs = 5000, dataDir } = props;
  const session = useSession();
  const { signal } = useLifecycle();
  const recordOpts = dataDir !== undefined ? { dataDir } : {};
  const task = useTask<LockawayState>(async () => {
    const ctx = await session.context(signal);
    return inspectLockaway(ctx, { ...recordOpts, cloudShell: preflight.cloudShell });
  });
  const [phase, setPhase] = useState<Phase | null>(null);
  const [mfaOn, setMfaOn] = useState(false);
  const [mfaSkipped, setMfaSkipped] = useState(false);
  const [lastActions, setLastActions] = useState<Action[]>([]);
  const [holdersText, setHoldersText] = useState('');
  const [holdersError, setHoldersError] = useState<string | null>(null);
  const [passwordPlace, setPasswordPlace] = useState('');
  const [devices, setDevices] = useState<MfaDevicePlace[]>([]);
  const [pollError, setPollError] = useState<string | null>(null);
  const [demo, setDemo] = useState<{ enableRootMfa: () => void } | null>(null);

  useEffect(() => {
    if (task.status !== 'done' || phase) return;
    const s = task.value;
    setMfaOn(s.mfaEnabled);
    setHoldersText((answers.rootHolders ?? s.record.rootHolders).join(', '));
    setPasswordPlace(s.record.passwordPlace ?? '');
    setDevices(s.record.mfaDevices);
    const sameHolders = !answers.rootHolders || sameNames(answers.rootHolders, s.record.rootHolders);
    if (lockawayDone(s) && sameHolders) setPhase({ at: 'already' });
    else setPhase(s.mfaEnabled ? (s.rootKeysPresent ? { at: 'keys' } : { at: 'holders' }) : { at: 'mfa' });
    void session.gateway().then((gw) => setDemo(demoConsole(gw)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [task.status]);

  const afterMfa = () => setPhase(task.status === 'done' && task.value.rootKeysPresent ? { at: 'keys' } : { at: 'holders' });

  // Poll GetAccountSummary until root MFA shows up.
  useEffect(() => {
    if (phase?.at !== 'mfa' || mfaOn) return;
    let live = true;
    const tick = async () => {
      try {
        const on = await rootMfaEnabled(await session.gateway());
        if (!live) return;
        setPollError(null);
        if (on) setMfaOn(true);
      } catch (e) {
        if (live) setPollError(e instanceof Error ? e.message : String(e));
      }
    };
    const timer = setInterval(() => void tick(), pollIntervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [phase?.at, mfaOn, pollIntervalMs, session]);

  useInput(
    (input, key) => {
      if (phase?.at === 'mfa') {
        if (mfaOn && key.return) afterMfa();
        else if (!mfaOn && input === 's') {
          setMfaSkipped(true);
          afterMfa();
        } else if (!mfaOn && input === 'd' && demo) {
          demo.enableRootMfa();
        } else if (key.escape && props.onBack) props.onBack();
      } else if (phase?.at === 'keys' && !(task.status === 'done' && task.value.runsOnRootKeys && task.value.rootKeys?.length)) {
        if (key.return) setPhase({ at: 'holders' });
      } else if (phase?.at === 'save-failed' && key.return) {
        void save();
      }
    },
    { isActive: phase?.at === 'mfa' || phase?.at === 'keys' || phase?.at === 'save-failed' },
  );

  const save = async (finalDevices = devices) => {
    if (task.status !== 'done') return;
    const holders = parseHolders(holdersText);
    setPhase({ at: 'saving' });
    try {
      const path = await recordLockaway(
        preflight.caller.accountId,
        {
          at: session.now(),
          rootMfa: mfaOn,
          holders,
          ...(passwordPlace.trim() ? { passwordPlace: passwordPlace.trim() } : {}),
          mfaDevices: finalDevices,
          ...(shared.rootEmail ? { rootEmail: shared.rootEmail } : {}),
        },
        recordOpts,
      );
      void path;
      const s = task.value;
      const todo: string[] = [];
      if (!mfaOn) todo.push('Root MFA: sign in as root → Security credentials → Assign MFA device (then re-run --steps lockaway)');
      if (s.rootKeysPresent && lastActions.length === 0) todo.push('Delete the root access keys: sign in as root → Security credentials → Access keys');
      const outcome: StepOutcome = {
        status: mfaOn ? 'done' : 'pending',
        summary: [
          mfaOn ? 'Root MFA is on' : mfaSkipped ? 'Root MFA skipped for now' : 'Root MFA not on yet',
          `Can reach root: ${holders.join(', ')}`,
          ...(lastActions.length ? [`Root access keys will be deleted as the last action (${lastActions.length})`] : []),
        ],
        ...(todo.length ? { todo } : {}),
        ...(lastActions.length ? { lastActions } : {}),
      };
      onDone(outcome);
    } catch (error) {
      setPhase({ at: 'save-failed', error });
    }
  };

  const header = <StepHeader title={LOCKAWAY_TITLE} step={position} />;
  if (task.status === 'running' || (task.status === 'done' && !phase)) {
    return (
      <Box flexDirection="column">
        {header}
        <Spinner label="Reading root's MFA and access keys…" />
      </Box>
    );
  }
  if (task.status === 'failed') {
    return (
      <Box flexDirection="column">
        {header}
        <ErrorView error={task.error} />
        <RetryKeys onRetry={task.retry} onSkip={() => onDone({ status: 'failed', summary: ['Could not read root’s MFA status'] })} />
      </Box>
    );
  }
  const state = task.value;

  if (phase!.at === 'already') {
    const r = state.record;
    return (
      <AlreadyDone
        header={header}
        found={[
          'Root MFA is on (AccountMFAEnabled is 1)',
          'Root has no access keys',
          `Can reach root: ${r.rootHolders.join(', ')}`,
          `Root password kept in: ${r.passwordPlace ?? ''}`,
          ...r.mfaDevices.filter((d) => d.place.trim() !== '').map((d) => `${d.holder}'s MFA device: ${d.place}`),
        ]}
        yes={props.yes}
        editLabel="change names or places"
        onContinue={() =>
          onDone({ status: 'done', summary: ['Root MFA is on; no root access keys', `Can reach root: ${r.rootHolders.join(', ')}`, 'already in place'] })
        }
        onEdit={() => setPhase({ at: 'holders' })}
        onBack={props.onBack}
      />
    );
  }

  if (phase!.at === 'mfa') {
    const back: Hint[] = props.onBack ? [['Esc', 'back']] : [];
    const hints: Hint[] = mfaOn ? [['Enter', 'continue'], ...back] : [['s', 'skip for now (pending)'], ...(demo ? ([['d', 'pretend it is done']] as Hint[]) : []), ...back];
    return (
      <Box flexDirection="column" width={80}>
        {header}
        <Text>Root MFA cannot be turned on through any API. In a browser:</Text>
        <Box flexDirection="column" marginY={1}>
          <NumberedSteps steps={ROOT_MFA_STEPS} />
        </Box>
        {mfaOn ? (
          <Text color={toneColor.pass}>{`${symbols.pass} Root MFA is on (AccountMFAEnabled is 1).`}</Text>
        ) : (
          <Spinner label={`Waiting for root MFA: checking every ${pollIntervalMs >= 1000 ? `${Math.round(pollIntervalMs / 1000)} s` : `${pollIntervalMs} ms`}…`} />
        )}
        {pollError ? <Text color={toneColor.warn}>{`${symbols.warn} Last check failed: ${pollError} (still trying)`}</Text> : null}
        <KeyHints hints={hints} />
      </Box>
    );
  }

  if (phase!.at === 'keys') {
    const canDefer = state.runsOnRootKeys && (state.rootKeys?.length ?? 0) > 0;
    return (
      <Box flexDirection="column" width={80}>
        {header}
        <Text color={toneColor.fail}>{`${symbols.fail} Root has access keys.`}</Text>
        <Text>A root access key is the whole account in one string: no policy can limit it and MFA does not protect it. Nothing should need one.</Text>
        {canDefer ? (
          <Box flexDirection="column" marginTop={1}>
            <Text>{`This run is signed in with root's access keys (${state.rootKeys!.map((k) => k.id).join(', ')}). They can be deleted as the very last action, after everything else is applied; the session ends with them.`}</Text>
            <Box marginTop={1}>
              <Text bold>Delete root's access keys at the end of this run? </Text>
              <Confirm
                isActive
                defaultChoice="cancel"
                onConfirm={() => {
                  setLastActions(planRootKeyDeletion(state.rootKeys!));
                  setPhase({ at: 'holders' });
                }}
                onCancel={() => setPhase({ at: 'holders' })}
              />
            </Box>
          </Box>
        ) : (
          <Box flexDirection="column" marginTop={1}>
            <Text>Delete them in the console:</Text>
            <NumberedSteps steps={ROOT_KEY_STEPS} />
          </Box>
        )}
        <KeyHints hints={canDefer ? [['y/n', 'answer']] : [['Enter', 'continue']]} />
      </Box>
    );
  }

  if (phase!.at === 'holders') {
    return (
      <Box flexDirection="column" width={80}>
        {header}
        <Text>Who can reach root? Name at least two people, so one absence never locks the company out. Names only; this stays on this machine.</Text>
        <Box marginTop={1}>
          <TextField
            key="holders"
            label="Names (comma-separated):"
            isActive
            defaultValue={holdersText}
            onSubmit={(v) => {
              setHoldersText(v);
              const names = parseHolders(v);
              if (names.length < 2) {
                setHoldersError(`Name at least two people (got ${names.length}).`);
                return;
              }
              setHoldersError(null);
              setPhase({ at: 'password' });
            }}
          />
        </Box>
        {holdersError ? <Text color={toneColor.fail}>{`  ${symbols.fail} ${holdersError}`}</Text> : null}
        <KeyHints hints={[['Enter', 'next']]} />
      </Box>
    );
  }

  if (phase!.at === 'password') {
    return (
      <Box flexDirection="column" width={80}>
        {header}
        <Text>Where is the root password kept? A place, never the password (e.g. "1Password vault Founders").</Text>
        <Box marginTop={1}>
          <TextField
            key="password"
            label="Password kept in:"
            isActive
            defaultValue={passwordPlace}
            onSubmit={(v) => {
              setPasswordPlace(v);
              setPhase({ at: 'devices', index: 0 });
            }}
          />
        </Box>
        <KeyHints hints={[['Enter', 'next']]} />
      </Box>
    );
  }

  if (phase!.at === 'devices') {
    const holders = parseHolders(holdersText);
    const index = phase!.index;
    const holder = holders[index]!;
    const known = devices.find((d) => d.holder === holder)?.place ?? '';
    return (
      <Box flexDirection="column" width={80}>
        {header}
        <Text>{`Where is ${holder}'s root MFA device kept? (e.g. "YubiKey on keyring", "office safe"; empty if none)`}</Text>
        <Box marginTop={1}>
          <TextField
            key={`device-${holder}`}
            label={`${holder}:`}
            isActive
            defaultValue={known}
            onSubmit={(v) => {
              const next = [...devices.filter((d) => d.holder !== holder), ...(v.trim() ? [{ holder, place: v.trim() }] : [])];
              setDevices(next);
              if (index + 1 < holders.length) setPhase({ at: 'devices', index: index + 1 });
              else void save(next);
            }}
          />
        </Box>
        <KeyHints hints={[['Enter', index + 1 < holders.length ? 'next' : 'save']]} />
      </Box>
    );
  }

  if (phase!.at === 'save-failed') {
    return (
      <Box flexDirection="column">
        {header}
        <ErrorView error={phase!.error} />
        <KeyHints hints={[['Enter', 'try again']]} />
      </Box>
    );
  }

  return (
    <Box flexDirection="column">
      {header}
      <Spinner label="Saving the local record…" />
    </Box>
  );
}

function sameNames(a: string[], b: string[]): boolean {
  const norm = (xs: string[]) => [...new Set(xs.map((x) => x.trim().toLowerCase()).filter(Boolean))].sort().join('\n');
  return norm(a) === norm(b);
}

function RetryKeys({ onRetry, onSkip }: { onRetry: () => void; onSkip: () => void }) {
  useInput((input, key) => {
    if (input === 'r') onRetry();
    else if (key.return) onSkip();
  });
  return <KeyHints hints={[['r', 'retry'], ['Enter', 'skip this step']]} />;
}

function NumberedSteps({ steps }: { steps: string[] }) {
  return (
    <>
      {steps.map((s, i) => (
        <Box key={s}>
          <Text>{`  ${i + 1}. `}</Text>
          <Box flexShrink={1}>
            <Text>{s}</Text>
          </Box>
        </Box>
      ))}
    </>
  );
}
