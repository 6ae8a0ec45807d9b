// Everything the day-one flow can create, read back from moto through the SDK, in a form
// two runs can be compared by: no ids, no generated secrets, sorted.
import {
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListPoliciesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  ListVirtualMFADevicesCommand,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { ListSubscriptionsCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { AccountClient, GetAlternateContactCommand } from '@aws-sdk/client-account';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { GetBucketPolicyCommand, GetBucketTaggingCommand, GetPublicAccessBlockCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { motoUrl } from './moto.js';

const creds = { accessKeyId: 'testing', secretAccessKey: 'testing' };

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch {
    return null;
  }
}

export interface AccountState {
  users: unknown[];
  groups: unknown[];
  customerPolicies: string[];
  virtualMfa: { assigned: string[]; unassigned: number };
  aliases: string[];
  passwordPolicy: unknown;
  topics: string[];
  subscriptions: string[];
  rules: unknown[];
  contacts: unknown[];
  trails: unknown[];
  buckets: unknown[];
}

export async function readAccountState(): Promise<AccountState> {
  const cfg = { region: 'us-east-1', endpoint: motoUrl(), credentials: creds };
  const iam = new IAMClient(cfg);
  const sns = new SNSClient(cfg);
  const events = new EventBridgeClient(cfg);
  const account = new AccountClient(cfg);
  const cloudtrail = new CloudTrailClient(cfg);
  const s3 = new S3Client(cfg);
  try {
    const users = [];
    for (const u of (await iam.send(new ListUsersCommand({}))).Users ?? []) {
      const UserName = u.UserName!;
      const tags = (await iam.send(new ListUserTagsCommand({ UserName }))).Tags ?? [];
      users.push({
        name: UserName,
        // a created-at tag differs between two runs only in the time of day
        tags: tags.map((t) => `${t.Key}=${(t.Value ?? '').replace(/T\d\d:\d\d:\d\d(\.\d+)?Z$/, '')}`).sort(),
        groups: ((await iam.send(new ListGroupsForUserCommand({ UserName }))).Groups ?? []).map((g) => g.GroupName).sort(),
        attached: ((await iam.send(new ListAttachedUserPoliciesCommand({ UserName }))).AttachedPolicies ?? []).map((p) => p.PolicyName).sort(),
        inline: ((await iam.send(new ListUserPoliciesCommand({ UserName }))).PolicyNames ?? []).sort(),
        loginProfile: (await orNull(iam.send(new GetLoginProfileCommand({ UserName })))) !== null,
        mfaDevices: ((await iam.send(new ListMFADevicesCommand({ UserName }))).MFADevices ?? []).length,
        accessKeys: ((await iam.send(new ListAccessKeysCommand({ UserName }))).AccessKeyMetadata ?? []).length,
      });
    }
    const groups = [];
    for (const g of (await iam.send(new ListGroupsCommand({}))).Groups ?? []) {
      const GroupName = g.GroupName!;
      groups.push({
        name: GroupName,
        attached: ((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName }))).AttachedPolicies ?? []).map((p) => p.PolicyName).sort(),
        inline: ((await iam.send(new ListGroupPoliciesCommand({ GroupName }))).PolicyNames ?? []).sort(),
      });
    }
    const customerPolicies = ((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies ?? []).map((p) => p.PolicyName!).sort();
    const devices = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' }))).VirtualMFADevices ?? [];
    const topics = ((await sns.send(new ListTopicsCommand({}))).Topics ?? []).map((t) => t.TopicArn!.split(':').pop()!).sort();
    const subscriptions = ((await sns.send(new ListSubscriptionsCommand({}))).Subscriptions ?? [])
      .map((s) => `${s.TopicArn!.split(':').pop()} ${s.Protocol} ${s.Endpoint}`)
      .sort();
    const rules = [];
    for (const r of (await events.send(new ListRulesCommand({}))).Rules ?? []) {
      const targets = (await events.send(new ListTargetsByRuleCommand({ Rule: r.Name! }))).Targets ?? [];
      rules.push({ name: r.Name, state: r.State, pattern: r.EventPattern ? JSON.parse(r.EventPattern) : null, targets: targets.map((t) => t.Arn!.split(':').pop()).sort() });
    }
    const contacts = [];
    for (const AlternateContactType of ['SECURITY', 'BILLING', 'OPERATIONS'] as const) {
      const c = await orNull(account.send(new GetAlternateContactCommand({ AlternateContactType })));
      contacts.push(c?.AlternateContact ? { type: AlternateContactType, email: c.AlternateContact.EmailAddress } : { type: AlternateContactType, none: true });
    }
    const trails = [];
    for (const t of (await cloudtrail.send(new DescribeTrailsCommand({}))).trailList ?? []) {
      const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: t.Name! }));
      const selectors = (await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: t.Name! }))).EventSelectors ?? [];
      trails.push({ name: t.Name, bucket: t.S3BucketName, multiRegion: t.IsMultiRegionTrail, logging: status.IsLogging, selectors });
    }
    const buckets = [];
    for (const b of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
      const Bucket = b.Name!;
      const pab = (await orNull(s3.send(new GetPublicAccessBlockCommand({ Bucket }))))?.PublicAccessBlockConfiguration ?? null;
      const policy = (await orNull(s3.send(new GetBucketPolicyCommand({ Bucket }))))?.Policy;
      const sids = policy ? ((JSON.parse(policy) as { Statement: { Sid?: string }[] }).Statement ?? []).map((x) => x.Sid ?? '').sort() : [];
      const tags = ((await orNull(s3.send(new GetBucketTaggingCommand({ Bucket }))))?.TagSet ?? []).map((x) => x.Key!).sort();
      buckets.push({ name: Bucket, publicAccessBlock: pab, policySids: sids, tags });
    }
    return {
      trails: trails.sort((a, b) => String(a.name).localeCompare(String(b.name))),
      buckets: buckets.sort((a, b) => a.name.localeCompare(b.name)),
      users: users.sort((a, b) => a.name.localeCompare(b.name)),
      groups: groups.sort((a, b) => a.name.localeCompare(b.name)),
      customerPolicies,
      virtualMfa: {
        assigned: devices.filter((d) => d.User).map((d) => d.User!.UserName!).sort(),
        unassigned: devices.filter((d) => !d.User).length,
      },
      aliases: (await iam.send(new ListAccountAliasesCommand({}))).AccountAliases ?? [],
      passwordPolicy: (await orNull(iam.send(new GetAccountPasswordPolicyCommand({}))))?.PasswordPolicy ?? null,
      topics,
      subscriptions,
      rules: rules.sort((a, b) => String(a.name).localeCompare(String(b.name))),
      contacts,
    };
  } finally {
    iam.destroy();
    sns.destroy();
    events.destroy();
    account.destroy();
    cloudtrail.destroy();
    s3.destroy();
  }
}

/** The scripted day-one flow's answers (README's example). */
export const DAY_ONE_ANSWERS = {
  rootEmail: 'aws+production@acme.com',
  contacts: {
    security: { name: 'Security team', title: 'Security', email: 'security@acme.com', phone: '+14155550100' },
    billing: { name: 'Finance', title: 'Billing', email: 'billing@acme.com', phone: '+14155550101' },
    operations: { name: 'Ops on call', title: 'Ops', email: 'ops@acme.com', phone: '+14155550102' },
  },
  admin: { userName: 'alice', accountAlias: 'acme-production' },
  rootHolders: ['Alice Doe', 'Bob Roe'],
  reminder: { icsPath: 'mvsp-root-check.ics', start: '2026-12-07', githubWorkflowPath: null, cron: true },
  alert: { enabled: true, email: 'security@acme.com' },
};
