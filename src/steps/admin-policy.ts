// Is a policy admin-equivalent? Judged from its statements (IAM JSON policy reference:
// Action / NotAction, Resource): Allow `*` on `*`, `iam:*` on `*` (IAM can grant itself
// the rest), or NotAction on `*` that leaves IAM allowed. Plus the AWS managed policies
// known to grant that much, recognised by ARN (their documents are not read).
import type { PolicyDocument, PolicyStatement } from '../aws/port.js';

/** AWS managed policies that are admin-equivalent, by name (arn:PARTITION:iam::aws:policy/NAME). */
export const AWS_ADMIN_POLICIES: Readonly<Record<string, string>> = {
  AdministratorAccess: 'AWS managed AdministratorAccess: * on *',
  IAMFullAccess: 'AWS managed IAMFullAccess: iam:* on *, so it can grant itself anything',
  'AdministratorAccess-Amplify': 'AWS managed AdministratorAccess-Amplify: broad IAM and service rights',
  'AdministratorAccess-AWSElasticBeanstalk': 'AWS managed AdministratorAccess-AWSElasticBeanstalk: broad IAM and service rights',
};

const AWS_MANAGED = /^arn:aws[\w-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

/** Why an AWS managed policy is admin-equivalent, or null (not AWS managed, or not known as such). */
export function awsManagedAdmin(arn: string): string | null {
  const m = AWS_MANAGED.exec(arn);
  return m ? (AWS_ADMIN_POLICIES[m[1]!] ?? null) : null;
}

export function isAwsManaged(arn: string): boolean {
  return AWS_MANAGED.test(arn);
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function onEverything(s: PolicyStatement): boolean {
  return list(s.Resource).includes('*');
}

/** Why one statement is admin-equivalent, or null. */
export function adminStatement(s: PolicyStatement): string | null {
  if (s.Effect !== 'Allow' || !onEverything(s)) return null;
  const actions = list(s.Action).map((a) => a.toLowerCase());
  if (actions.includes('*')) return 'Allow * on *';
  if (actions.includes('iam:*')) return 'Allow iam:* on * (it can grant itself anything)';
  const notActions = list(s.NotAction).map((a) => a.toLowerCase());
  if (s.NotAction !== undefined && !notActions.some((a) => a === '*' || a === 'iam:*')) {
    return `Allow everything but ${list(s.NotAction).join(', ')} on * (NotAction)`;
  }
  return null;
}

/** The reasons a policy document is admin-equivalent; empty when it is not. */
export function adminGrants(doc: PolicyDocument): string[] {
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement as unknown as PolicyStatement];
  return [...new Set(statements.map(adminStatement).filter((r): r is string => r !== null))];
}
