// A plan that adds someone to an admin group says so, in the line front end (--ci and
// --plain print planLines). Groups are made in moto with the SDK: admin rights by the AWS
// managed AdministratorAccess, by an inline policy, by a customer managed policy; and a
// group that only reads, which must not warn.
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  IAMClient,
  ListGroupsForUserCommand,
  PutGroupPolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { createSession } from '../../src/session.js';
import { onboardLines, type OnboardRequest } from '../../src/commands/onboard-lines.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { MOTO_ACCOUNT_ID, useMoto } from '../helpers/moto.js';
import { seededBytes } from '../helpers/random.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const iam = () => new IAMClient({ region: 'us-east-1' });

async function run(engineers: OnboardRequest['engineers'], yes: boolean) {
  const out: string[] = [];
  const session = createSession({ demo: false, gateway: createSdkGateway({}), now: () => NOW, randomBytes: seededBytes(3) });
  const code = await onboardLines(
    session,
    { source: null, emailDomain: 'acme.com', welcomeFile: null, includePassword: false, engineers, bad: [] },
    ciIO((t) => out.push(t), { ci: true, yes }),
  );
  return { code, out: out.join('') };
}

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

describe('onboard: the plan warns when someone joins an admin group', () => {
  it('a new Administrators group (AdministratorAccess) is named as an admin group on the plan', async () => {
    const r = await run([{ name: 'erin', email: 'erin@acme.com', group: 'Administrators' }], false);
    expect(r.out).toContain('⚠ Admin rights: erin joins Administrators, an admin group (AWS managed AdministratorAccess: * on *).');
    // without --yes nothing was applied
    await expect(iam().send(new ListGroupsForUserCommand({ UserName: 'erin' }))).rejects.toThrow();
  });

  it('an existing group with an inline iam:* policy, and one with a customer managed * policy, both warn; a read-only group does not', async () => {
    const c = iam();
    await c.send(new CreateGroupCommand({ GroupName: 'Platform' }));
    await c.send(new PutGroupPolicyCommand({ GroupName: 'Platform', PolicyName: 'platform-iam', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) }));
    await c.send(new CreateGroupCommand({ GroupName: 'Ops' }));
    const policy = await c.send(new CreatePolicyCommand({ PolicyName: 'ops-everything', PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
    await c.send(new AttachGroupPolicyCommand({ GroupName: 'Ops', PolicyArn: policy.Policy!.Arn! }));
    await c.send(new CreateGroupCommand({ GroupName: 'Readers' }));
    await c.send(new AttachGroupPolicyCommand({ GroupName: 'Readers', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));

    const r = await run(
      [
        { name: 'pia', email: 'pia@acme.com', group: 'Platform' },
        { name: 'oli', email: 'oli@acme.com', group: 'Ops' },
        { name: 'ole', email: 'ole@acme.com', group: 'Ops' },
        { name: 'rae', email: 'rae@acme.com', group: 'Readers' },
      ],
      true,
    );
    const warnings = r.out.split('\n').filter((l) => l.includes('Admin rights'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/⚠ Admin rights: pia joins Platform, an admin group \(inline policy platform-iam: Allow iam:\* on \*/);
    expect(warnings[1]).toMatch(/⚠ Admin rights: oli, ole join Ops, an admin group \(customer managed policy ops-everything: Allow \* on \*\)/);
    expect(r.out).not.toMatch(/Admin rights[^\n]*rae/);
    // the warning is on the plan, before anything is applied
    expect(r.out.indexOf('Admin rights')).toBeLessThan(r.out.indexOf('✔'));
    expect(r.code).toBe(0);
  });

  it('an existing group allowed sts:AssumeRole on an admin role that trusts the account warns; on a service role it does not', async () => {
    const c = iam();
    const trust = (Principal: object) => doc({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole' });
    await c.send(new CreateRoleCommand({ RoleName: 'Admin', AssumeRolePolicyDocument: trust({ AWS: MOTO_ACCOUNT_ID }) }));
    await c.send(new AttachRolePolicyCommand({ RoleName: 'Admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await c.send(new CreateRoleCommand({ RoleName: 'lambda-admin', AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) }));
    await c.send(new AttachRolePolicyCommand({ RoleName: 'lambda-admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await c.send(new CreateGroupCommand({ GroupName: 'ops' }));
    await c.send(new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'hop', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/Admin` }) }));
    await c.send(new CreateGroupCommand({ GroupName: 'builders' }));
    await c.send(new PutGroupPolicyCommand({ GroupName: 'builders', PolicyName: 'hop', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/lambda-*` }) }));

    const r = await run(
      [
        { name: 'erin', email: 'erin@acme.com', group: 'ops' },
        { name: 'bo', email: 'bo@acme.com', group: 'builders' },
      ],
      false,
    );
    const warnings = r.out.split('\n').filter((l) => l.includes('Admin rights'));
    expect(warnings).toEqual([
      `onboard: ⚠ Admin rights: erin joins ops, an admin group (inline policy hop: Allow sts:AssumeRole on arn:aws:iam::${MOTO_ACCOUNT_ID}:role/Admin: it can become role Admin, which trusts the account root, has AWS managed AdministratorAccess: * on *).`,
    ]);
  });

  it('Developers (PowerUserAccess) warns, new or existing, when an admin role trusts the account root: it allows sts:AssumeRole', async () => {
    const c = iam();
    await c.send(
      new CreateRoleCommand({
        RoleName: 'Admin',
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }),
      }),
    );
    await c.send(new AttachRolePolicyCommand({ RoleName: 'Admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const warning = (who: string) =>
      `onboard: ⚠ Admin rights: ${who} joins Developers, an admin group (AWS managed PowerUserAccess: Allow NotAction iam:*, organizations:*, account:* on *, which allows sts:AssumeRole: it can become role Admin, which trusts the account root, has AWS managed AdministratorAccess: * on *).`;

    // no Developers group yet: the plan would create it with PowerUserAccess
    const first = await run([{ name: 'erin', email: 'erin@acme.com', group: 'Developers' }], true);
    expect(first.out.split('\n').filter((l) => l.includes('Admin rights'))).toEqual([warning('erin')]);
    expect(first.out.indexOf('Admin rights')).toBeLessThan(first.out.indexOf('✔'));
    const made = await c.send(new ListGroupsForUserCommand({ UserName: 'erin' }));
    expect(made.Groups!.map((g) => g.GroupName)).toEqual(['Developers']);

    // the group now exists (made by the run above, PowerUserAccess attached): judged from IAM
    const second = await run([{ name: 'finn', email: 'finn@acme.com', group: 'Developers' }], false);
    expect(second.out.split('\n').filter((l) => l.includes('Admin rights'))).toEqual([warning('finn')]);
  });

  it('Developers (PowerUserAccess) with no admin role that trusts the account is not an admin group: no warning', async () => {
    const r = await run([{ name: 'dev', email: 'dev@acme.com', group: 'Developers' }], false);
    expect(r.out).toContain('Add dev to group Developers');
    expect(r.out).not.toContain('Admin rights');
  });
});
