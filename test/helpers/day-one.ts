// The day-one flow's fixtures: one answers document with every key, a gateway decorator
// that writes down what the tool called (and the MFA seed AWS handed out), and the end
// state read back with the SDK's own clients, not through the gateway under test.
import { AccountClient, GetAlternateContactCommand } from '@aws-sdk/client-account';
import { DescribeRuleCommand, EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import {
  GetAccountPasswordPolicyCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { HOTP, Secret, TOTP } from 'otpauth';
import { join } from 'node:path';
import type { Answers } from '../../src/answers.js';
import type { Gateway } from '../../src/aws/port.js';

export function dayOneAnswers(dir: string): Answers {
  return {
    rootEmail: 'aws+production@acme.com',
    contacts: {
      security: { name: 'Security team', title: 'Security', email: 'security@acme.com', phone: '+14155550100' },
      billing: { name: 'Finance', title: 'Billing', email: 'billing@acme.com', phone: '+14155550101' },
      operations: { name: 'Ops on call', title: 'Ops', email: 'ops@acme.com', phone: '+14155550102' },
    },
    admin: { userName: 'alice', accountAlias: 'acme-production' },
    rootHolders: ['Alice Doe', 'Bob Roe'],
    passwordPlace: 'Founders vault',
    mfaDevices: ['YubiKey on keyring', ''],
    reminder: { icsPath: join(dir, 'mvsp-root-check.ics'), start: '2026-12-07', githubWorkflowPath: join(dir, 'mvsp-verify.yml'), cron: true },
    alert: { enabled: true, email: 'security@acme.com' },
  };
}

/** Calls that change an account (every port method whose name starts like this). */
export const MUTATING = /^(create|put|attach|add|update|enable|subscribe|set|tag|delete|remove|detach|deactivate)/;

export interface Recorder {
  /** "iam.createUser", in call order */
  calls: string[];
  /** base32 seeds of the virtual MFA devices created, by serial */
  seeds: Map<string, string>;
  mutations: () => string[];
}

/** Wrap every port of a gateway so each call is recorded; the tool cannot tell the difference. */
export function recordingGateway(inner: Gateway): { gateway: Gateway; rec: Recorder } {
  const rec: Recorder = { calls: [], seeds: new Map(), mutations: () => rec.calls.filter((c) => MUTATING.test(c.split('.')[1]!)) };
  const wrapPort = <T extends object>(portName: string, port: T): T =>
    new Proxy(port, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function' || typeof prop !== 'string') return v;
        return async (...args: unknown[]) => {
          rec.calls.push(`${portName}.${prop}`);
          const out = (await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
          if (portName === 'iam' && prop === 'createVirtualMfaDevice') {
            const d = out as { serial: string; base32Seed: Uint8Array };
            rec.seeds.set(d.serial, new TextDecoder().decode(d.base32Seed));
          }
          return out;
        };
      },
    });
  const gateway = new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop === 'string' && v && typeof v === 'object') return wrapPort(prop, v);
      return v;
    },
  });
  return { gateway, rec };
}

/** The code an authenticator app shows at `at`, and the one after it. */
export function twoCodes(seed: string, at: Date): [string, string] {
  const counter = TOTP.counter({ timestamp: at.getTime() });
  const secret = Secret.fromBase32(seed.replace(/\s+/g, ''));
  return [HOTP.generate({ secret, counter }), HOTP.generate({ secret, counter: counter + 1 })];
}

const region = 'us-east-1';

/** Everything the day-one flow creates, read back through the SDK (names and links, no dates). */
export async function readEndState() {
  const iam = new IAMClient({ region });
  const account = new AccountClient({ region });
  const sns = new SNSClient({ region });
  const events = new EventBridgeClient({ region });

  const users = ((await iam.send(new ListUsersCommand({}))).Users ?? []).map((u) => u.UserName!).sort();
  const userTags = Object.fromEntries(
    await Promise.all(users.map(async (u) => [u, ((await iam.send(new ListUserTagsCommand({ UserName: u }))).Tags ?? []).map((t) => t.Key!).sort()] as const)),
  );
  const group = await iam.send(new GetGroupCommand({ GroupName: 'Administrators' })).catch(() => null);
  const groupPolicies = group ? ((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Administrators' }))).AttachedPolicies ?? []).map((p) => p.PolicyArn!).sort() : [];
  const requireMfa = groupPolicies.find((a) => !a.startsWith('arn:aws:iam::aws:'));
  let requireMfaDocument: unknown = null;
  if (requireMfa) {
    const pol = (await iam.send(new GetPolicyCommand({ PolicyArn: requireMfa }))).Policy!;
    const ver = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: requireMfa, VersionId: pol.DefaultVersionId! }))).PolicyVersion!;
    requireMfaDocument = JSON.parse(decodeURIComponent(ver.Document!));
  }
  const perUser = Object.fromEntries(
    await Promise.all(
      users.map(async (u) => {
        const login = await iam.send(new GetLoginProfileCommand({ UserName: u })).then(
          () => true,
          () => false,
        );
        const direct = ((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: u }))).AttachedPolicies ?? []).map((p) => p.PolicyArn!);
        const mfa = ((await iam.send(new ListMFADevicesCommand({ UserName: u }))).MFADevices ?? []).map((d) => d.SerialNumber!);
        return [u, { login, direct, mfa }] as const;
      }),
    ),
  );
  const passwordPolicy = (await iam.send(new GetAccountPasswordPolicyCommand({})).catch(() => null))?.PasswordPolicy ?? null;
  const aliases = (await iam.send(new ListAccountAliasesCommand({}))).AccountAliases ?? [];

  const contacts = Object.fromEntries(
    await Promise.all(
      (['SECURITY', 'BILLING', 'OPERATIONS'] as const).map(async (type) => {
        const c = (await account.send(new GetAlternateContactCommand({ AlternateContactType: type })).catch(() => null))?.AlternateContact;
        return [type, c ? { name: c.Name, title: c.Title, email: c.EmailAddress, phone: c.PhoneNumber } : null] as const;
      }),
    ),
  );

  const topicArns = ((await sns.send(new ListTopicsCommand({}))).Topics ?? []).map((t) => t.TopicArn!).sort();
  const topics = await Promise.all(
    topicArns.map(async (arn) => {
      const attrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes ?? {};
      const policy = JSON.parse(attrs.Policy ?? '{"Statement":[]}') as { Statement: { Principal?: { Service?: string }; Action?: string; Condition?: unknown }[] };
      const subs = ((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }))).Subscriptions ?? []).map((s) => `${s.Protocol}:${s.Endpoint}`).sort();
      return { arn, eventsMayPublish: policy.Statement.filter((s) => s.Principal?.Service === 'events.amazonaws.com' && s.Action === 'sns:Publish').map((s) => s.Condition), subs };
    }),
  );
  const ruleNames = ((await events.send(new ListRulesCommand({}))).Rules ?? []).map((r) => r.Name!).sort();
  const rules = await Promise.all(
    ruleNames.map(async (name) => {
      const r = await events.send(new DescribeRuleCommand({ Name: name }));
      const targets = ((await events.send(new ListTargetsByRuleCommand({ Rule: name }))).Targets ?? []).map((t) => t.Arn!).sort();
      return { name, state: r.State, pattern: JSON.parse(r.EventPattern ?? '{}') as unknown, targets };
    }),
  );

  return {
    users,
    userTags,
    group: group ? { members: (group.Users ?? []).map((u) => u.UserName!).sort(), policies: groupPolicies } : null,
    requireMfaDocument,
    perUser,
    passwordPolicy,
    aliases,
    contacts,
    topics,
    rules,
  };
}

export type EndState = Awaited<ReturnType<typeof readEndState>>;

/** The end state with the admin's MFA device taken out: what a run without a person can reach. */
export function withoutMfa(s: EndState): EndState {
  return { ...s, perUser: Object.fromEntries(Object.entries(s.perUser).map(([u, v]) => [u, { ...v, mfa: [] }])) };
}
