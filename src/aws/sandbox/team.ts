// A demo account some weeks after day one: a small team, so that onboarding and
// offboarding have something to show. Built through the gateway itself, so it obeys
// the same rules as anything the tool does.
import type { PasswordPolicy, PolicyDocument } from '../port.js';
import { currentCode } from './mfa.js';
import type { SandboxGateway } from './index.js';

/** The customer managed MFA guard, passed in by the caller (the sandbox knows no steps). */
export interface TeamPolicy {
  name: string;
  description: string;
  document: PolicyDocument;
  /** the account password policy the team's account has */
  passwordPolicy: PasswordPolicy;
}

export const TEAM_DOMAIN = 'acme.com';

const MEMBERS = [
  { name: 'alice', group: 'Administrators', mfa: true, key: false },
  { name: 'dana', group: 'Administrators', mfa: true, key: false },
  { name: 'bob', group: 'Developers', mfa: true, key: true },
  { name: 'carol', group: 'Developers', mfa: false, key: false },
] as const;

/** `now` must be the sandbox's clock (MFA codes are checked against it). */
export async function seedTeam(gw: SandboxGateway, requireMfa: TeamPolicy, now: Date = new Date(), alias = 'acme-demo'): Promise<void> {
  const { iam } = gw;
  const tags = { 'mvsp-setup:created-by': `arn:aws:iam::${(await gw.sts.getCallerIdentity()).accountId}:root`, 'mvsp-setup:created-at': now.toISOString() };
  const policy = await iam.createPolicy({ name: requireMfa.name, description: requireMfa.description, document: requireMfa.document, tags });
  await iam.updatePasswordPolicy(requireMfa.passwordPolicy);
  await iam.createAccountAlias(alias);
  for (const [group, managed] of [
    ['Administrators', 'AdministratorAccess'],
    ['Developers', 'PowerUserAccess'],
  ] as const) {
    await iam.createGroup(group);
    await iam.attachGroupPolicy(group, policy.arn);
    await iam.attachGroupPolicy(group, `arn:aws:iam::aws:policy/${managed}`);
  }
  for (const m of MEMBERS) {
    await iam.createUser(m.name, { ...tags, email: `${m.name}@${TEAM_DOMAIN}` });
    await iam.addUserToGroup(m.group, m.name);
    await iam.createLoginProfile(m.name, `Demo-${m.name}-Passw0rd!`, false);
    if (m.mfa) {
      const device = await iam.createVirtualMfaDevice(`${m.name}-phone`, {});
      const seed = new TextDecoder().decode(device.base32Seed);
      // two consecutive codes, as a person would type them half a minute apart
      const code1 = currentCode(seed, new Date(now.getTime() - 30_000));
      const code2 = currentCode(seed, now);
      await iam.enableMfaDevice(m.name, device.serial, code1, code2);
    }
    if (m.key) gw.controls.addAccessKey(m.name);
  }
}

/**
 * A demo account for `mfa --demo`: alice and bob have a console password and no MFA yet;
 * carol already has MFA; the virtual device named alice still belongs to alice-2019 (a
 * former alice, renamed), so enrolling alice shows how a held device name is handled.
 */
export async function seedMfaUsers(gw: SandboxGateway, now: Date = new Date()): Promise<void> {
  const { iam } = gw;
  const tags = { 'mvsp-setup:created-by': `arn:aws:iam::${(await gw.sts.getCallerIdentity()).accountId}:root`, 'mvsp-setup:created-at': now.toISOString() };
  const enrol = async (userName: string, deviceName: string) => {
    const device = await iam.createVirtualMfaDevice(deviceName, {});
    const seed = new TextDecoder().decode(device.base32Seed);
    await iam.enableMfaDevice(userName, device.serial, currentCode(seed, new Date(now.getTime() - 30_000)), currentCode(seed, now));
  };
  for (const name of ['alice-2019', 'alice', 'bob', 'carol']) {
    await iam.createUser(name, { ...tags, email: `${name}@${TEAM_DOMAIN}` });
    await iam.createLoginProfile(name, `Demo-${name}-Passw0rd!`, false);
  }
  await enrol('alice-2019', 'alice');
  await enrol('carol', 'carol');
}
