// `verify` without prompts (--ci, --json): attestation checks come from the local
// record or are unknown. With --json, stdout carries the one JSON document and nothing else.
import { openAccount } from './aws-error-lines.js';
import { AwsError } from '../aws/errors.js';
import type { Session } from '../session.js';
import { OutputFileError } from '../output-file.js';
import { neutralize, neutralizeLines, safeJson } from '../untrusted.js';
import { readRecord, type Attestation, type LocalRecord, type RecordOptions } from '../steps/local-record.js';
import type { HeadlessIO } from './types.js';
import { InputEnded } from '../steps/flow.js';
import { CHECK_GROUPS, runVerify, startSizedReads, statusLabel, summarize, type Check, verifyExitCode, type VerifyExpected, type VerifyOptions } from '../steps/verify.js';
import { attestationFlow, attestationQuestions, judgeWithAttestation, rootUseToConfirm, saveVerifyRun } from '../steps/verify-attestation.js';

export interface VerifyHeadlessOptions extends RecordOptions, VerifyOptions {
  json: boolean;
  version: string;
  /** --root-email, --alert-email */
  expected?: VerifyExpected;
  /** stdout: the JSON document, or the plain report */
  out: (text: string) => void;
  /** stderr: errors, and where the reports were written in --json mode */
  err: (text: string) => void;
  /** --plain: after the report, the root-access attestation is asked through this */
  io?: HeadlessIO;
}

export async function runVerifyHeadless(session: Session, opts: VerifyHeadlessOptions): Promise<number> {
  // every read that needs no caller overlaps preflight (startSizedReads)
  const sized = session.gateway().then(
    (aws) => startSizedReads(aws, opts),
    () => undefined,
  );
  const opened = await openAccount(session, (lines) => opts.err(`mvsp-setup verify: ${lines.join('\n').replace(/^✖ /, '')}\n`));
  // verify's own rule: an environment that fails is exit 2 whatever the kind
  if (typeof opened === 'number') return 2;
  const { preflight, ctx } = opened;
  const recordOpts: RecordOptions = opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {};
  let record: LocalRecord;
  try {
    record = await readRecord(preflight.caller.accountId, recordOpts);
  } catch (e) {
    // a record that cannot be read is left as it is: nothing is checked against half of it
    if (e instanceof OutputFileError) {
      opts.err(`mvsp-setup verify: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const checkedAt = ctx.now();
  const early = await sized;
  const { state, checks: measured } = await runVerify(
    { ...ctx, now: () => checkedAt, ...(early ? { sized: early } : {}) },
    { record, ...(opts.expected ? { expected: opts.expected } : {}) },
    opts,
  );
  let attestation: Attestation | null = null;
  if (opts.io?.interactive && !opts.json) {
    opts.out(neutralizeLines(report(measured, session.demo, preflight, 'before the root-access questions')));
    const recentUse = rootUseToConfirm(state, measured);
    const n = attestationQuestions(recentUse);
    if (await opts.io.confirm(`Attest root access now (${n === 3 ? 'three' : 'two'} questions, answers kept on this machine only)?`)) {
      const io = opts.io;
      try {
        attestation = await attestationFlow({ ask: (q) => io.ask(q), line: (text) => io.line(text) }, { record, recentUse, at: checkedAt });
      } catch (e) {
        // the checks have run: they are kept, as when the questions are skipped
        if (!(e instanceof InputEnded)) throw e;
        io.line('The input ended before the questions were answered: no attestation is recorded; the report is saved without it.');
      }
    }
  }
  const { checks, doc } = judgeWithAttestation({
    version: opts.version,
    state,
    record,
    attestation,
    checkedAt,
    caller: preflight.caller,
    alias: preflight.alias,
    ...(opts.expected ? { expected: opts.expected } : {}),
  });
  let saved: string | null = null;
  let saveFailed = false;
  try {
    const paths = await saveVerifyRun(doc, attestation, state, recordOpts);
    saved = `report written to ${paths.markdown} (and .json)`;
  } catch (e) {
    saveFailed = true;
    opts.err(`mvsp-setup verify: could not save this run: ${e instanceof OutputFileError ? e.message : neutralize((e as Error).message)}\n`);
  }
  // the run was checked but not kept: an environment error, whatever the checks said
  const exitCode = saveFailed ? 2 : verifyExitCode(checks);
  if (opts.json) {
    opts.out(`${safeJson(doc, 2)}\n`);
    if (saved) opts.err(`${saved}\n`);
    return exitCode;
  }
  opts.out(neutralizeLines(report(checks, session.demo, preflight, opts.io?.interactive ? 'with your answers' : null)));
  if (saved) opts.out(`${saved}\n`);
  return exitCode;
}

function report(checks: Check[], demo: boolean, preflight: { caller: { accountId: string; arn: string }; alias: string | null }, note: string | null): string {
  const lines = [
    `mvsp-setup verify — account ${preflight.caller.accountId}${preflight.alias ? ` (${preflight.alias})` : ''} · caller ${preflight.caller.arn}${demo ? ' · DEMO sandbox, nothing reaches AWS' : ''}${note ? ` · ${note}` : ''}`,
  ];
  for (const g of CHECK_GROUPS) {
    lines.push('', g.title);
    for (const id of g.ids) {
      const c = checks.find((x) => x.id === id)!;
      lines.push(`  ${statusLabel(c.status).padEnd(10)} ${c.id}: ${c.title}`, `             ${c.detail}`);
      if (c.status !== 'pass') lines.push(`             Fix: ${c.fix}`);
    }
  }
  const s = summarize(checks);
  lines.push('', `summary: ${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.unknown} unknown`);
  return `${lines.join('\n')}\n`;
}
