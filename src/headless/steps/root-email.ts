import { UsageError } from '../../args.js';
import {
  businessDomainOf,
  checkRootEmail,
  lookupPrimaryEmail,
  parseEmail,
  rootEmailOutcome,
  type CheckOptions,
  type Finding,
} from '../../steps/root-email.js';
import type { HeadlessIO, HeadlessStep } from '../types.js';

const MARK: Record<Finding['severity'], string> = { pass: '✔', info: '•', warn: '⚠', fail: '✖', unknown: '?' };

export function printFindings(findings: Finding[], io: HeadlessIO): void {
  for (const f of findings) {
    io.line(`  ${MARK[f.severity]} ${f.message}`);
    if (f.fix && f.severity !== 'pass') io.line(`      fix: ${f.fix}`);
  }
}

const validate = (v: string) => {
  const p = parseEmail(v);
  return p.ok ? null : p.error;
};

/** The 'root-email' step without Ink; the MX resolver can be swapped (tests). */
export function createRootEmailHeadless(opts: CheckOptions = {}): HeadlessStep {
  return async (ctx, { answers }, io) => {
    let address = answers.rootEmail;
    if (address === undefined) {
      const found = await lookupPrimaryEmail(ctx);
      if (found.status === 'found') {
        address = found.email;
        io.line(`root-email: AWS reports ${address}`);
      } else if (io.interactive) {
        io.line(`root-email: AWS does not say (${found.reason})`);
      }
    }
    if (address !== undefined) {
      const error = validate(address);
      if (error) {
        if (!io.interactive) throw new UsageError(`root-email: --root-email / "rootEmail" "${address}": ${error}`);
        io.line(`root-email: ${error}`);
        address = undefined;
      }
    }
    address ??= await io.ask({
      message: "The root user's sign-in email",
      flag: '--root-email E',
      key: 'rootEmail',
      validate,
    });
    const businessDomain = businessDomainOf([
      answers.contacts?.security?.email,
      answers.contacts?.operations?.email,
      answers.contacts?.billing?.email,
      answers.alert?.email,
    ]);
    const check = await checkRootEmail(address, { ...opts, businessDomain });
    io.line(`root-email: ${address}`);
    printFindings(check.findings, io);
    let target: string | null = null;
    const s = check.suggestion;
    if (s) {
      io.line(`  suggestion: ${s.addresses.join(' or ')}${s.needsDomain ? ' (with your company domain)' : ''}`);
      if (io.interactive && !s.needsDomain && (await io.confirm(`Plan to change the root email to ${s.fill}?`))) target = s.fill;
    }
    const o = rootEmailOutcome({ current: address, target, findings: check.findings });
    return {
      status: o.ok ? 'done' : 'pending',
      summary: o.summary,
      todo: o.todo,
      shared: { rootEmail: target ?? address.trim() },
    };
  };
}

export const headless: HeadlessStep | null = createRootEmailHeadless();
