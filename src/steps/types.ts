// Shared shapes for every step: inspect(ctx) → state, plan(state, answers) → actions,
// apply(actions) with progress events, verify(state) → checks. No UI here.
import type { CallerIdentity, Gateway } from '../aws/port.js';
import type { AwsError } from '../aws/errors.js';

export interface StepContext {
  aws: Gateway;
  caller: CallerIdentity;
  /** the clock; tests pass a fixed one */
  now: () => Date;
  /** randomness for passwords etc.; tests pass a seeded one */
  randomBytes: (n: number) => Uint8Array;
  signal?: AbortSignal;
}

/** One change to the account, named by the AWS call that makes it. */
export interface Action {
  id: string;
  /** the AWS API call, e.g. iam:CreateUser */
  call: string;
  /** what a person reads in the plan, e.g. "Create IAM user alice" */
  summary: string;
  /**
   * Actions with the same phase do not depend on each other and run concurrently;
   * phases run in ascending order.
   */
  phase: number;
  run: (ctx: StepContext) => Promise<void>;
}

/** Something that is already in place, shown in the plan as "already done". */
export interface Existing {
  summary: string;
}

export interface Plan {
  actions: Action[];
  existing: Existing[];
  /** things the plan will not do, with why (e.g. a stronger password policy kept) */
  notes?: string[];
}

export type ProgressEvent =
  | { type: 'start'; action: Action }
  | { type: 'done'; action: Action; ms: number }
  | { type: 'failed'; action: Action; ms: number; error: AwsError | Error }
  | { type: 'skipped'; action: Action; reason: string };

export interface ApplyResult {
  ok: boolean;
  done: Action[];
  failed: { action: Action; error: AwsError | Error }[];
  /** not attempted because an earlier phase failed or the run was aborted */
  notDone: Action[];
}

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

export interface CheckResult {
  id: string;
  status: CheckStatus;
  title: string;
  detail: string;
  fix?: string;
}
