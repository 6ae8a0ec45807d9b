// `verify --org` (runOrgVerify over the real SDK, against moto's Organizations and role
// sessions): a member's admin role that trusts the organization's management account is
// expected (OrganizationAccountAccessRole, the role verify reads members through); one that
// trusts any other account is still reported, and the management account itself trusts no one.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { preflight } from '../../src/steps/preflight.js';
import { DEFAULT_ORG_ROLE, runOrgVerify } from '../../src/steps/org-verify.js';
import { MOTO_ACCOUNT_ID, useMoto } from '../helpers/moto.js';

useMoto();

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const trust = (aws: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' }] });

/** IAM in a member, through a role session opened here with the SDK (not the code under test). */
async function memberIam(accountId: string): Promise<IAMClient> {
  const out = await new STSClient({ region: 'us-east-1' }).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${DEFAULT_ORG_ROLE}`, RoleSessionName: 'test-setup' }));
  const c = out.Credentials!;
  return new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
}

describe('verify --org: admin roles trusting the management account', () => {
  it("a member's OrganizationAccountAccessRole with AdministratorAccess passes; another account in its trust, or in the management account's, warns", async () => {
    const org = new OrganizationsClient({ region: 'us-east-1' });
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const created = await org.send(new CreateAccountCommand({ Email: 'aws+production@acme.com', AccountName: 'production' }));
    const member = created.CreateAccountStatus!.AccountId!;
    // what AWS creates: the role trusts the management account's root and holds AdministratorAccess (moto's holds nothing)
    const iam = await memberIam(member);
    await iam.send(new AttachRolePolicyCommand({ RoleName: DEFAULT_ORG_ROLE, PolicyArn: ADMIN }));

    const gw = createSdkGateway({});
    const caller = (await preflight(gw, {})).caller;
    const adminsCheck = async (accountId: string) => {
      const result = await runOrgVerify({ aws: gw, caller, now: () => new Date('2026-11-24T12:00:00Z'), roleName: DEFAULT_ORG_ROLE }, { sleep: async () => {} });
      const account = result.accounts.find((a) => a.id === accountId)!;
      expect(account.reachable, account.reason).toBe(true);
      return account.checks.find((c) => c.id === 'admins-via-groups')!;
    };

    const expected = await adminsCheck(member);
    expect(expected.status, expected.detail).toBe('pass');
    expect(expected.detail).toContain(`nor is there an admin role that another account can assume (other than trusted ${MOTO_ACCOUNT_ID})`);

    // the management account's trust is expected only in members: the management account itself trusts no one
    const mgmtIam = new IAMClient({ region: 'us-east-1' });
    await mgmtIam.send(new CreateRoleCommand({ RoleName: 'FromMember', AssumeRolePolicyDocument: trust(`arn:aws:iam::${member}:root`) }));
    await mgmtIam.send(new AttachRolePolicyCommand({ RoleName: 'FromMember', PolicyArn: ADMIN }));
    const inManagement = await adminsCheck(MOTO_ACCOUNT_ID);
    expect(inManagement.status).toBe('warn');
    expect(inManagement.items).toEqual([`role FromMember: account ${member} can assume it (trusts arn:aws:iam::${member}:root), and it has AWS managed AdministratorAccess: * on *`]);

    // another account trusted by a member's admin role is reported, the management account still not
    await iam.send(new CreateRoleCommand({ RoleName: 'Vendor', AssumeRolePolicyDocument: trust('arn:aws:iam::999999999999:root') }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'Vendor', PolicyArn: ADMIN }));
    const vendor = await adminsCheck(member);
    expect(vendor.status).toBe('warn');
    expect(vendor.items).toEqual(['role Vendor: account 999999999999 can assume it (trusts arn:aws:iam::999999999999:root), and it has AWS managed AdministratorAccess: * on *']);
  }, 120_000);
});
