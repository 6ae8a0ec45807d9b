// The session for the team commands (onboard, offboard). In --demo the sandbox starts
// as an account some weeks after day one, with a small team to add to and remove from.
import type { CommandContext } from './types.js';
import { createSession, type Session } from '../session.js';
import type { TeamPolicy } from '../aws/index.js';

export interface TeamSession {
  session: Session;
  /** in --demo, the sandbox's root holders (the real ones come from the local record) */
  demoRootHolders: string[] | null;
}

export const DEMO_ROOT_HOLDERS = ['Alice Doe', 'Dana Roe'];

export async function teamSession(ctx: CommandContext): Promise<TeamSession> {
  const { flags } = ctx.args;
  const demo = flags.demo === true;
  const base = {
    demo,
    profile: typeof flags.profile === 'string' ? flags.profile : undefined,
    region: typeof flags.region === 'string' ? flags.region : undefined,
    env: ctx.env,
    now: ctx.now,
  };
  if (!demo) return { session: createSession(base), demoRootHolders: null };
  const [{ openDemoGateway }, policy] = await Promise.all([import('../aws/index.js'), demoTeamPolicy()]);
  const gateway = await openDemoGateway({ kind: 'team', policy }, ctx.now);
  return { session: createSession({ ...base, gateway }), demoRootHolders: DEMO_ROOT_HOLDERS };
}

/** What the demo team's account was set up with: the admin step's own policies. */
export async function demoTeamPolicy(): Promise<TeamPolicy> {
  const [mfa, admin] = await Promise.all([import('../steps/require-mfa-policy.js'), import('../steps/admin-user.js')]);
  return {
    name: mfa.REQUIRE_MFA_POLICY_NAME,
    description: mfa.REQUIRE_MFA_POLICY_DESCRIPTION,
    document: mfa.REQUIRE_MFA_POLICY_DOCUMENT,
    passwordPolicy: admin.BASELINE_PASSWORD_POLICY,
  };
}
