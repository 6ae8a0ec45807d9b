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
  /**
   * The ids of the actions of the same plan this one waits for, in place of every action
   * of an earlier phase: it starts as soon as those are done, and is not run when one of
   * them fails. An id not in the plan is something found in place. [] waits for nothing.
   */
  needs?: string[];
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
  /** not attempted because an action it waits for failed (or was not done), or the run was aborted */
  notDone: Action[];
}

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

export interface CheckResult {
  id: string;
  status: CheckStatus;
  title: string;
  detail: string;
  fix?: string;
  /** every entry the detail names, in full (the detail names at most 4 or 5, then "and N more"): user names, holders, device names or findings */
  items?: string[];
}
