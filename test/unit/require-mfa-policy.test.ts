import { describe, expect, it } from 'vitest';
import {
  REQUIRE_MFA_POLICY_DOCUMENT,
  REQUIRE_MFA_POLICY_NAME,
  requireMfaPolicyArn,
  samePolicyDocument,
} from '../../src/steps/require-mfa-policy.js';

// Reviewed against AWS's example "Allows MFA-authenticated IAM users to manage their own
// MFA device on the Security credentials page", plus iam:ChangePassword and
// iam:GetAccountPasswordPolicy, which AWS's note says to add when users must reset their
// password at first sign-in. Any change to the policy must change this document too.
const REVIEWED = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], Resource: '*' },
    { Sid: 'AllowManageOwnVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/*' },
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
      Sid: 'DenyOthersMFAIfNoMFA',
      Effect: 'Deny',
      Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
      NotResource: 'arn:aws:iam::*:user/${aws:username}',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

describe('RequireMFA policy document', () => {
  it('is exactly the reviewed document', () => {
    expect(JSON.parse(JSON.stringify(REQUIRE_MFA_POLICY_DOCUMENT))).toEqual(REVIEWED);
  });

  it('denies everything but MFA self-management while aws:MultiFactorAuthPresent is false (or absent)', () => {
    const deny = REQUIRE_MFA_POLICY_DOCUMENT.Statement.filter((s) => s.Effect === 'Deny' && s.NotAction !== undefined);
    expect(deny).toHaveLength(1);
    expect(deny[0]!.Action).toBeUndefined();
    expect(deny[0]!.Resource).toBe('*');
    expect(deny[0]!.Condition).toEqual({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } });
    // whatever is allowed without MFA must not be denied, or the user could never enrol
    const allowed = REQUIRE_MFA_POLICY_DOCUMENT.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action ?? []].flat());
    const exempt = [deny[0]!.NotAction ?? []].flat();
    for (const a of ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ChangePassword']) {
      expect(allowed).toContain(a);
      expect(exempt).toContain(a);
    }
    // nothing outside IAM MFA set-up and sts:GetSessionToken is exempt
    expect(exempt.every((a) => a.startsWith('iam:') || a === 'sts:GetSessionToken')).toBe(true);
  });

  it("without MFA, the exempt MFA actions reach only one's own user (never put a device on another)", () => {
    const exempt = [REQUIRE_MFA_POLICY_DOCUMENT.Statement.find((s) => s.Sid === 'DenyAllExceptListedIfNoMFA')!.NotAction ?? []].flat();
    const others = REQUIRE_MFA_POLICY_DOCUMENT.Statement.find((s) => s.Sid === 'DenyOthersMFAIfNoMFA')!;
    expect(others).toMatchObject({ Effect: 'Deny', NotResource: 'arn:aws:iam::*:user/${aws:username}', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } });
    // every exempt action that acts on a user is limited to one's own
    for (const a of exempt.filter((a) => ['iam:EnableMFADevice', 'iam:ResyncMFADevice', 'iam:ListMFADevices', 'iam:GetUser'].includes(a))) expect(others.Action).toContain(a);
  });

  it('fits in a managed policy (6144 characters without whitespace)', () => {
    expect(JSON.stringify(REQUIRE_MFA_POLICY_DOCUMENT).length).toBeLessThan(6144);
  });

  it('has a stable name and ARN', () => {
    expect(REQUIRE_MFA_POLICY_NAME).toBe('RequireMFA');
    expect(requireMfaPolicyArn('123456789012')).toBe('arn:aws:iam::123456789012:policy/RequireMFA');
  });

  it('compares documents by meaning: order of actions and single values do not matter', () => {
    const reordered = structuredClone(REVIEWED);
    reordered.Statement.reverse();
    (reordered.Statement[0]!.Action as string[]).reverse();
    (reordered.Statement[1]!.NotAction as string[]).reverse();
    (reordered.Statement[3] as { Action: unknown }).Action = 'iam:CreateVirtualMFADevice';
    expect(samePolicyDocument(reordered as never, REQUIRE_MFA_POLICY_DOCUMENT)).toBe(true);
    const weakened = structuredClone(REVIEWED);
    weakened.Statement[3]!.Condition = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } };
    expect(samePolicyDocument(weakened as never, REQUIRE_MFA_POLICY_DOCUMENT)).toBe(false);
  });
});
