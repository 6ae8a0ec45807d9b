// SNS subscription filter policies against the root sign-in event as EventBridge publishes
// it (the event JSON as the message body, no message attributes).
import { describe, expect, it } from 'vitest';
import { judgeSubscriptionFilter, reshapedInput, signInInTarget } from '../../src/steps/alert-filter.js';

const ACCOUNT = '123456789012';
const body = (policy: unknown) => ({ FilterPolicy: JSON.stringify(policy), FilterPolicyScope: 'MessageBody' });

describe('judgeSubscriptionFilter', () => {
  it.each<[string, Record<string, string>, 'passes' | 'drops' | 'unknown', string?]>([
    ['no filter policy', { Protocol: 'email' }, 'passes'],
    ['an empty filter policy ({} is no filter in SNS)', { FilterPolicy: '{}' }, 'passes'],
    ['a policy with no scope set (message attributes, the default)', { FilterPolicy: '{"nothing":["never"]}' }, 'drops', 'message attributes'],
    ['a policy on message attributes, even exists:false', { FilterPolicy: '{"severity":[{"exists":false}]}', FilterPolicyScope: 'MessageAttributes' }, 'drops', 'EventBridge does not send'],
    ['a body policy on detail-type', body({ 'detail-type': ['AWS Console Sign In via CloudTrail'] }), 'passes'],
    ['a body policy on the root identity', body({ detail: { userIdentity: { type: ['Root'] } } }), 'passes'],
    ['a body policy with a prefix', body({ source: [{ prefix: 'aws.sign' }] }), 'passes'],
    ['a body policy with anything-but', body({ detail: { userIdentity: { type: [{ 'anything-but': ['IAMUser'] }] } } }), 'passes'],
    ['a body policy with exists on a fixed field', body({ detail: { eventName: [{ exists: true }] } }), 'passes'],
    ['a body policy that names another event', body({ 'detail-type': ['EC2 Instance State-change Notification'] }), 'drops', 'lets no root console sign-in through'],
    ['a body policy that excludes root', body({ detail: { userIdentity: { type: [{ 'anything-but': 'Root' }] } } }), 'drops'],
    ['a body policy that passes only sign-ins with MFA', body({ detail: { additionalEventData: { MFAUsed: ['Yes'] } } }), 'drops', 'or only some'],
    ['a body policy on a field that differs between sign-ins', body({ detail: { sourceIPAddress: ['192.0.2.10'] } }), 'unknown', '"detail.sourceIPAddress"'],
    ['a body policy with a numeric filter', body({ version: [{ numeric: ['>', 0] }] }), 'unknown', '"numeric" filter'],
    ['a body policy with anything-but a prefix', body({ source: [{ 'anything-but': { prefix: 'aws.ec2' } }] }), 'unknown', 'nested filter'],
    ['a filter policy that is not JSON', { FilterPolicy: '{not json', FilterPolicyScope: 'MessageBody' }, 'unknown', 'not JSON'],
    ['a scope this check does not know', { FilterPolicy: '{"a":["b"]}', FilterPolicyScope: 'MessageHeaders' }, 'unknown', 'MessageHeaders'],
  ])('%s: %s', (_what, attributes, result, why) => {
    const j = judgeSubscriptionFilter(attributes, ACCOUNT);
    expect(j.result).toBe(result);
    if (why) expect(j.why).toContain(why);
  });

  it('a body policy naming another account drops the alert; naming this one passes it', () => {
    expect(judgeSubscriptionFilter(body({ account: ['999999999999'] }), ACCOUNT).result).toBe('drops');
    expect(judgeSubscriptionFilter(body({ account: [ACCOUNT] }), ACCOUNT).result).toBe('passes');
  });

  it('"$or" passes when one alternative lets every root sign-in through', () => {
    expect(judgeSubscriptionFilter(body({ $or: [{ source: ['aws.ec2'] }, { source: ['aws.signin'] }] }), ACCOUNT).result).toBe('passes');
    expect(judgeSubscriptionFilter(body({ $or: [{ source: ['aws.ec2'] }, { source: ['aws.s3'] }] }), ACCOUNT).result).toBe('drops');
  });

  it('a target that sends something else than the event: a body filter is unknown; none passes; an attributes filter still drops', () => {
    const arn = 'arn:aws:sns:us-east-1:123456789012:alerts';
    const transformer = reshapedInput({ id: 't', arn, inputTransformer: { inputPathsMap: { t: '$.time' }, inputTemplate: '"Root signed in at <t>"' } });
    expect(transformer).toBe('the text of its InputTransformer');
    expect(reshapedInput({ id: 't', arn, input: '{"a":1}' })).toBe('a fixed Input');
    expect(reshapedInput({ id: 't', arn, inputPath: '$.detail' })).toBe('only the part $.detail of the event (InputPath)');
    // "$" selects the whole event: it is what a plain target sends
    expect(reshapedInput({ id: 't', arn, inputPath: '$' })).toBeNull();
    expect(reshapedInput({ id: 't', arn })).toBeNull();
    const j = judgeSubscriptionFilter(body({ 'detail-type': ['AWS Console Sign In via CloudTrail'] }), ACCOUNT, transformer);
    expect(j).toEqual({ result: 'unknown', why: expect.stringContaining("the rule's target sends the text of its InputTransformer instead of the event") });
    expect(judgeSubscriptionFilter({ Protocol: 'email' }, ACCOUNT, transformer).result).toBe('passes');
    expect(judgeSubscriptionFilter({ FilterPolicy: '{"severity":["high"]}' }, ACCOUNT, transformer).result).toBe('drops');
  });
});

describe('signInInTarget', () => {
  const arn = 'arn:aws:sns:us-east-1:123456789012:alerts';
  type How = NonNullable<Parameters<typeof signInInTarget>[0]['inputTransformer']> | { input: string } | { inputPath: string } | null;
  it.each<[string, How, 'sign-in' | 'fixed' | 'unknown']>([
    ['a fixed Input', { input: '"no action needed"' }, 'fixed'],
    ['a template with no placeholder', { inputPathsMap: { t: '$.time' }, inputTemplate: '"no action needed"' }, 'fixed'],
    ['a template naming only the rule (not the event)', { inputTemplate: '"test <aws.events.rule-name>"' }, 'fixed'],
    ['a placeholder missing from InputPathsMap', { inputPathsMap: { t: '$.time' }, inputTemplate: '"at <x>"' }, 'fixed'],
    ['a name of InputPathsMap: the time', { inputPathsMap: { t: '$.time' }, inputTemplate: '"Root signed in at <t>"' }, 'sign-in'],
    ['the source address', { inputPathsMap: { ip: '$.detail.sourceIPAddress' }, inputTemplate: '"Root from <ip>"' }, 'sign-in'],
    ['the same address in bracket form', { inputPathsMap: { ip: "$['detail']['sourceIPAddress']" }, inputTemplate: '"Root from <ip>"' }, 'sign-in'],
    ['the whole detail', { inputPathsMap: { d: '$.detail' }, inputTemplate: '{"d": <d>}' }, 'sign-in'],
    ['the whole event', { inputTemplate: '{"e": <aws.events.event.json>}' }, 'sign-in'],
    ['when EventBridge got it', { inputTemplate: '"Root signed in at <aws.events.event.ingestion-time>"' }, 'sign-in'],
    // the same words on every sign-in, with one placeholder to look like the event
    ['the event version only', { inputPathsMap: { v: '$.version' }, inputTemplate: '"Scheduled test, no action needed (v<v>)"' }, 'fixed'],
    // the sign-in's own record, even a field that is the same each time: it tells of the sign-in
    ['who signed in', { inputPathsMap: { w: '$.detail.userIdentity.arn' }, inputTemplate: '"ROOT SIGN-IN by <w>"' }, 'sign-in'],
    ['the result and MFA', { inputPathsMap: { r: '$.detail.responseElements.ConsoleLogin', m: '$.detail.additionalEventData.MFAUsed' }, inputTemplate: '"<r> (MFA <m>)"' }, 'sign-in'],
    // the envelope: the same on every sign-in, or nothing of it
    ['the account only', { inputPathsMap: { a: '$.account' }, inputTemplate: '"test in <a>, no action needed"' }, 'fixed'],
    ['the event id only', { inputPathsMap: { i: '$.id' }, inputTemplate: '"test <i>, no action needed"' }, 'fixed'],
    ['a path sign-in events do not have', { inputPathsMap: { x: '$.detail.nonexistent' }, inputTemplate: '"test <x>"' }, 'fixed'],
    ['a path below a fact that is not there', { inputPathsMap: { x: '$.time.zone' }, inputTemplate: '"test <x>"' }, 'fixed'],
    ['a wildcard path', { inputPathsMap: { x: '$.detail.*' }, inputTemplate: '"test <x>"' }, 'unknown'],
    ['InputPath to the version', { inputPath: '$.version' }, 'fixed'],
    ['InputPath to the detail', { inputPath: '$.detail' }, 'sign-in'],
    ['InputPath $', { inputPath: '$' }, 'sign-in'],
    ['no reshaping', null, 'sign-in'],
  ])('%s', (_what, how, sends) => {
    const target = !how ? { id: 't', arn } : 'input' in how ? { id: 't', arn, input: how.input } : 'inputPath' in how ? { id: 't', arn, inputPath: how.inputPath } : { id: 't', arn, inputTransformer: how };
    expect(signInInTarget(target).sends).toBe(sends);
  });
});
