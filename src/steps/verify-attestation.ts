// verify's root-access attestation and the saving of a run: written once, asked by the
// screen (through the Ink step presenter) and by --plain (through the line presenter).
import { neutralize } from '../untrusted.js';
import type { CallerIdentity } from '../aws/port.js';
import type { StepIO } from './flow.js';
import type { Attestation, LocalRecord, RecordOptions } from './local-record.js';
import {
  buildVerifyDocument,
  day,
  judgeChecks,
  lastRootUse,
  recordVerifyRun,
  reportGeneratedAt,
  writeVerifyReports,
  type Check,
  type VerifyDocument,
  type VerifyExpected,
  type VerifyState,
} from './verify.js';

/** A use of root (from the credential report) the holders are asked to confirm. */
export interface RootUseToConfirm {
  at: Date;
  /** "console password", "access key" */
  how: string;
}

/**
 * The root use to confirm: root was used after the last check (root-recent-use warns) and
 * the credential report says when. Null when there is nothing to confirm.
 */
export function rootUseToConfirm(state: VerifyState, checks: Check[]): RootUseToConfirm | null {
  if (checks.find((c) => c.id === 'root-recent-use')?.status !== 'warn' || !state.report.ok) return null;
  return lastRootUse(state.report.value) ?? null;
}

/** How many questions the attestation asks: two, or three with a root use to confirm. */
export function attestationQuestions(recentUse: RootUseToConfirm | null): number {
  return recentUse ? 3 : 2;
}

/** Names in a comma-, semicolon- or line-separated list, each once. */
export function parseNames(text: string): string[] {
  return [...new Set(text.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean))];
}

const SIGN_IN: Record<string, Attestation['rootSignIn']> = {
  'Yes, signed in as root and got in': 'got-in',
  'Someone tried and could NOT get in': 'locked-out',
  'Nobody has signed in as root this month': 'not-tried',
};
const ALL_OURS = 'Yes, every use was ours';

/**
 * The root-access attestation: did someone sign in as root this month (and who), who can
 * reach root today (at least two names), and, when root was used after the last check,
 * whether each use was theirs. Nothing is pre-chosen or pre-filled: every answer is a
 * person's (Enter alone never attests). Throws GoBack when the presenter goes back.
 */
export async function attestationFlow(
  io: Pick<StepIO, 'ask' | 'line'>,
  input: { record: LocalRecord; recentUse: RootUseToConfirm | null; at: Date },
): Promise<Attestation> {
  const { record, recentUse, at } = input;
  const count = attestationQuestions(recentUse);
  io.line(`${count === 3 ? 'Three' : 'Two'} questions for the people who hold root. Answers are kept on this machine only.`);
  const picked = await io.ask({ message: '1. In the last month, did someone sign in as root (password and MFA) and get in?', choices: Object.keys(SIGN_IN) });
  const rootSignIn = SIGN_IN[picked] ?? 'not-tried';
  let who = '';
  if (rootSignIn !== 'not-tried') {
    const action = rootSignIn === 'locked-out' ? 'tried' : 'signed in';
    who = (await io.ask({ message: 'Who was it?', validate: (v) => (v.trim() === '' ? `Type the name of who ${action}.` : null) })).trim();
  }
  const lastHolders = record.rootHolders.map(neutralize).join(', ');
  if (lastHolders) io.line(`Last recorded: ${lastHolders}`, 'dim');
  const holders = parseNames(
    await io.ask({
      message: '2. Who can reach root today? Names, comma-separated (at least two)',
      ...(lastHolders ? { suggestions: [lastHolders] } : {}),
      validate: (v) => (parseNames(v).length < 2 ? `Name at least two people (got ${parseNames(v).length}): if one is unavailable, the other can still reach root.` : null),
    }),
  );
  let confirmed: string | null | undefined;
  if (recentUse) {
    const answer = await io.ask({
      message: `3. Root was used on ${day(recentUse.at)} (${recentUse.how}), after the last check. Was each use since then one of you?`,
      choices: [ALL_OURS, 'No, or not sure'],
    });
    confirmed = answer === ALL_OURS ? recentUse.at.toISOString() : null;
  }
  return {
    at: at.toISOString(),
    rootSignIn,
    ...(who ? { signedInBy: who } : {}),
    holders,
    ...(confirmed !== undefined ? { rootUseConfirmedThrough: confirmed } : {}),
  };
}

/**
 * The checks again with the attestation (when given) taken into account, and the
 * `verify --json` document of the run.
 */
export function judgeWithAttestation(input: {
  version: string;
  state: VerifyState;
  record: LocalRecord;
  attestation: Attestation | null;
  checkedAt: Date;
  caller: CallerIdentity;
  alias: string | null;
  expected?: VerifyExpected;
}): { checks: Check[]; doc: VerifyDocument } {
  const { state, attestation, checkedAt } = input;
  const record = attestation ? { ...input.record, rootHolders: attestation.holders, attestations: [...input.record.attestations, attestation] } : input.record;
  const checks = judgeChecks(state, record, checkedAt, input.expected);
  return { checks, doc: buildVerifyDocument({ version: input.version, checkedAt, caller: input.caller, alias: input.alias, checks }) };
}

/**
 * Keep a run: write verify-YYYY-MM-DD.md and .json and add the run (and the attestation)
 * to the account's local record. Returns the reports' paths. Throws OutputFileError (or a
 * filesystem error) when a report or the record cannot be written.
 */
export async function saveVerifyRun(doc: VerifyDocument, attestation: Attestation | null, state: VerifyState, recordOpts: RecordOptions): Promise<{ markdown: string; json: string }> {
  const paths = await writeVerifyReports(doc, recordOpts);
  await recordVerifyRun(doc, attestation, recordOpts, reportGeneratedAt(state));
  return paths;
}
