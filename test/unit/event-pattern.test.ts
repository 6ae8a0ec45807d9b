import { describe, expect, it } from 'vitest';
import { patternMatches, rootSignInEvent } from '../../src/steps/event-pattern.js';

const event = rootSignInEvent('111122223333', new Date('2026-11-24T12:00:00Z'));
const m = (p: unknown) => patternMatches(typeof p === 'string' ? p : JSON.stringify(p), event);

describe('root sign-in pattern matching', () => {
  it("matches DESIGN.md's pattern and hand-made equivalents", () => {
    expect(m('{"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}')).toBe(true);
    expect(m({ source: ['aws.signin'], detail: { eventName: ['ConsoleLogin'], userIdentity: { type: [{ 'equals-ignore-case': 'root' }] } } })).toBe(true);
    expect(m({ detail: { userIdentity: { arn: [{ suffix: ':root' }] } } })).toBe(true);
    expect(m({ 'detail-type': [{ prefix: 'AWS Console Sign' }], detail: { userIdentity: { type: [{ 'anything-but': ['IAMUser', 'AssumedRole'] }] } } })).toBe(true);
    expect(m({ $or: [{ detail: { userIdentity: { type: ['Root'] } } }, { source: ['aws.iam'] }] })).toBe(true);
    expect(m({ detail: { userIdentity: { type: [{ wildcard: 'Ro*' }] }, responseElements: { ConsoleLogin: [{ exists: true }] } } })).toBe(true);
    // every console sign-in, root's included
    expect(m({ 'detail-type': ['AWS Console Sign In via CloudTrail'] })).toBe(true);
  });

  it('does not match rules for other events or other identities', () => {
    expect(m({ detail: { userIdentity: { type: ['IAMUser'] } } })).toBe(false);
    expect(m({ source: ['aws.ec2'] })).toBe(false);
    expect(m({ 'detail-type': ['AWS API Call via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } })).toBe(false);
    expect(m({ detail: { userIdentity: { type: [{ exists: false }] } } })).toBe(false);
    expect(m('not json')).toBe(false);
    expect(m({})).toBe(false);
  });
});
