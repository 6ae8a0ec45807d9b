// The EventBridge pattern evaluator: documented semantics on real-format console sign-in
// events, and the root sign-in judgement for one account.
import { describe, expect, it } from 'vitest';
import { evaluatePattern, matchesRootSignIn, rootSignInResult, ROOT_SIGNIN_PATTERN, signInEvent } from '../../src/steps/alert-pattern.js';
import { alertCandidates, judgeAlertChain } from '../../src/steps/alert-chain.js';

const ACCOUNT = '123456789012';
const OTHER = '999999999999';
const p = (o: unknown) => JSON.stringify(o);

describe('evaluatePattern: a table of sign-in events against patterns', () => {
  const events = {
    'root success': signInEvent({ account: ACCOUNT }),
    'root success, no MFA': signInEvent({ account: ACCOUNT, mfa: 'No' }),
    'root failure': signInEvent({ account: ACCOUNT, result: 'Failure', mfa: 'No' }),
    'IAM user': signInEvent({ account: ACCOUNT, identity: 'IAMUser' }),
    'assumed role': signInEvent({ account: ACCOUNT, identity: 'AssumedRole' }),
    'another account': signInEvent({ account: OTHER }),
    'another region': signInEvent({ account: ACCOUNT, region: 'eu-west-1' }),
  };
  type Name = keyof typeof events;
  const names = Object.keys(events) as Name[];
  const only = (...m: Name[]) => Object.fromEntries(names.map((n) => [n, m.includes(n) ? 'match' : 'no-match']));
  const all = only(...names);
  const roots: Name[] = ['root success', 'root success, no MFA', 'root failure'];

  it.each<[string, unknown, Record<string, string>]>([
    ['the pattern mvsp-setup creates', JSON.parse(ROOT_SIGNIN_PATTERN), only(...roots, 'another account', 'another region')],
    ['this account named', { account: [ACCOUNT], detail: { userIdentity: { type: ['Root'] } } }, only(...roots, 'another region')],
    ['another account named', { account: [OTHER], detail: { userIdentity: { type: ['Root'] } } }, only('another account')],
    ['region us-east-1', { region: ['us-east-1'], 'detail-type': ['AWS Console Sign In via CloudTrail'] }, only(...roots, 'IAM user', 'assumed role', 'another account')],
    ['source aws.signin', { source: ['aws.signin'] }, all],
    ['success only', { detail: { userIdentity: { type: ['Root'] }, responseElements: { ConsoleLogin: ['Success'] } } }, only('root success', 'root success, no MFA', 'another account', 'another region')],
    ['prefix on detail-type', { 'detail-type': [{ prefix: 'AWS Console Sign' }], detail: { userIdentity: { type: ['Root'] } } }, only(...roots, 'another account', 'another region')],
    ['prefix equals-ignore-case', { 'detail-type': [{ prefix: { 'equals-ignore-case': 'aws console' } }], detail: { userIdentity: { type: ['Root'] } } }, only(...roots, 'another account', 'another region')],
    ['suffix on the ARN', { detail: { userIdentity: { arn: [{ suffix: ':root' }] } } }, only(...roots, 'another account', 'another region')],
    ['anything-but a list', { detail: { userIdentity: { type: [{ 'anything-but': ['IAMUser', 'AssumedRole'] }] } } }, only(...roots, 'another account', 'another region')],
    ['anything-but a prefix', { detail: { userIdentity: { arn: [{ 'anything-but': { prefix: 'arn:aws:sts' } }] } } }, only(...roots, 'IAM user', 'another account', 'another region')],
    ['equals-ignore-case', { detail: { userIdentity: { type: [{ 'equals-ignore-case': 'ROOT' }] } } }, only(...roots, 'another account', 'another region')],
    ['wildcard', { detail: { userIdentity: { arn: [{ wildcard: `arn:aws:iam::${ACCOUNT}:*` }] } } }, only(...roots, 'IAM user', 'another region')],
    ['exists: false on userName', { detail: { userIdentity: { userName: [{ exists: false }] } } }, only(...roots, 'assumed role', 'another account', 'another region')],
    ['exists: true on sessionContext leaf', { detail: { userIdentity: { sessionContext: { sessionIssuer: { type: [{ exists: true }] } } } } }, only('assumed role')],
    ['numeric on a string field never matches', { detail: { eventVersion: [{ numeric: ['>', 1] }] } }, only()],
    ['"$or" of two', { $or: [{ detail: { userIdentity: { type: ['Root'] } } }, { account: [OTHER] }] }, only(...roots, 'another account', 'another region')],
    ['MFA only', { detail: { userIdentity: { type: ['Root'] }, additionalEventData: { MFAUsed: ['Yes'] } } }, only('root success', 'another account', 'another region')],
  ])('%s', (_what, pattern, expected) => {
    const got = Object.fromEntries(names.map((n) => [n, evaluatePattern(p(pattern), events[n]).result]));
    expect(got).toEqual(expected);
  });

  it.each([
    ['cidr', { detail: { sourceIPAddress: [{ cidr: '192.0.2.0/24' }] } }],
    ['an unknown filter', { detail: { userIdentity: { type: [{ regex: 'R.*' }] } } }],
    ['a non-array leaf', { 'detail-type': 'AWS Console Sign In via CloudTrail' }],
    ['a filter with two operators', { detail: { userIdentity: { type: [{ prefix: 'R', suffix: 't' }] } } }],
    ['a value filter on an object', { detail: { userIdentity: ['Root'] } }],
    ['"$or" with one branch', { $or: [{ account: [ACCOUNT] }] }],
  ])('cannot evaluate %s: unknown, for every event', (_what, pattern) => {
    for (const n of names) expect(evaluatePattern(p(pattern), events[n]).result, n).toBe('unknown');
  });

  it('a wildcard escapes a literal star', () => {
    const e = { ...(signInEvent({ account: ACCOUNT }) as object), 'detail-type': 'a*b' };
    expect(evaluatePattern(p({ 'detail-type': [{ wildcard: 'a\\*b' }] }), e).result).toBe('match');
    expect(evaluatePattern(p({ 'detail-type': [{ wildcard: 'a\\*b' }] }), { ...e, 'detail-type': 'axb' }).result).toBe('no-match');
  });

  it('numeric ranges on a number field', () => {
    const e = { account: ACCOUNT, detail: { n: 5 } };
    expect(evaluatePattern(p({ detail: { n: [{ numeric: ['>', 0, '<=', 5] }] } }), e).result).toBe('match');
    expect(evaluatePattern(p({ detail: { n: [{ numeric: ['>', 5] }] } }), e).result).toBe('no-match');
    expect(evaluatePattern(p({ detail: { n: [{ numeric: ['~', 5] }] } }), e).result).toBe('unknown');
  });
});

describe('rootSignInResult: does a rule alert on a root sign-in of this account', () => {
  it('recognises the rule mvsp-setup creates', () => {
    expect(matchesRootSignIn(ROOT_SIGNIN_PATTERN, ACCOUNT)).toBe(true);
  });

  it.each([
    ['keys in another order, pretty-printed', JSON.stringify({ detail: { userIdentity: { type: ['Root'] } }, 'detail-type': ['AWS Console Sign In via CloudTrail'] }, null, 2)],
    ['with source and eventSource', p({ source: ['aws.signin'], 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { eventSource: ['signin.amazonaws.com'], userIdentity: { type: ['Root'] } } })],
    ['by eventName, no detail-type', p({ detail: { eventName: ['ConsoleLogin'], userIdentity: { type: ['Root'] } } })],
    ['all root activity (sign-ins and API calls)', p({ 'detail-type': ['AWS Console Sign In via CloudTrail', 'AWS API Call via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } })],
    ['every console sign-in, root included', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'] })],
    ['this account named', p({ account: [ACCOUNT], 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } })],
    ['root ARN by suffix', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { arn: [{ suffix: ':root' }] } } })],
    ['"$or" of root type and root ARN', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], $or: [{ detail: { userIdentity: { type: ['Root'] } } }, { detail: { userIdentity: { arn: [{ wildcard: 'arn:aws:iam::*:root' }] } } }] })],
  ])('match: %s', (_what, pattern) => {
    expect(rootSignInResult(pattern, ACCOUNT)).toEqual({ result: 'match' });
  });

  it.each([
    ['another account named', p({ account: [OTHER], 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } })],
    ['another region', p({ region: ['eu-west-1'], 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } })],
    ['IAM users only', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['IAMUser'] } } })],
    ['root API calls only', p({ 'detail-type': ['AWS API Call via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } })],
    ['failed sign-ins only', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] }, responseElements: { ConsoleLogin: ['Failure'] } } })],
    ['sign-ins without MFA only', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] }, additionalEventData: { MFAUsed: ['No'] } } })],
    ['a catch-all', p({ source: [{ prefix: '' }] })],
    ['a misspelt detail-type', p({ 'detail-type': ['AWS Console SignIn via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } })],
  ])('no-match: %s', (_what, pattern) => {
    expect(rootSignInResult(pattern, ACCOUNT).result).toBe('no-match');
  });

  it.each([
    ['an unknown filter', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: [{ regex: 'R.*' }] } } })],
    ['cidr on the source address', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { sourceIPAddress: [{ cidr: '0.0.0.0/0' }] } })],
    ['empty', '{}'],
    ['not JSON', '{"detail-type": ['],
  ])('unknown, never a match: %s', (_what, pattern) => {
    expect(rootSignInResult(pattern, ACCOUNT).result).toBe('unknown');
    expect(matchesRootSignIn(pattern, ACCOUNT)).toBe(false);
  });

  const SIGNIN = 'AWS Console Sign In via CloudTrail';
  const sample = signInEvent({ account: ACCOUNT }) as { id: string; time: string; detail: Record<string, unknown> };
  it.each([
    ['time', p({ 'detail-type': [SIGNIN], time: [sample.time], detail: { userIdentity: { type: ['Root'] } } }), '"time"'],
    ['id', p({ 'detail-type': [SIGNIN], id: [sample.id], detail: { userIdentity: { type: ['Root'] } } }), '"id"'],
    ['detail.eventTime', p({ 'detail-type': [SIGNIN], detail: { eventTime: [{ prefix: '2026-11-24' }], userIdentity: { type: ['Root'] } } }), '"detail.eventTime"'],
    ['detail.eventID', p({ 'detail-type': [SIGNIN], detail: { eventID: [sample.detail.eventID], userIdentity: { type: ['Root'] } } }), '"detail.eventID"'],
    ['detail.sourceIPAddress', p({ 'detail-type': [SIGNIN], detail: { sourceIPAddress: ['192.0.2.10'], userIdentity: { type: ['Root'] } } }), '"detail.sourceIPAddress"'],
    ['detail.userAgent', p({ 'detail-type': [SIGNIN], detail: { userAgent: [{ wildcard: 'Mozilla/5.0 (X11*' }], userIdentity: { type: ['Root'] } } }), '"detail.userAgent"'],
    ['detail.additionalEventData.LoginTo', p({ 'detail-type': [SIGNIN], detail: { additionalEventData: { LoginTo: [{ prefix: 'https://console.aws.amazon.com/' }] }, userIdentity: { type: ['Root'] } } }), '"detail.additionalEventData.LoginTo"'],
    ['detail.requestID (absent in the sample)', p({ 'detail-type': [SIGNIN], detail: { requestID: [{ exists: false }], userIdentity: { type: ['Root'] } } }), '"detail.requestID"'],
    ['a varying field inside "$or"', p({ 'detail-type': [SIGNIN], $or: [{ detail: { userIdentity: { type: ['Root'] } } }, { detail: { sourceIPAddress: ['192.0.2.10'] } }] }), '"detail.sourceIPAddress"'],
  ])('a filter on a field that differs between sign-ins, equal to the sample, is unknown: %s', (_what, pattern, field) => {
    const r = rootSignInResult(pattern, ACCOUNT);
    expect(r.result).toBe('unknown');
    expect(r.why).toContain(field);
    expect(matchesRootSignIn(pattern, ACCOUNT)).toBe(false);
  });

  it('a pattern ruled out on its fixed fields stays no-match whatever else it filters on', () => {
    expect(rootSignInResult(p({ source: ['aws.ec2'], detail: { state: ['running'] } }), ACCOUNT).result).toBe('no-match');
    expect(rootSignInResult(p({ 'detail-type': [SIGNIN], detail: { userIdentity: { type: ['IAMUser'] }, sourceIPAddress: ['192.0.2.10'] } }), ACCOUNT).result).toBe('no-match');
  });

  it('the why of a varying field is neutralised', () => {
    const r = rootSignInResult(p({ 'detail-type': [SIGNIN], detail: { ['x\u001b]52;c;AAAA\u0007']: ['y'], userIdentity: { type: ['Root'] } } }), ACCOUNT);
    expect(r.result).toBe('unknown');
    expect(r.why).not.toMatch(/[\u0000-\u001f]/);
  });

  it('a disabled rule with the right pattern is a candidate but no working alert', () => {
    const rule = { name: 'r', arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/r`, state: 'DISABLED', eventPattern: ROOT_SIGNIN_PATTERN };
    expect(alertCandidates([rule], ACCOUNT)).toHaveLength(1);
    const v = judgeAlertChain({ accountId: ACCOUNT, rules: [rule], targets: {}, topics: {}, policies: {}, kmsKeys: {}, subscriptionAttributes: {} });
    expect(v.status).toBe('warn');
    expect(v.rules[0]).toMatchObject({ status: 'broken', problems: ['rule r matches but is disabled'] });
  });
});
