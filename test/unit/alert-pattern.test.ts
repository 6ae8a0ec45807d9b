import { describe, expect, it } from 'vitest';
import { matchesRootSignIn, ROOT_SIGNIN_PATTERN } from '../../src/steps/alert-pattern.js';

const p = (o: unknown) => JSON.stringify(o);

describe('matchesRootSignIn', () => {
  it('recognises the rule mvsp-setup creates', () => {
    expect(matchesRootSignIn(ROOT_SIGNIN_PATTERN)).toBe(true);
  });

  it.each([
    ['keys in another order, pretty-printed', JSON.stringify({ detail: { userIdentity: { type: ['Root'] } }, 'detail-type': ['AWS Console Sign In via CloudTrail'] }, null, 2)],
    ['with source and eventSource', p({ source: ['aws.signin'], 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { eventSource: ['signin.amazonaws.com'], userIdentity: { type: ['Root'] } } })],
    ['by eventName, no detail-type', p({ detail: { eventName: ['ConsoleLogin'], userIdentity: { type: ['Root'] } } })],
    ['all root activity (sign-ins and API calls)', p({ 'detail-type': ['AWS Console Sign In via CloudTrail', 'AWS API Call via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } })],
    ['every console sign-in, root included', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'] })],
    ['its own account named', p({ account: ['210987654321'], 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } })],
    ['root ARN by suffix', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { arn: [{ suffix: ':root' }] } } })],
    ['case-insensitive type', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: [{ 'equals-ignore-case': 'root' }] } } })],
    ['"$or" of root type and root ARN', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], $or: [{ detail: { userIdentity: { type: ['Root'] } } }, { detail: { userIdentity: { arn: [{ wildcard: 'arn:aws:iam::*:root' }] } } }] })],
    ['anything but IAM users', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: [{ 'anything-but': ['IAMUser', 'AssumedRole'] }] } } })],
  ])('recognises an equivalent hand-made pattern: %s', (_what, pattern) => {
    expect(matchesRootSignIn(pattern)).toBe(true);
  });

  it.each([
    ['IAM users only', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['IAMUser'] } } })],
    ['root API calls only', p({ 'detail-type': ['AWS API Call via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } })],
    ['failed sign-ins only', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] }, responseElements: { ConsoleLogin: ['Failure'] } } })],
    ['sign-ins without MFA only', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] }, additionalEventData: { MFAUsed: ['No'] } } })],
    ['a catch-all', p({ source: [{ prefix: '' }] })],
    ['another account', p({ account: ['210987654321'], detail: { recipientAccountId: ['111111111111'] } })],
    ['a misspelt detail-type', p({ 'detail-type': ['AWS Console SignIn via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } })],
    ['a non-array leaf', p({ 'detail-type': 'AWS Console Sign In via CloudTrail' })],
    ['an unknown filter', p({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: [{ regex: 'R.*' }] } } })],
    ['empty', '{}'],
    ['not JSON', '{"detail-type": ['],
  ])('rejects a pattern that does not alert on every root sign-in: %s', (_what, pattern) => {
    expect(matchesRootSignIn(pattern)).toBe(false);
  });
});

describe('matchesRootSignIn on the shapes a hand-made rule takes (verify root-login-alert)', () => {
  it.each([
    [{ source: ['aws.signin'], detail: { eventName: ['ConsoleLogin'], userIdentity: { type: [{ 'equals-ignore-case': 'root' }] } } }, true],
    [{ detail: { userIdentity: { arn: [{ suffix: ':root' }] } } }, true],
    [{ 'detail-type': [{ prefix: 'AWS Console Sign' }], detail: { userIdentity: { type: [{ 'anything-but': ['IAMUser', 'AssumedRole'] }] } } }, true],
    [{ $or: [{ detail: { userIdentity: { type: ['Root'] } } }, { source: ['aws.iam'] }] }, true],
    [{ 'detail-type': ['AWS Console Sign In via CloudTrail'] }, true],
    [{ detail: { userIdentity: { type: ['IAMUser'] } } }, false],
    [{ source: ['aws.ec2'] }, false],
    [{ 'detail-type': ['AWS API Call via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } }, false],
    [{ detail: { userIdentity: { type: [{ exists: false }] } } }, false],
  ])('%j → %s', (pattern, expected) => {
    expect(matchesRootSignIn(JSON.stringify(pattern))).toBe(expected);
  });
});
