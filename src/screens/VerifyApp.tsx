// `mvsp-setup verify`, interactive: read and judge, show the report (scrolls when it
// does not fit), then the root-access attestation, then save the record and the reports.
import React, { useCallback, useMemo, useState } from 'react';
import { Box, Text, useInput, useStdout } from 'ink';
import { AwsError } from '../aws/errors.js';
import type { CheckStatus } from '../steps/types.js';
import type { Preflight } from '../steps/preflight.js';
import { readRecord, type Attestation, type LocalRecord, type RecordOptions } from '../steps/local-record.js';
import { CHECK_GROUPS, STATUS_WORD, day, runVerify, startSizedReads, verifyExitCode, type Check, type VerifyExpected, type VerifyOptions, type VerifyState } from '../steps/verify.js';
import { attestationFlow, judgeWithAttestation, rootUseToConfirm, saveVerifyRun } from '../steps/verify-attestation.js';
import { FlowRunner } from './flow/FlowRunner.js';
import { useSession } from './SessionContext.js';
import { useLifecycle } from './Root.js';
import { useTask } from './hooks/useTask.js';
import { StepHeader } from './StepHeader.js';
import { KeyHints } from './KeyHints.js';
import { ErrorView } from './ErrorView.js';
import { Spinner } from './ui/Spinner.js';
import { symbols, toneColor } from './ui/theme.js';
import { neutralize } from '../untrusted.js';

export interface VerifyAppProps {
  version: string;
  /** --root-email, --alert-email */
  expected?: VerifyExpected;
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

export function VerifyApp({ version, expected, dataDir, verifyOptions }: VerifyAppProps) {
  const session = useSession();
  const { signal, finish } = useLifecycle();
  const recordOpts: RecordOptions = dataDir !== undefined ? { dataDir } : {};
  const task = useTask<Loaded>(async () => {
    // every read that needs no caller overlaps preflight (startSizedReads)
    const sized = session.gateway().then(
      (aws) => startSizedReads(aws, verifyOptions, signal),
      () => undefined,
    );
    const [preflight, ctx] = await Promise.all([session.preflight(), session.context(signal)]);
    const record = await readRecord(preflight.caller.accountId, recordOpts);
    const checkedAt = ctx.now();
    const early = await sized;
    const { state, checks } = await runVerify(
      { ...ctx, now: () => checkedAt, ...(early ? { sized: early } : {}) },
      { record, ...(expected ? { expected } : {}) },
      verifyOptions,
    );
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
      const { checks, doc } = judgeWithAttestation({
        version,
        state: loaded.state,
        record: loaded.record,
        attestation,
        checkedAt: loaded.checkedAt,
        caller: loaded.preflight.caller,
        alias: loaded.preflight.alias,
        ...(expected ? { expected } : {}),
      });
      try {
        setPhase({ screen: 'saved', checks, paths: await saveVerifyRun(doc, attestation, loaded.state, recordOpts) });
      } catch (e) {
        setPhase({ screen: 'saved', checks, paths: null, error: (e as Error).message });
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [version, expected, dataDir],
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
    return (
      <FlowRunner<Attestation>
        title="Monthly check — root access"
        flags={{}}
        yes={false}
        run={(_ctx, io) => attestationFlow(io, { record: loaded.record, recentUse: rootUseToConfirm(loaded.state, loaded.checks), at: loaded.checkedAt })}
        onDone={(a) => void save(loaded, a)}
        onBack={() => setPhase({ screen: 'report' })}
      />
    );
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
      <KeyHints hints={[...(scrolls ? ([['↑↓ Space', 'scroll']] as [string, string][]) : []), ['Enter', 'attest root access'], ['s/Esc', 'skip and save']]} />
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
