import React, { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { StepHeader } from './StepHeader.js';
import { KeyHints, type Hint } from './KeyHints.js';
import { PlanView } from './PlanView.js';
import { ErrorView } from './ErrorView.js';
import { Spinner } from './ui/Spinner.js';
import { Confirm, TextField } from './ui/inputs.js';
import { symbols } from './ui/theme.js';
import { useUi } from './ui/UiContext.js';
import { drawQr } from '../qr.js';
import { useSession } from './SessionContext.js';
import { useLifecycle } from './Root.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import type { StepOutcome, StepScreenProps } from './wizard/types.js';
import type { Preflight } from '../steps/preflight.js';
import type { StepContext } from '../steps/types.js';
import type { SandboxGateway } from '../aws/sandbox/index.js';
import { runActions } from '../steps/run-actions.js';

export { keyLines } from '../steps/virtual-mfa.js';
import {
  accountLabel,
  awsClockOffset,
  awsTime,
  checkFirstCode,
  clockNote,
  checkSecondCode,
  creationTags,
  enable,
  finishCommand,
  groupKey,
  inspect,
  keyLines,
  otpauthUri,
  plan as planMfa,
  removeDevice,
  secondsToNextCode,
  type AcceptedCode,
  type MfaPlan,
  type MfaState,
  type PendingDevice,
} from '../steps/virtual-mfa.js';

const TITLE = 'Virtual MFA';
/** columns between the QR code and the text beside it */
const GAP = 2;
/** the text beside the QR code needs at least this many columns */
const MIN_SIDE = 30;
/** QR modules: true black on true white (256-colour and 16-colour terminals get their nearest) */
const QR_DARK = '#000000';
const QR_LIGHT = '#ffffff';
/** what a code field takes: digits, and the space some apps show in "123 456" */
const CODE_CHARS = /[\d ]/;

type Phase =
  | { name: 'loading' }
  | { name: 'no-user' }
  | { name: 'already'; state: MfaState }
  | { name: 'plan'; state: MfaState; plan: MfaPlan }
  | { name: 'creating' }
  | { name: 'enroll'; device: PendingDevice; first: AcceptedCode | null; message: string | null; attempt: number }
  | { name: 'enabling'; device: PendingDevice }
  | { name: 'removing' }
  | { name: 'done'; device: PendingDevice }
  | { name: 'error'; error: unknown };

export interface MfaEnrollmentProps {
  userName: string;
  preflight: Preflight;
  /** "Step 4 of 7" inside the wizard; absent for `mvsp-setup mfa` */
  position?: { index: number; total: number };
  yes: boolean;
  onDone: (outcome: StepOutcome) => void;
  onBack?: () => void;
  /** the profile flag, repeated in the command that finishes the step later */
  profile?: string;
}

/** The wizard's step 4: MFA for the admin created in step 3. */
export function MfaStep({ answers, preflight, shared, position, yes, onDone, onBack }: StepScreenProps) {
  const userName = shared.adminUser ?? answers.admin?.userName ?? null;
  if (!userName) return <NoAdmin position={position} onDone={onDone} />;
  const pf = shared.accountAlias !== undefined ? { ...preflight, alias: shared.accountAlias } : preflight;
  return <MfaEnrollment userName={userName} preflight={pf} position={position} yes={yes} onDone={onDone} onBack={onBack} />;
}

function NoAdmin({ position, onDone }: { position: { index: number; total: number }; onDone: (o: StepOutcome) => void }) {
  const outcome: StepOutcome = {
    status: 'pending',
    summary: ['MFA not enrolled: no admin user was named'],
    todo: [`Enrol MFA for the admin: ${finishCommand(null)}`],
  };
  useInput((_i, key) => {
    if (key.return) onDone(outcome);
  });
  return (
    <Box flexDirection="column">
      <StepHeader title={TITLE} step={position} />
      <Text>{`${symbols.pending} No admin user to enrol: the admin step did not run or was not finished.`}</Text>
      <Text>{`Later: ${finishCommand(null)}`}</Text>
      <KeyHints hints={[['Enter', 'continue']]} />
    </Box>
  );
}

/** Enrol a virtual MFA device for one IAM user: plan, QR code, two codes, enable. */
export function MfaEnrollment({ userName, preflight, position, yes, onDone, onBack, profile }: MfaEnrollmentProps) {
  const session = useSession();
  const { signal, onInterrupt } = useLifecycle();
  const { demo } = useUi();
  const [phase, setPhase] = useState<Phase>({ name: 'loading' });
  const ctxRef = useRef<StepContext | null>(null);
  // the created device until it is enabled or deleted: what Ctrl-C and errors clean up
  const pending = useRef<PendingDevice | null>(null);
  const attempts = useRef(0);
  const later = finishCommand(userName, profile);

  const context = async () => (ctxRef.current ??= await session.context(signal));

  useEffect(
    () =>
      onInterrupt(async () => {
        const d = pending.current;
        if (d && ctxRef.current) await removeDevice(ctxRef.current, d.serial);
      }),
    [],
  );

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const ctx = await context();
        const state = await inspect(ctx, userName);
        if (!live) return;
        if (!state.userExists) return setPhase({ name: 'no-user' });
        if (state.enabled.length > 0) return setPhase({ name: 'already', state });
        const p = planMfa(state, creationTags(ctx.caller.arn, ctx.now()));
        setPhase({ name: 'plan', state, plan: p });
        if (yes) void create(p);
      } catch (error) {
        if (live) setPhase({ name: 'error', error });
      }
    })();
    return () => {
      live = false;
    };
  }, [userName]);

  async function create(p: MfaPlan) {
    setPhase({ name: 'creating' });
    const ctx = await context();
    const result = await runActions(p.actions, ctx);
    const device = p.created();
    if (device) pending.current = device;
    if (!result.ok || !device) {
      await cleanup();
      return setPhase({ name: 'error', error: result.failed[0]?.error ?? new Error('No device was created') });
    }
    // Ctrl-C while CreateVirtualMFADevice was on its way: its cleanup ran before the device existed
    if (signal.aborted) return cleanup();
    setPhase({ name: 'enroll', device, first: null, message: null, attempt: 0 });
  }

  async function cleanup() {
    const d = pending.current;
    if (!d || !ctxRef.current) return;
    await removeDevice(ctxRef.current, d.serial);
    pending.current = null;
  }

  async function cancel() {
    setPhase({ name: 'removing' });
    try {
      await cleanup();
    } catch (error) {
      return setPhase({ name: 'error', error });
    }
    onDone({ status: 'skipped', summary: [`MFA not enrolled for ${userName} (cancelled; nothing left behind)`], todo: [`Enrol MFA for ${userName}: ${later}`] });
  }

  async function submitCodes(device: PendingDevice, code1: AcceptedCode, code2: AcceptedCode) {
    setPhase({ name: 'enabling', device });
    const ctx = await context();
    try {
      const r = await enable(ctx, device, code1, code2);
      // a new attempt remounts the code fields empty; the device and its QR code stay
      if (!r.ok) return setPhase({ name: 'enroll', device, first: null, message: r.message, attempt: ++attempts.current });
      pending.current = null;
      setPhase({ name: 'done', device });
    } catch (error) {
      await cleanup().catch(() => {});
      setPhase({ name: 'error', error });
    }
  }

  const finished: StepOutcome | null =
    phase.name === 'done'
      ? { status: 'done', summary: [`MFA enabled for ${userName} (${phase.device.serial})`] }
      : phase.name === 'already'
        ? { status: 'done', summary: [`${userName} already had MFA: nothing created`] }
        : phase.name === 'no-user'
          ? { status: 'failed', summary: [`No IAM user named ${userName}`], todo: [`Create the user, then: ${later}`] }
          : phase.name === 'error'
            ? { status: 'failed', summary: [`MFA not enrolled for ${userName}`], todo: [`Fix the error, then: ${later}`] }
            : null;

  useInput(
    (_input, key) => {
      if (key.return && finished) onDone(finished);
    },
    { isActive: finished !== null },
  );

  useInput(
    (_input, key) => {
      if (key.escape) {
        if (onBack) onBack();
        else onDone({ status: 'skipped', summary: [`MFA not enrolled for ${userName}`], todo: [`Enrol MFA for ${userName}: ${later}`] });
      }
    },
    { isActive: phase.name === 'plan' },
  );

  const header = <StepHeader title={`${TITLE} for ${userName}`} step={position} />;

  switch (phase.name) {
    case 'loading':
      return (
        <Box flexDirection="column">
          {header}
          <Spinner label={`Checking MFA devices of ${userName}…`} />
        </Box>
      );
    case 'no-user':
      return (
        <Box flexDirection="column">
          {header}
          <Text color="red">{`${symbols.fail} There is no IAM user named ${userName} in account ${preflight.caller.accountId}.`}</Text>
          <KeyHints hints={[['Enter', 'continue']]} />
        </Box>
      );
    case 'already':
      return (
        <Box flexDirection="column">
          {header}
          <PlanView plan={{ actions: [], existing: [{ summary: `${userName} already has MFA (${phase.state.enabled.length} device${phase.state.enabled.length === 1 ? '' : 's'})` }] }} />
          <Text>Already done: nothing to create.</Text>
          <KeyHints hints={[['Enter', 'continue']]} />
        </Box>
      );
    case 'plan':
      return (
        <Box flexDirection="column">
          {header}
          <PlanView plan={phase.plan} />
          <Text>{`Then you scan a QR code with an authenticator app on your phone and type two codes in a row (iam:EnableMFADevice).`}</Text>
          {yes ? null : (
            <Box>
              <Text>Create the device now? </Text>
              <Confirm isActive onConfirm={() => void create(phase.plan)} onCancel={() => void cancelPlan()} />
            </Box>
          )}
          <KeyHints hints={[['y/n', 'answer'], ['Esc', onBack ? 'back' : 'cancel']]} />
        </Box>
      );
    case 'creating':
    case 'removing':
      return (
        <Box flexDirection="column">
          {header}
          <Spinner label={phase.name === 'creating' ? 'Creating the virtual MFA device…' : 'Deleting the unfinished MFA device…'} />
        </Box>
      );
    case 'enabling':
      return (
        <Box flexDirection="column">
          {header}
          <Spinner label="Enabling the device with your two codes…" />
        </Box>
      );
    case 'done':
      return (
        <Box flexDirection="column">
          {header}
          <Text color="green">{`${symbols.pass} MFA is on for ${userName}.`}</Text>
          <Text>{`Device ${phase.device.serial}`}</Text>
          <Text>From now on this user signs in with the password and a code from the phone.</Text>
          <Text dimColor>The QR code and the key are gone from the screen and were not saved anywhere.</Text>
          <KeyHints hints={[['Enter', 'continue']]} />
        </Box>
      );
    case 'error':
      return (
        <Box flexDirection="column">
          {header}
          <ErrorView error={phase.error} />
          <Text>{`Nothing unfinished is left behind. Later: ${later}`}</Text>
          <KeyHints hints={[['Enter', 'continue']]} />
        </Box>
      );
    case 'enroll':
      return (
        <Enroll
          key={phase.attempt}
          phase={phase}
          userName={userName}
          label={accountLabel(userName, preflight.alias, preflight.caller.accountId)}
          position={position}
          demo={demo || preflight.sandbox}
          awsNow={() => (ctxRef.current ? awsTime(ctxRef.current) : session.now())}
          clock={ctxRef.current ? clockNote(awsClockOffset(ctxRef.current)) : null}
          session={session}
          onFirst={(first, message) => setPhase({ ...phase, first, message })}
          onMessage={(message) => setPhase({ ...phase, message })}
          onCodes={(c1, c2) => void submitCodes(phase.device, c1, c2)}
          onCancel={() => void cancel()}
        />
      );
  }

  // "n" answers the question (not now: MFA is left for later); Esc is the way back
  function cancelPlan() {
    onDone({ status: 'skipped', summary: [`MFA not enrolled for ${userName}`], todo: [`Enrol MFA for ${userName}: ${later}`] });
  }
}

interface EnrollProps {
  phase: Extract<Phase, { name: 'enroll' }>;
  userName: string;
  label: string;
  position?: { index: number; total: number };
  demo: boolean;
  /** AWS's time (this computer's clock corrected by what AWS's responses say) */
  awsNow: () => Date;
  /** a line saying this computer's clock is off, or null */
  clock: string | null;
  session: ReturnType<typeof useSession>;
  onFirst: (first: AcceptedCode | null, message: string | null) => void;
  onMessage: (message: string | null) => void;
  onCodes: (code1: AcceptedCode, code2: AcceptedCode) => void;
  onCancel: () => void;
}

/** The QR code (or the key), and the two code fields. */
function Enroll({ phase, userName, label, position, demo, awsNow, clock, session, onFirst, onMessage, onCodes, onCancel }: EnrollProps) {
  const { device, first, message } = phase;
  const { color } = useUi();
  const size = useTerminalSize();
  const [keyShown, setKeyShown] = useState(false);
  const [secondKey, setSecondKey] = useState(0);
  // what is typed, kept here: Tab moves the fields to the other layout, which remounts them
  const draft = useRef({ first: '', second: '' });
  // without colours the terminal's theme decides what looks dark: light glyphs suit a dark
  // background; i swaps them for a light one
  const [inverted, setInverted] = useState(false);
  const ink = color || inverted ? 'dark' : 'light';
  const uri = otpauthUri(device.secret, label);
  // one row spare: a frame as tall as the terminal scrolls and flickers
  const qr = useMemo(() => drawQr(uri, { ink, columns: size.columns - GAP - MIN_SIDE, rows: size.rows - 1 }), [uri, ink, size.columns, size.rows]);
  const sideWidth = size.columns - qr.width - GAP;
  const qrFits = sideWidth >= MIN_SIDE && qr.height <= size.rows - 1;
  const showKey = keyShown || !qrFits;
  const demoCode = useDemoCode(demo, session, device.serial);
  // the QR code and the key are the device's secret
  const { secretShown } = useLifecycle();
  useEffect(() => secretShown(), []);
  const toNext = useCountdown(first, awsNow);

  useInput(
    (input, key) => {
      if (key.escape) onCancel();
      else if (key.tab && qrFits) setKeyShown((k) => !k);
      else if (input === 'i' && !color && !showKey) setInverted((v) => !v);
    },
    { isActive: true },
  );

  const fields = (
    <Box flexDirection="column">
      {first ? (
        <Text>{`First code:  ${first.code} ${symbols.pass}`}</Text>
      ) : (
        <TextField
          label="First code: "
          isActive={first === null}
          allowed={CODE_CHARS}
          defaultValue={draft.current.first}
          onChange={(v) => {
            draft.current.first = v;
          }}
          onSubmit={(value) => {
            const r = checkFirstCode(device.secret, value, awsNow());
            if (r.ok) draft.current = { first: '', second: '' };
            if (r.ok) onFirst(r.accepted, null);
            else onMessage(r.message);
          }}
        />
      )}
      {first ? (
        <TextField
          key={secondKey}
          label="Second code:"
          isActive
          allowed={CODE_CHARS}
          defaultValue={draft.current.second}
          onChange={(v) => {
            draft.current.second = v;
          }}
          onSubmit={(value) => {
            const r = checkSecondCode(device.secret, first, value, awsNow());
            if (r.ok || r.restart || r.problem === 'expired') draft.current = { first: '', second: '' };
            if (r.ok) return onCodes(first, r.accepted);
            if (r.restart) {
              setSecondKey((k) => k + 1);
              return onFirst(r.restart, r.message);
            }
            if (r.problem === 'expired') return onFirst(null, r.message);
            onMessage(r.message);
          }}
        />
      ) : (
        <Text dimColor>Second code: (the next one)</Text>
      )}
      {first && toNext !== null ? (
        <Text dimColor>{toNext > 0 ? `The next code comes in ${toNext} s.` : 'The next code should show now.'}</Text>
      ) : null}
      {message ? <Text color="red">{`${symbols.fail} ${message}`}</Text> : null}
      {clock ? <Text color="yellow">{`${symbols.warn} ${clock}`}</Text> : null}
      {demoCode ? <Text color="yellow">{`Demo only: the code now is ${demoCode}`}</Text> : null}
    </Box>
  );

  const hints: Hint[] = [
    ...(qrFits ? [['Tab', showKey ? 'show QR' : 'show key'] as Hint] : []),
    ...(!color && !showKey ? [['i', 'invert QR'] as Hint] : []),
    ['Enter', 'check code'],
    ['Esc', 'cancel'],
  ];

  if (showKey) {
    return (
      <Box flexDirection="column">
        <StepHeader title={`${TITLE} for ${userName}`} step={position} />
        {!qrFits ? (
          <Text color="yellow">{`${symbols.warn} This terminal is ${size.columns}x${size.rows}; the QR code needs ${qr.width + GAP + MIN_SIDE}x${qr.height + 1}. Enlarge the window to scan it, or type the key below into the app.`}</Text>
        ) : null}
        <Text>In your authenticator app, add an account by hand ("enter a setup key"):</Text>
        <Text>{`  Account   ${label}`}</Text>
        <Text>{'  Issuer    AWS'}</Text>
        <Text>{'  Type      time-based, 6 digits, every 30 seconds'}</Text>
        {keyLines(groupKey(device.secret.reveal()), size.columns).map((line, i) => (
          <Text key={i}>{line}</Text>
        ))}
        <Box marginTop={1} flexDirection="column">
          <Text>Then type two codes in a row:</Text>
          {fields}
        </Box>
        <KeyHints hints={hints} />
      </Box>
    );
  }

  return (
    <Box flexDirection="row">
      <Box flexDirection="column" width={qr.width} flexShrink={0}>
        {qr.lines.map((line, i) =>
          // explicit colours: dark modules on a light background whatever the terminal's theme
          color ? (
            <Text key={i} color={QR_DARK} backgroundColor={QR_LIGHT}>
              {line}
            </Text>
          ) : (
            <Text key={i}>{line}</Text>
          ),
        )}
      </Box>
      <Box flexDirection="column" marginLeft={GAP} width={sideWidth}>
        <Text>
          <Text color="cyan" bold>
            mvsp-setup
          </Text>
          {position ? <Text dimColor>{`  Step ${position.index} of ${position.total}`}</Text> : null}
        </Text>
        <Text>{`${TITLE} for ${userName}`}</Text>
        {demo ? <Text color="yellow">DEMO: sandbox, not AWS</Text> : null}
        <Box flexDirection="column" marginTop={1}>
          <Text>1. Open an authenticator app.</Text>
          <Text>2. Scan this QR code.</Text>
          <Text>{`   It adds AWS (${label}).`}</Text>
          <Text>3. Type two codes in a row.</Text>
        </Box>
        {color ? null : <Text dimColor>{"Won't scan? Press i to invert."}</Text>}
        <Box marginTop={1}>{fields}</Box>
        <KeyHints hints={hints} />
      </Box>
    </Box>
  );
}

/** Seconds until the phone shows the code after `first`, ticking each second; null without a first code. */
function useCountdown(first: AcceptedCode | null, awsNow: () => Date): number | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!first) return;
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, [first]);
  return first ? secondsToNextCode(first, awsNow()) : null;
}

/** --demo only: the code the sandbox device shows right now, for people without a phone. */
function useDemoCode(demo: boolean, session: ReturnType<typeof useSession>, serial: string): string | null {
  const [code, setCode] = useState<string | null>(null);
  useEffect(() => {
    if (!demo) return;
    let live = true;
    let timer: NodeJS.Timeout | undefined;
    void session.gateway().then((gw) => {
      if (!live || gw.kind !== 'sandbox') return;
      const controls = (gw as SandboxGateway).controls;
      const read = () => {
        try {
          setCode(controls.currentMfaCode(serial));
        } catch {
          setCode(null);
        }
      };
      read();
      timer = setInterval(read, 1000);
    });
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [demo, serial]);
  return code;
}
