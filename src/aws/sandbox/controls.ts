// Demo-only levers: what a person would do outside the API (the console, an inbox),
// plus a look at the state for tests. Not part of the Gateway.
import type { Trail } from '../port.js';
import { fail, type SandboxContext } from './context.js';
import { newAccessKey, requireUser, rootHasMfa } from './iam.js';
import { currentCode, newSeed } from './mfa.js';
import type { SandboxState } from './state.js';

export type DeepReadonly<T> = T extends Date
  ? Date
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

export interface SandboxControls {
  /** Root assigns an MFA device in the console (no API can). Returns the device serial. */
  enableRootMfa(kind: 'virtual' | 'hardware'): string;
  /** A user registers a security key (FIDO) in the console, which no API can. Returns the device serial. */
  addUserSecurityKey(userName: string): string;
  /** Root removes every MFA device it has, in the console. */
  disableRootMfa(): void;
  /** Root creates an access key in the console; returns its id (at most two, as in AWS). */
  addRootAccessKey(): string;
  /** iam:CreateAccessKey for an IAM user, which the gateway never does; returns the key id. */
  addAccessKey(userName: string): string;
  /**
   * iam:UploadSSHPublicKey, CreateServiceSpecificCredential (serviceName, e.g.
   * codecommit.amazonaws.com) or UploadSigningCertificate for an IAM user, which the gateway
   * never does; Active. Returns the new id.
   */
  addUserCredential(userName: string, kind: 'ssh-public-key' | 'service-specific-credential' | 'signing-certificate', serviceName?: string): string;
  /** Records a console sign-in with a password: root when userName is omitted. */
  signIn(userName?: string): void;
  /** The recipient clicks the link in the confirmation email. Returns how many were confirmed. */
  confirmSubscription(topicArn: string, endpoint?: string): number;
  /** The code an authenticator app shows right now for a virtual device. */
  currentMfaCode(serial: string): string;
  /**
   * A trail someone else already set up. Without `s3BucketName` it writes to a bucket of
   * this account made for it (NAME-logs-ACCOUNTID); a given name is taken as is (addBucket
   * makes that bucket, or another account's).
   */
  addTrail(trail: Pick<Trail, 'name'> & Partial<Trail>): Trail;
  /** An S3 bucket made outside the tool; `owner` another account id takes the name away from this one. */
  addBucket(name: string, owner?: string): void;
  /** Makes later calls come from an IAM user (null: back to root). */
  actAs(userName: string | null): void;
  /** A deep copy of the whole account, for tests. */
  snapshot(): DeepReadonly<SandboxState>;
  /** Changes how long each call takes (0: instant, e.g. while setting up a demo account). */
  setLatency(ms: number): void;
}

export function createControls(ctx: SandboxContext): Omit<SandboxControls, 'setLatency'> {
  const { state } = ctx;
  return {
    enableRootMfa(kind) {
      if (kind === 'virtual') {
        const existing = state.virtualMfaDevices.find((d) => d.assignedTo?.kind === 'root');
        if (existing) return existing.serial;
        // The console names root's device after the root user.
        const serial = `arn:aws:iam::${state.accountId}:mfa/root-account-mfa-device`;
        state.virtualMfaDevices = state.virtualMfaDevices.filter((d) => d.serial !== serial);
        state.virtualMfaDevices.push({
          serial,
          seed: newSeed(ctx.random),
          tags: {},
          createdAt: ctx.now(),
          assignedTo: { kind: 'root' },
          enabledAt: ctx.now(),
        });
        return serial;
      }
      const existing = state.hardwareMfaDevices.find((d) => d.owner.kind === 'root');
      if (existing) return existing.serial;
      const digits = [...ctx.random(8)].map((b) => String(b % 10)).join('');
      const serial = `GAHT${digits}`;
      state.hardwareMfaDevices.push({ serial, owner: { kind: 'root' }, enabledAt: ctx.now() });
      return serial;
    },

    addUserSecurityKey(userName) {
      requireUser(state, 'iam:EnableMFADevice', userName);
      const serial = `arn:aws:iam::${state.accountId}:u2f/user/${userName}/key-${[...ctx.random(6)].map((b) => (b % 36).toString(36)).join('')}`;
      state.hardwareMfaDevices.push({ serial, owner: { kind: 'user', userName }, enabledAt: ctx.now() });
      return serial;
    },

    disableRootMfa() {
      if (!rootHasMfa(state)) return;
      state.virtualMfaDevices = state.virtualMfaDevices.filter((d) => d.assignedTo?.kind !== 'root');
      state.hardwareMfaDevices = state.hardwareMfaDevices.filter((d) => d.owner.kind !== 'root');
    },

    addRootAccessKey() {
      return newAccessKey(ctx, 'iam:CreateAccessKey', state.root.accessKeys).id;
    },

    addAccessKey(userName) {
      const user = requireUser(state, 'iam:CreateAccessKey', userName);
      return newAccessKey(ctx, 'iam:CreateAccessKey', user.accessKeys).id;
    },

    addUserCredential(userName, kind, serviceName = 'codecommit.amazonaws.com') {
      const user = requireUser(state, 'iam:UploadSSHPublicKey', userName);
      const suffix = newSeed(() => ctx.random(10)).slice(0, 16);
      const base = { status: 'Active' as const, createdAt: ctx.now() };
      if (kind === 'ssh-public-key') {
        const id = `APKA${suffix}`;
        (user.sshPublicKeys ??= []).push({ id, ...base });
        return id;
      }
      if (kind === 'service-specific-credential') {
        const id = `ACCA${suffix}`;
        (user.serviceSpecificCredentials ??= []).push({ id, serviceName, ...base });
        return id;
      }
      const id = suffix.padEnd(32, 'A');
      (user.signingCertificates ??= []).push({ id, ...base });
      return id;
    },

    signIn(userName) {
      if (userName === undefined) {
        state.root.passwordLastUsed = ctx.now();
        return;
      }
      const user = requireUser(state, 'signin:ConsoleLogin', userName);
      if (!user.loginProfile) fail('InvalidInput', 'signin:ConsoleLogin', 'NoLoginProfile', `${user.name} has no console password.`);
      user.passwordLastUsed = ctx.now();
    },

    confirmSubscription(topicArn, endpoint) {
      const topic = state.topics.find((t) => t.arn === topicArn);
      if (!topic) return fail('NotFound', 'sns:ConfirmSubscription', 'NotFound', 'Topic does not exist');
      const pending = topic.subscriptions.filter((s) => !s.confirmed && (endpoint === undefined || s.endpoint === endpoint));
      for (const s of pending) s.confirmed = true;
      return pending.length;
    },

    currentMfaCode(serial) {
      const device = state.virtualMfaDevices.find((d) => d.serial === serial);
      if (!device) return fail('NotFound', 'iam:ListVirtualMFADevices', 'NoSuchEntity', `VirtualMFADevice with serial number ${serial} doesn't exist.`);
      return currentCode(device.seed, ctx.now());
    },

    addTrail(input) {
      const ownBucket = `${input.name.toLowerCase()}-logs-${state.accountId}`;
      const trail: Trail = {
        arn: `arn:aws:cloudtrail:${state.region}:${state.accountId}:trail/${input.name}`,
        homeRegion: state.region,
        isMultiRegion: true,
        includeGlobalServiceEvents: true,
        isLogging: true,
        logsManagementEvents: true,
        s3BucketName: ownBucket,
        ...input,
      };
      if (input.s3BucketName === undefined && !state.buckets.some((b) => b.name === ownBucket)) this.addBucket(ownBucket);
      state.trails.push(trail);
      return structuredClone(trail);
    },

    addBucket(name, owner = state.accountId) {
      state.buckets.push({
        name,
        region: state.region,
        owner,
        publicAccessBlock: null,
        encryption: ['AES256'],
        objectOwnership: null,
        policy: null,
        tags: {},
      });
    },

    actAs(userName) {
      state.caller = userName === null ? { kind: 'root' } : { kind: 'user', userName: requireUser(state, 'sts:GetCallerIdentity', userName).name };
    },

    snapshot() {
      return structuredClone(state);
    },
  };
}
