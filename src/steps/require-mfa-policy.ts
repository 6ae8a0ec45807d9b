// The customer managed policy that forces MFA: AWS's documented example "Allows
// MFA-authenticated IAM users to manage their own MFA device on the Security
// credentials page" (reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only).
// Without MFA in the session it denies everything except what is needed to enrol
// and use an MFA device.
import type { PolicyDocument, PolicyStatement } from '../aws/port.js';

export const REQUIRE_MFA_POLICY_NAME = 'RequireMFA';

export const REQUIRE_MFA_POLICY_DESCRIPTION =
  'Created by mvsp-setup. Denies every action except MFA self-management and a password change until the user signs in with MFA (AWS example: self-manage MFA).';

export function requireMfaPolicyArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:policy/${REQUIRE_MFA_POLICY_NAME}`;
}

export const REQUIRE_MFA_POLICY_DOCUMENT: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowViewAccountInfo',
      Effect: 'Allow',
      Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'],
      Resource: '*',
    },
    {
      Sid: 'AllowManageOwnVirtualMFADevice',
      Effect: 'Allow',
      Action: ['iam:CreateVirtualMFADevice'],
      Resource: 'arn:aws:iam::*:mfa/*',
    },
    {
      Sid: 'AllowManageOwnUserMFA',
      Effect: 'Allow',
      Action: [
        'iam:ChangePassword',
        'iam:DeactivateMFADevice',
        'iam:EnableMFADevice',
        'iam:GetUser',
        'iam:GetMFADevice',
        'iam:ListMFADevices',
        'iam:ResyncMFADevice',
      ],
      Resource: 'arn:aws:iam::*:user/${aws:username}',
    },
    {
      Sid: 'DenyAllExceptListedIfNoMFA',
      Effect: 'Deny',
      // AWS's example leaves out ChangePassword and GetAccountPasswordPolicy; its own note says
      // to add them when users must reset their password at first sign-in, as ours must.
      NotAction: [
        'iam:ChangePassword',
        'iam:CreateVirtualMFADevice',
        'iam:EnableMFADevice',
        'iam:GetAccountPasswordPolicy',
        'iam:GetUser',
        'iam:ListMFADevices',
        'iam:ListVirtualMFADevices',
        'iam:ResyncMFADevice',
        'sts:GetSessionToken',
      ],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
    {
      // The statement above exempts the MFA actions on every user: with an admin policy
      // beside it, a session without MFA could put its own device on another user (an
      // admin who has not enrolled yet) and sign in as them. Without MFA, only one's own.
      Sid: 'DenyOthersMFAIfNoMFA',
      Effect: 'Deny',
      Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
      NotResource: 'arn:aws:iam::*:user/${aws:username}',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

function list(v: string | string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? [...v] : [v]).sort();
}

function normalStatement(s: PolicyStatement): unknown {
  return {
    Sid: s.Sid ?? null,
    Effect: s.Effect,
    Action: list(s.Action) ?? null,
    NotAction: list(s.NotAction) ?? null,
    Resource: list(s.Resource) ?? null,
    NotResource: list(s.NotResource) ?? null,
    Condition: s.Condition
      ? Object.fromEntries(
          Object.entries(s.Condition)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([op, kv]) => [
              op,
              Object.fromEntries(
                Object.entries(kv)
                  .sort(([a], [b]) => a.localeCompare(b))
                  .map(([k, v]) => [k, Array.isArray(v) ? [...v].map(String).sort() : String(v)]),
              ),
            ]),
        )
      : null,
  };
}

/** Same meaning, ignoring the order of actions and a single value written without a list. */
export function samePolicyDocument(a: PolicyDocument, b: PolicyDocument): boolean {
  const norm = (d: PolicyDocument) =>
    JSON.stringify({
      Version: d.Version,
      Statement: (Array.isArray(d.Statement) ? d.Statement : [d.Statement]).map(normalStatement).map((s) => JSON.stringify(s)).sort(),
    });
  return norm(a) === norm(b);
}
