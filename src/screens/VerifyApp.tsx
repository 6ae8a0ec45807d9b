// `mvsp-setup verify`, interactive: read and judge, show the report (scrolls when it
// does not fit), then the root-access attestation, then save the record and the reports.
import React, { useCallback, useMemo, useState } from 'react';
import { Box, Text, useInput, useStdout } from 'ink';
import { AwsError } from '../aws/errors.js';
import type { CheckStatus } from '../steps/types.js';
import type { Preflight } from '../steps/preflight.js';
import { readRecord, type Attestation, type LocalRecord, type RecordOptions } from '../steps/local-record.js';
import {
  CHECK_GROUPS,
  STATUS_WORD,
  buildVerifyDocument,
  computeChecks,
  day,
  lastRootUse,
  recordVerifyRun,
  reportGeneratedAt,
  runVerify,
  verifyExitCode,
  writeVerifyReports,
  type Check,
  type VerifyOptions,
  type VerifyState,
} from '../steps/verify.js';
import { useSession } from './SessionContext.js';
import { useLifecycle } from './Root.js';
import { useTask } from './hooks/useTask.js';
import { StepHeader } from './StepHeader.js';
import { KeyHints } from './KeyHints.js';
import { ErrorView } from './ErrorView.js';
import { Spinner } from './ui/Spinner.js';
import { Choose, TextField } from './ui/inputs.js';
import { symbols, toneColor } from './ui/theme.js';
import { neutralize } from '../untrusted.js';
import { Hanging } from './ui/Hanging.js';

export interface VerifyAppProps {
  version: string;
  rootEmail?: string;
  /** where the record and reports go (tests); default: the user's data dir */
  dataDir?: string;
  verifyOptions?: VerifyOptions;
}

interface Loaded {
  preflight: Preflight;
  record: LocalRecord;
  state: VerifyState;
  checks: Check[];
  checkedAt: Date;
}

type Phase = { screen: 'report' } | { screen: 'attest' } | { screen: 'saving'; attestation: Attestation | null } | { screen: 'saved'; checks: Check[]; paths: { markdown: string } | null; error?: string };

function environmentError(e: unknown): boolean {
  return e instanceof AwsError && ['NoCredentials', 'ExpiredToken', 'AccessDenied', 'Network'].includes(e.kind);
}

export function VerifyApp({ version, rootEmail, dataDir, verifyOptions }: VerifyAppProps) {
  const session = useSession();
  const { signal, finish } = useLifecycle();
  const recordOpts: RecordOptions = dataDir !== undefined ? { dataDir } : {};
  const task = useTask<Loaded>(async () => {
    const [preflight, ctx] = await Promise.all([session.preflight(), session.context(signal)]);
    const record = await readRecord(preflight.caller.accountId, recordOpts);
    const checkedAt = ctx.now();
    const { state, checks } = await runVerify({ ...ctx, now: () => checkedAt }, { record, ...(rootEmail ? { rootEmail } : {}) }, verifyOptions);
    return { preflight, record, state, checks, checkedAt };
  });
  const [phase, setPhase] = useState<Phase>({ screen: 'report' });

  useInput(
    (input, key) => {
      if (key.return || input === 'q' || key.escape) finish(environmentError(task.status === 'failed' ? task.error : null) ? 2 : 1);
      if (input === 'r') task.retry();
    },
    { isActive: task.status === 'failed' },
  );

  const save = useCallback(
    async (loaded: Loaded, attestation: Attestation | null) => {
      setPhase({ screen: 'saving', attestation });
      const record = attestation ? { ...loaded.record, rootHolders: attestation.holders, attestations: [...loaded.record.attestations, attestation] } : loaded.record;
      const checks = computeChecks({ state: loaded.state, record, now: loaded.checkedAt, ...((rootEmail ?? record.rootEmail) ? { rootEmail: rootEmail ?? record.rootEmail } : {}) });
      const doc = buildVerifyDocument({ version, checkedAt: loaded.checkedAt, caller: loaded.preflight.caller, alias: loaded.preflight.alias, checks });
      try {
        const paths = await writeVerifyReports(doc, recordOpts);
        await recordVerifyRun(doc, attestation, recordOpts, reportGeneratedAt(loaded.state));
        setPhase({ screen: 'saved', checks, paths });
      } catch (e) {
        setPhase({ screen: 'saved', checks, paths: null, error: (e as Error).message });
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [version, rootEmail, dataDir],
  );

  if (task.status === 'running') {
    return (
      <Box flexDirection="column">
        <StepHeader title="Monthly check" />
        <Spinner label="Reading the account (the credential report can take a few seconds)…" />
        <KeyHints hints={[]} />
      </Box>
    );
  }
  if (task.status === 'failed') {
    return (
      <Box flexDirection="column">
        <StepHeader title="Monthly check" />
        <ErrorView error={task.error} />
        <KeyHints hints={[['r', 'retry'], ['Enter', 'exit']]} />
      </Box>
    );
  }
  const loaded = task.value;
  if (phase.screen === 'report') {
    return <ReportView loaded={loaded} onAttest={() => setPhase({ screen: 'attest' })} onSkip={() => void save(loaded, null)} />;
  }
  if (phase.screen === 'attest') {
    return <AttestationView loaded={loaded} onDone={(a) => void save(loaded, a)} onSkip={() => void save(loaded, null)} />;
  }
  if (phase.screen === 'saving') {
    return (
      <Box flexDirection="column">
        <StepHeader title="Monthly check" />
        <Spinner label="Saving the report…" />
      </Box>
    );
  }
  return <SavedView checks={phase.checks} path={phase.paths?.markdown ?? null} error={phase.error} onExit={() => finish(verifyExitCode(phase.checks))} />;
}

// ---------------------------------------------------------------- the report

interface Line {
  text: string;
  tone?: CheckStatus;
  bold?: boolean;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
    while (line.length > width) {
      out.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line) out.push(line);
  return out;
}

const INDENT = 12;

export function reportLines(checks: Check[], width: number): Line[] {
  const lines: Line[] = [];
  for (const g of CHECK_GROUPS) {
    if (lines.length) lines.push({ text: '' });
    lines.push({ text: g.title, bold: true });
    for (const id of g.ids) {
      const c = checks.find((x) => x.id === id);
      if (!c) continue;
      const label = `${symbols[c.status]} ${STATUS_WORD[c.status]}`.padEnd(INDENT - 2);
      lines.push({ text: `  ${label}${c.title}`, tone: c.status });
      const pad = ' '.repeat(INDENT);
      for (const l of wrap(c.detail, width - INDENT)) lines.push({ text: pad + l });
      if (c.status !== 'pass') for (const l of wrap(`Fix: ${c.fix}`, width - INDENT)) lines.push({ text: pad + l });
    }
  }
  return lines;
}

function SummaryLine({ checks }: { checks: Check[] }) {
  const count = (s: CheckStatus) => checks.filter((c) => c.status === s).length;
  return (
    <Text>
      {(['pass', 'warn', 'fail', 'unknown'] as const).map((s, i) => (
        <Text key={s} color={toneColor[s]}>{`${i ? ' · ' : ''}${symbols[s]} ${count(s)} ${s}`}</Text>
      ))}
    </Text>
  );
}

function useSize(): { rows: number; columns: number } {
  const { stdout } = useStdout();
  return { rows: Math.max(12, stdout.rows || 24), columns: Math.min(80, Math.max(40, stdout.columns || 80)) };
}

function ReportView({ loaded, onAttest, onSkip }: { loaded: Loaded; onAttest: () => void; onSkip: () => void }) {
  const { rows, columns } = useSize();
  const lines = useMemo(() => reportLines(loaded.checks, columns - 1), [loaded.checks, columns]);
  // header 2, account 1, summary 1 + margin, scroll marker 1, hints 2
  const height = Math.max(4, rows - 9);
  const maxTop = Math.max(0, lines.length - height);
  const [top, setTop] = useState(0);
  useInput((input, key) => {
    if (key.downArrow || input === 'j') setTop((t) => Math.min(maxTop, t + 1));
    else if (key.upArrow || input === 'k') setTop((t) => Math.max(0, t - 1));
    else if (key.pageDown || input === ' ') setTop((t) => Math.min(maxTop, t + height));
    else if (key.pageUp || input === 'b') setTop((t) => Math.max(0, t - height));
    else if (key.return) onAttest();
    else if (input === 's' || input === 'q' || key.escape) onSkip();
  });
  const { caller, alias } = loaded.preflight;
  const shown = lines.slice(top, top + height);
  const scrolls = lines.length > height;
  return (
    <Box flexDirection="column">
      <StepHeader title="Monthly check" />
      <Text>{`Account ${caller.accountId}${alias ? ` (${alias})` : ''} · ${day(loaded.checkedAt)}`}</Text>
      <Box marginBottom={1}>
        <SummaryLine checks={loaded.checks} />
      </Box>
      {shown.map((l, i) => (
        <Text key={top + i} bold={l.bold} color={l.tone ? toneColor[l.tone] : undefined} wrap="truncate">
          {l.text || ' '}
        </Text>
      ))}
      {scrolls ? <Text dimColor>{`lines ${top + 1}–${Math.min(lines.length, top + height)} of ${lines.length}${top < maxTop ? ' · ↓ more' : ''}`}</Text> : null}
      <KeyHints hints={[...(scrolls ? ([['↑↓ Space', 'scroll']] as [string, string][]) : []), ['Enter', 'attest root access'], ['s', 'skip and save']]} />
    </Box>
  );
}

// ---------------------------------------------------------------- the attestation

type Step = 'sign-in' | 'who' | 'holders' | 'use';

function parseNames(text: string): string[] {
  return [...new Set(text.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean))];
}

function AttestationView({ loaded, onDone, onSkip }: { loaded: Loaded; onDone: (a: Attestation) => void; onSkip: () => void }) {
  const recentUse = loaded.checks.find((c) => c.id === 'root-recent-use')?.status === 'warn' && loaded.state.report.ok ? lastRootUse(loaded.state.report.value) : null;
  const [step, setStep] = useState<Step>('sign-in');
  // every answer starts empty: Enter alone must never attest (a pass needs a person's answer)
  const [signIn, setSignIn] = useState<Attestation['rootSignIn'] | null>(null);
  const [who, setWho] = useState('');
  const [whoError, setWhoError] = useState<string | null>(null);
  const [holdersText, setHoldersText] = useState('');
  const [holdersError, setHoldersError] = useState<string | null>(null);
  const lastHolders = loaded.record.rootHolders.map(neutralize).join(', ');
  const questions = recentUse ? 3 : 2;

  const finishWith = (holders: string[], confirmed?: string | null) =>
    onDone({
      at: loaded.checkedAt.toISOString(),
      rootSignIn: signIn ?? 'not-tried',
      ...(signIn !== 'not-tried' && who.trim() ? { signedInBy: who.trim() } : {}),
      holders,
      ...(confirmed !== undefined ? { rootUseConfirmedThrough: confirmed } : {}),
    });

  useInput(
    (_input, key) => {
      if (key.escape) onSkip();
    },
    { isActive: step === 'sign-in' },
  );

  const { columns } = useSize();
  return (
    <Box flexDirection="column" width={columns}>
      <StepHeader title="Monthly check — root access" />
      <Text>{`${questions === 3 ? 'Three' : 'Two'} questions for the people who hold root. Answers are kept on this machine only.`}</Text>
      <Box marginTop={1} flexDirection="column">
        <Text bold>1. In the last month, did someone sign in as root (password and MFA) and get in?</Text>
        {step === 'sign-in' ? (
          <Choose
            isActive
            options={[
              { label: 'Yes, signed in as root and got in', value: 'got-in' },
              { label: 'Someone tried and could NOT get in', value: 'locked-out' },
              { label: 'Nobody has signed in as root this month', value: 'not-tried' },
            ]}
            required="Choose an answer with ↑↓ (or 1, 2, 3), then press Enter."
            onChange={(v) => {
              setSignIn(v as Attestation['rootSignIn']);
              setStep(v === 'not-tried' ? 'holders' : 'who');
            }}
          />
        ) : (
          <Text>{`   ${symbols.arrow} ${signIn === 'got-in' ? 'yes, got in' : signIn === 'locked-out' ? 'could NOT get in' : 'nobody tried'}${who ? ` (${who})` : ''}`}</Text>
        )}
        {step === 'who' ? (
          <>
            <TextField
              key="who"
              label="   Who was it?"
              isActive
              defaultValue={who}
              onSubmit={(v) => {
                if (v.trim() === '') {
                  setWhoError(`Type the name of who ${signIn === 'locked-out' ? 'tried' : 'signed in'}.`);
                  return;
                }
                setWhoError(null);
                setWho(v.trim());
                setStep('holders');
              }}
            />
            {whoError ? (
              <Hanging lead={`   ${symbols.warn} `} color={toneColor.warn}>
                {whoError}
              </Hanging>
            ) : null}
          </>
        ) : null}
      </Box>
      {step === 'holders' || step === 'use' ? (
        <Box marginTop={1} flexDirection="column">
          <Text bold>2. Who can reach root today? Names, comma-separated (at least two).</Text>
          {step === 'holders' ? (
            <TextField
              key="holders"
              label="   Names:"
              isActive
              defaultValue={holdersText}
              {...(lastHolders ? { suggestions: [lastHolders] } : {})}
              onSubmit={(v) => {
                setHoldersText(v);
                const names = parseNames(v);
                if (names.length < 2) {
                  setHoldersError(`Name at least two people (got ${names.length}): if one is unavailable, the other can still reach root.`);
                  return;
                }
                setHoldersError(null);
                if (recentUse) setStep('use');
                else finishWith(names);
              }}
            />
          ) : (
            <Text>{`   ${symbols.arrow} ${parseNames(holdersText).join(', ')}`}</Text>
          )}
          {holdersError ? (
            <Hanging lead={`   ${symbols.warn} `} color={toneColor.warn}>
              {holdersError}
            </Hanging>
          ) : null}
          {step === 'holders' && lastHolders && !holdersError ? (
            <Hanging lead="   " dimColor>
              {`Last recorded: ${lastHolders} (type its first letter to reuse it)`}
            </Hanging>
          ) : null}
        </Box>
      ) : null}
      {step === 'use' && recentUse ? (
        <Box marginTop={1} flexDirection="column">
          <Text bold>{`3. Root was used on ${day(recentUse.at)} (${recentUse.how}), after the last check. Was each use since then one of you?`}</Text>
          <Choose
            isActive
            options={[
              { label: 'Yes, every use was ours', value: 'yes' },
              { label: 'No, or not sure', value: 'no' },
            ]}
            required="Choose an answer with ↑↓ (or 1, 2), then press Enter."
            onChange={(v) => finishWith(parseNames(holdersText), v === 'yes' ? recentUse.at.toISOString() : null)}
          />
        </Box>
      ) : null}
      <KeyHints hints={step === 'sign-in' || step === 'use' ? [['↑↓', 'choose'], ['Enter', 'answer'], ...(step === 'sign-in' ? ([['Esc', 'skip']] as [string, string][]) : [])] : [['Enter', 'answer']]} />
    </Box>
  );
}

// ---------------------------------------------------------------- saved

function SavedView({ checks, path, error, onExit }: { checks: Check[]; path: string | null; error?: string; onExit: () => void }) {
  useInput((input, key) => {
    if (key.return || input === 'q' || key.escape) onExit();
  });
  const failing = checks.filter((c) => c.status !== 'pass');
  const { columns } = useSize();
  return (
    <Box flexDirection="column" width={columns}>
      <StepHeader title="Monthly check — saved" />
      <SummaryLine checks={checks} />
      <Box marginTop={1} flexDirection="column">
        {failing.slice(0, 11).map((c) => (
          <Text key={c.id} color={toneColor[c.status]} wrap="truncate">{`${symbols[c.status]} ${STATUS_WORD[c.status].padEnd(8)}${c.title}`}</Text>
        ))}
        {failing.length === 0 ? <Text color={toneColor.pass}>{`${symbols.pass} Every check passed.`}</Text> : null}
      </Box>
      <Box marginTop={1} flexDirection="column">
        {path ? <Text>{`Report saved: ${path} (and .json)`}</Text> : <Text color={toneColor.warn}>{`${symbols.warn} Could not save the report: ${error ?? 'unknown error'}`}</Text>}
      </Box>
      <KeyHints hints={[['Enter', 'exit']]} />
    </Box>
  );
}
