// `verify --org` without prompts (--ci, --json): a progress line per account as each one
// starts and ends, then the report. With --json, stdout carries the one JSON document and
// nothing else; progress goes to stderr.
import { awsErrorLines } from './aws-error-lines.js';
import { AwsError } from '../aws/errors.js';
import type { Session } from '../session.js';
import { readRecord, type RecordOptions } from '../steps/local-record.js';
import {
  MEMBER_ROOT_CREDENTIALS,
  buildOrgVerifyDocument,
  orgVerifyExitCode,
  runOrgVerify,
  worstStatus,
  type AccountResult,
  type OrgProgress,
} from '../steps/org-verify.js';
import { statusLabel, type VerifyExpected, type VerifyOptions } from '../steps/verify.js';
import { neutralize } from '../untrusted.js';

export interface OrgVerifyHeadlessOptions extends RecordOptions, VerifyOptions {
  json: boolean;
  version: string;
  roleName: string;
  /** --root-email (the caller's own account), --alert-email (every account) */
  expected?: VerifyExpected;
  out: (text: string) => void;
  err: (text: string) => void;
}

function accountLabel(a: { id: string; name: string }): string {
  return `${a.id}${a.name ? ` (${neutralize(a.name)})` : ''}`;
}

function counts(s: Record<string, number>): string {
  return `${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.unknown} unknown`;
}

export function progressLine(e: OrgProgress): string {
  const n = `[${e.index + 1}/${e.total}]`;
  if (e.type === 'start') return `${n} ${accountLabel(e.account)}: checking…`;
  const r = e.result;
  if (!r.reachable) return `${n} ${accountLabel(r)}: ${statusLabel(worstStatus(r.checks))} not reached: ${neutralize(r.reason ?? '')}`;
  return `${n} ${accountLabel(r)}: ${statusLabel(worstStatus(r.checks))} ${counts(r.summary)}`;
}

function accountReport(a: AccountResult, managementAccountId: string): string[] {
  const role = a.id === managementAccountId ? ' · management account' : '';
  const lines = [`${accountLabel(a)}${role}: ${statusLabel(worstStatus(a.checks))} · ${counts(a.summary)}`];
  if (!a.reachable) lines.push(`  not reached: ${neutralize(a.reason ?? '')}`, `  Fix: ${neutralize(a.checks[0]?.fix ?? '')}`);
  for (const c of a.checks) {
    // an unreachable account's own checks are said above; member-root-credentials needs no role
    if (c.status === 'pass' || (!a.reachable && c.id !== MEMBER_ROOT_CREDENTIALS)) continue;
    lines.push(`  ${statusLabel(c.status).padEnd(10)} ${c.id}: ${neutralize(c.detail)}`, `             Fix: ${neutralize(c.fix)}`);
  }
  return lines;
}

export async function runOrgVerifyHeadless(session: Session, opts: OrgVerifyHeadlessOptions): Promise<number> {
  let ctx;
  try {
    ctx = await session.context();
  } catch (e) {
    if (e instanceof AwsError) {
      opts.err(`mvsp-setup verify --org: ${awsErrorLines(e).join('\n').replace(/^✖ /, '')}\n`);
      return 2;
    }
    throw e;
  }
  const progress = (text: string) => (opts.json ? opts.err : opts.out)(`${text}\n`);
  const recordOpts: RecordOptions = opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {};
  const checkedAt = ctx.now();
  let result;
  try {
    result = await runOrgVerify(
      {
        aws: ctx.aws,
        caller: ctx.caller,
        now: () => checkedAt,
        roleName: opts.roleName,
        // only the caller's own account has attestations on this machine
        recordFor: async (id) => (id === ctx.caller.accountId ? readRecord(id, recordOpts) : null),
        ...(opts.expected ? { expected: opts.expected } : {}),
        onProgress: (e) => progress(progressLine(e)),
      },
      opts,
    );
  } catch (e) {
    if (e instanceof AwsError) {
      const notInOrg = e.code === 'AWSOrganizationsNotInUseException';
      const lines = notInOrg
        ? [`account ${ctx.caller.accountId} is not in an AWS Organization: run mvsp-setup verify without --org.`]
        : awsErrorLines(e).map((l) => l.replace(/^✖ /, ''));
      opts.err(`mvsp-setup verify --org: ${lines.join('\n')}\n`);
      return 2;
    }
    throw e;
  }
  const doc = buildOrgVerifyDocument({ version: opts.version, checkedAt, caller: ctx.caller, result });
  const code = orgVerifyExitCode(result);
  if (opts.json) {
    opts.out(`${JSON.stringify(doc, null, 2)}\n`);
    return code;
  }
  const lines = [
    '',
    `mvsp-setup verify --org — organization ${neutralize(doc.organization.id)} · management account ${doc.organization.managementAccountId} · caller ${neutralize(ctx.caller.arn)}${session.demo ? ' · DEMO sandbox, nothing reaches AWS' : ''}`,
  ];
  for (const a of result.accounts) lines.push('', ...accountReport(a, doc.organization.managementAccountId));
  const s = doc.summary;
  lines.push('', `summary: ${s.accounts} accounts · worst check per account: ${counts(s)}`);
  opts.out(`${lines.join('\n')}\n`);
  return code;
}
