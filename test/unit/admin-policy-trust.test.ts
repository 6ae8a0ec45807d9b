// outsideTrust: which principals outside the account a role's trust policy lets assume it,
// over the shapes IAM trust policies come in.
import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyStatement } from '../../src/aws/port.js';
import { outsideTrust } from '../../src/steps/admin-policy.js';

const ACCOUNT = '111122223333';
const OTHER = '999999999999';
const trust = (...Statement: (PolicyStatement & { NotPrincipal?: unknown })[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const allow = (Principal: unknown, over: Partial<PolicyStatement> = {}): PolicyStatement => ({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...over });
const who = (doc: PolicyDocument, trusted?: string[]) => outsideTrust(doc, ACCOUNT, trusted).map((o) => o.principal);

describe('outsideTrust', () => {
  it('reads "AWS": "*" and "Principal": "*" alike: anyone, with no condition', () => {
    for (const principal of [{ AWS: '*' }, '*', { AWS: ['*'] }]) {
      expect(outsideTrust(trust(allow(principal)), ACCOUNT)).toEqual([{ principal: '*', account: '*', conditionKeys: [], condition: '', besideDeny: false }]);
    }
  });

  it('names the condition keys of a statement that admits "*" under a condition', () => {
    const [o] = outsideTrust(trust(allow({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })), ACCOUNT);
    expect(o).toEqual({ principal: '*', account: '*', conditionKeys: ['aws:PrincipalOrgID'], condition: ' under a condition on aws:PrincipalOrgID', besideDeny: false });
    const [mfa] = outsideTrust(trust(allow('*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } } })), ACCOUNT);
    expect(mfa!.condition).toBe(' with MFA');
  });

  it('another account by id, root ARN, user, role and session ARNs; Principal.AWS as a string or an array', () => {
    const principals = [
      OTHER,
      `arn:aws:iam::${OTHER}:root`,
      `arn:aws:iam::${OTHER}:user/ci`,
      `arn:aws:iam::${OTHER}:role/deployer`,
      `arn:aws:sts::${OTHER}:assumed-role/deployer/session`,
      `arn:aws-us-gov:iam::${OTHER}:root`,
    ];
    expect(who(trust(allow({ AWS: principals })))).toEqual(principals);
    expect(outsideTrust(trust(allow({ AWS: `arn:aws:iam::${OTHER}:root` })), ACCOUNT)).toEqual([
      { principal: `arn:aws:iam::${OTHER}:root`, account: OTHER, conditionKeys: [], condition: '', besideDeny: false },
    ]);
  });

  it('this account is not outside: its root, its id, its users and roles', () => {
    const mine = [ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:iam::${ACCOUNT}:role/Admin`];
    expect(who(trust(allow({ AWS: mine })))).toEqual([]);
  });

  it('a trusted account does not count; "*" still does', () => {
    const doc = trust(allow({ AWS: [`arn:aws:iam::${OTHER}:root`, '444455556666'] }), allow({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-x' } } }));
    expect(who(doc, [OTHER])).toEqual(['444455556666', '*']);
    expect(who(doc, [OTHER, '444455556666'])).toEqual(['*']);
  });

  it('Deny statements are not weighed: only the Allow is read', () => {
    const doc = trust(allow({ AWS: '*' }), { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } } });
    expect(who(doc)).toEqual(['*']);
    // but said: the Deny may narrow the Allow
    expect(outsideTrust(doc, ACCOUNT)[0]!.besideDeny).toBe(true);
    expect(who(trust({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sts:AssumeRole' }))).toEqual([]);
  });

  it('sts:AssumeRole allowed through sts:*, *, sts:Assume* or a NotAction that spares it; not through other actions', () => {
    for (const over of [{ Action: 'sts:*' }, { Action: ['*'] }, { Action: 'sts:Assume*' }, { Action: undefined, NotAction: 'iam:*' }] as Partial<PolicyStatement>[]) {
      expect(who(trust(allow({ AWS: OTHER }, over))), JSON.stringify(over)).toEqual([OTHER]);
    }
    for (const over of [{ Action: 'sts:AssumeRoleWithSAML' }, { Action: 'sts:TagSession' }, { Action: undefined, NotAction: 'sts:*' }] as Partial<PolicyStatement>[]) {
      expect(who(trust(allow({ AWS: OTHER }, over))), JSON.stringify(over)).toEqual([]);
    }
  });

  it('an Allow with NotPrincipal (IAM refuses it in a trust policy) is read as "*": everyone but those listed', () => {
    const doc = trust({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sts:AssumeRole' });
    expect(outsideTrust(doc, ACCOUNT)).toEqual([{ principal: '*', account: '*', conditionKeys: [], condition: '', besideDeny: false }]);
    // a Deny with NotPrincipal is a Deny: not weighed
    expect(who(trust({ Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }))).toEqual([]);
  });

  it('service and federated principals, and unique IDs of deleted principals, are out of scope', () => {
    const doc = trust(
      allow({ Service: 'lambda.amazonaws.com' }),
      allow({ Federated: `arn:aws:iam::${OTHER}:saml-provider/okta` }, { Action: 'sts:AssumeRoleWithSAML' }),
      allow({ Federated: 'token.actions.githubusercontent.com' }, { Action: 'sts:AssumeRoleWithWebIdentity' }),
      allow({ AWS: 'AROAEXAMPLEDELETEDROLE' }),
    );
    expect(who(doc)).toEqual([]);
  });

  it('a wildcard in an ARN account (IAM refuses it) reads as anyone', () => {
    expect(outsideTrust(trust(allow({ AWS: 'arn:aws:iam::*:root' })), ACCOUNT)).toEqual([{ principal: 'arn:aws:iam::*:root', account: '*', conditionKeys: [], condition: '', besideDeny: false }]);
  });

  it('one Statement object rather than an array; control characters in a principal are neutralised', () => {
    const doc = { Version: '2012-10-17', Statement: allow({ AWS: `arn:aws:iam::${OTHER}:user/x\u001b[2Jy` }) } as unknown as PolicyDocument;
    expect(who(doc)).toEqual([`arn:aws:iam::${OTHER}:user/x\ufffd[2Jy`]);
  });
});
