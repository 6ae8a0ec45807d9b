// The 'alert' flow against moto through the real SDK adapter; the end state is read back
// with the SDK's own clients, not through the gateway under test.
import { EventBridgeClient, DescribeRuleCommand, ListRulesCommand, ListTargetsByRuleCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, ListTopicsCommand, SetSubscriptionAttributesCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSdkGateway } from '../../src/aws/sdk/index.js';
import { createSession } from '../../src/session.js';
import { UsageError } from '../../src/args.js';
import type { Answers } from '../../src/answers.js';
import type { WizardShared } from '../../src/steps/flow.js';
import { runSteps } from '../../src/steps/run-steps.js';
import { ALERT_RULE, ALERT_TOPIC, eventsPublishStatement, recordAlertEmail, ROOT_SIGNIN_PATTERN, sameEmail } from '../../src/steps/alert.js';
import { definition, TODO_ALERT } from '../../src/steps/day-one/alert.js';
import { runSetupLines } from '../../src/headless/line-presenter.js';
import { ciIO } from '../../src/headless/ci-io.js';
import { MOTO_ACCOUNT_ID, useMoto } from '../helpers/moto.js';
import { scriptedIO, type Script } from '../helpers/scripted-io.js';

useMoto();

const NOW = new Date('2026-11-24T12:00:00Z');
const TOPIC_ARN = `arn:aws:sns:us-east-1:${MOTO_ACCOUNT_ID}:${ALERT_TOPIC}`;
const sns = () => new SNSClient({ region: 'us-east-1' });
const events = () => new EventBridgeClient({ region: 'us-east-1' });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mvsp-day-one-alert-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const session = () => createSession({ demo: false, gateway: createSdkGateway({}), now: () => NOW, dataDir: dir });

async function run(answers: Answers, script: Script, shared: WizardShared = {}) {
  const s = session();
  const [preflight, ctx] = await Promise.all([s.preflight(), s.context()]);
  const io = scriptedIO(script);
  // an earlier step's findings (the security contact) come in through `shared`
  const before = shared.securityEmail
    ? [{ id: 'contacts', title: 'contacts', outline: '', run: async () => ({ status: 'done' as const, summary: [], shared }) }]
    : [];
  const result = await runSteps({ ctx, preflight, answers, defs: [...before, definition], ioFor: () => io.io });
  return { ...io, outcome: result.results.at(-1)!.outcome };
}

const ourRules = async () => ((await events().send(new ListRulesCommand({}))).Rules ?? []).map((r) => r.Name);
const subscriptions = async () => (await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC_ARN }))).Subscriptions ?? [];

describe('alert flow on moto', () => {
  it("a security contact AWS took but verify --alert-email would not (two dots in a row): --ci names the contact as the source and asks for \"alert.email\"", async () => {
    await expect(run({ alert: { trail: false } }, { ci: true, yes: true }, { securityEmail: 'sec..ops@acme.com' })).rejects.toThrow(
      /^alert: the security contact's address "sec\.\.ops@acme\.com", the alert's default recipient, must be an email address \(.*\); give "alert\.email" in --answers$/,
    );
    expect(await ourRules()).not.toContain(ALERT_RULE);
  });

  it("takes the security contact's address, asks about the trail, applies, and a second run asks nothing", async () => {
    const r = await run({}, { confirms: [false, true] }, { securityEmail: 'security@acme.com' });
    // no email question: the contacts step gave one; the trail declined, the plan applied
    expect(r.asked).toEqual([]);
    expect(r.confirmed[0]).toMatch(/^Also set up CloudTrail/);
    expect(r.confirmed[1]).toMatch(/^Apply this plan \(5 changes\)\?/);
    expect(r.outcome.status).toBe('done');
    expect(r.outcome.summary).toEqual([`root sign-in alert: rule ${ALERT_RULE} → topic ${ALERT_TOPIC} → security@acme.com (us-east-1)`]);
    expect(r.outcome.todo?.join('\n')).toMatch(/CloudTrail console → Trails → Create trail, or npx mvsp-setup --steps alert/);
    const rule = await events().send(new DescribeRuleCommand({ Name: ALERT_RULE }));
    expect(rule.EventPattern).toBe(ROOT_SIGNIN_PATTERN);
    expect(((await events().send(new ListTargetsByRuleCommand({ Rule: ALERT_RULE }))).Targets ?? []).map((t) => t.Arn)).toEqual([TOPIC_ARN]);
    expect((await subscriptions()).map((s) => s.Endpoint)).toEqual(['security@acme.com']);

    // the wizard after that: already in place, with the trail still declined by the answers
    const again = await run({ alert: { trail: false } }, {});
    expect(again.asked).toEqual([]);
    expect(again.confirmed).toEqual([]);
    expect(again.outcome.status).toBe('done');
    expect(again.outcome.summary).toContain('already in place');
    expect((await subscriptions()).map((s) => s.Endpoint)).toEqual(['security@acme.com']);
  });

  it('asks for the address when none is known; a different address later adds a subscription', async () => {
    const r = await run({ alert: { trail: false } }, { answers: { 'alert.email': 'alerts@acme.com' } });
    expect(r.asked.map((q) => q.key)).toEqual(['alert.email']);
    expect(r.asked[0]!.validate!('not-an-address')).toMatch(/email address/);
    expect(r.outcome.status).toBe('done');
    const other = await run({ alert: { trail: false, email: 'sec@acme.com' } }, {});
    expect(other.outcome.summary).not.toContain('already in place');
    expect((await subscriptions()).map((s) => s.Endpoint).sort()).toEqual(['alerts@acme.com', 'sec@acme.com']);
  });

  it('a rule made by hand that reaches the recorded address is recognised: nothing of ours is created, nothing asked', async () => {
    await handMadeChain(async (t) => {
      await sns().send(new SubscribeCommand({ TopicArn: t, Protocol: 'email', Endpoint: 'ops@acme.com' }));
    });
    await recordAlertEmail(MOTO_ACCOUNT_ID, 'ops@acme.com', { dataDir: dir });
    const r = await run({ alert: { trail: false } }, {});
    expect(r.asked).toEqual([]);
    expect(r.outcome).toMatchObject({ status: 'done', summary: ['root sign-ins already alerted by rule my-root-rule', 'already in place'] });
    expect(await ourRules()).not.toContain(ALERT_RULE);
    expect((await sns().send(new ListTopicsCommand({}))).Topics?.map((t) => t.TopicArn)).not.toContain(TOPIC_ARN);
  });

  it('with no address known, a hand-made chain to someone (a queue in another account) is not the alert: --ci names the key, a person is asked', async () => {
    await handMadeChain(async (t) => {
      await sns().send(new SubscribeCommand({ TopicArn: t, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:999999999999:collector' }));
    });
    await expect(run({ alert: { enabled: true, trail: false } }, { ci: true, yes: true })).rejects.toThrow(/"alert.email" in --answers/);
    expect(await ourRules()).not.toContain(ALERT_RULE);
    const r = await run({ alert: { trail: false } }, { answers: { 'alert.email': 'sec@acme.com' } });
    expect(r.asked.map((q) => q.key)).toEqual(['alert.email']);
    expect(r.outcome.summary).toEqual([`root sign-in alert: rule ${ALERT_RULE} → topic ${ALERT_TOPIC} → sec@acme.com (us-east-1)`]);
    expect((await subscriptions()).map((s) => [s.Protocol, s.Endpoint])).toEqual([['email', 'sec@acme.com']]);
  });

  it('with no address given, the recorded one is used: an address swapped in on the topic is neither adopted nor recorded', async () => {
    await run({ alert: { email: 'sec@acme.com', trail: false } }, { ci: true, yes: true });
    const mine = (await subscriptions()).find((s) => s.Endpoint === 'sec@acme.com')!;
    await sns().send(new UnsubscribeCommand({ SubscriptionArn: mine.SubscriptionArn! }));
    await sns().send(new SubscribeCommand({ TopicArn: TOPIC_ARN, Protocol: 'email', Endpoint: 'attacker@evil.example' }));

    const lines: string[] = [];
    const code = await runSetupLines(session(), [definition], { alert: { enabled: true, trail: false } }, ciIO((l) => void lines.push(l.trimEnd()), { yes: true }));
    const out = lines.join('\n');
    expect(code).toBe(0);
    expect(out).toContain('the address recorded when the alert was set up');
    expect(out).toContain(`alert: done — root sign-in alert: rule ${ALERT_RULE} → topic ${ALERT_TOPIC} → sec@acme.com (us-east-1)`);
    expect(out).not.toMatch(/done — .*already in place/);
    expect(out).toContain(`Topic ${ALERT_TOPIC} also sends to email attacker@evil.example: remove any recipient you do not know`);
    // sec@acme.com is subscribed again; the record still holds it
    expect((await subscriptions()).map((s) => s.Endpoint).sort()).toEqual(['attacker@evil.example', 'sec@acme.com']);
    const record = JSON.parse(readFileSync(join(dir, `${MOTO_ACCOUNT_ID}.json`), 'utf8')) as { alertEmail?: string };
    expect(record.alertEmail).toBe('sec@acme.com');

    // another machine (no record): the subscribed address is not taken, the address is asked for
    rmSync(join(dir, `${MOTO_ACCOUNT_ID}.json`));
    await expect(run({ alert: { trail: false } }, { ci: true, yes: true })).rejects.toThrow(/"alert.email" in --answers/);
    const asked = await run({ alert: { trail: false } }, { answers: { 'alert.email': 'sec@acme.com' } });
    expect(asked.asked.map((q) => q.key)).toEqual(['alert.email']);
    expect(asked.outcome).toMatchObject({ status: 'done', summary: [`root sign-in alert: rule ${ALERT_RULE} → topic ${ALERT_TOPIC} → sec@acme.com (us-east-1)`] });
    expect((await subscriptions()).map((s) => s.Endpoint).sort()).toEqual(['attacker@evil.example', 'sec@acme.com']);
  });

  /** A working hand-made chain: rule my-root-rule → topic ops-alerts (EventBridge may publish) → `subscribe`. */
  async function handMadeChain(subscribe: (topic: string) => Promise<void>, target: Record<string, unknown> = {}): Promise<string> {
    const topic = (await sns().send(new CreateTopicCommand({ Name: 'ops-alerts' }))).TopicArn!;
    const ruleArn = (await events().send(new PutRuleCommand({ Name: 'my-root-rule', EventPattern: ROOT_SIGNIN_PATTERN }))).RuleArn!;
    await sns().send(
      new SetTopicAttributesCommand({
        TopicArn: topic,
        AttributeName: 'Policy',
        AttributeValue: JSON.stringify({ Version: '2012-10-17', Statement: [eventsPublishStatement(topic, ruleArn)] }),
      }),
    );
    await subscribe(topic);
    await events().send(new PutTargetsCommand({ Rule: 'my-root-rule', Targets: [{ Id: 'ops', Arn: topic, ...target }] }));
    return topic;
  }

  it('a hand-made rule whose only confirmed recipient is a queue in another account is not the alert asked for: our chain is made for the address', async () => {
    const topic = await handMadeChain(async (t) => {
      await sns().send(new SubscribeCommand({ TopicArn: t, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:999999999999:collector' }));
    });
    const r = await run({ alert: { email: 'sec@acme.com', trail: false } }, { ci: true, yes: true });
    expect(r.outcome.status).toBe('done');
    expect(r.outcome.summary).not.toContain('already in place');
    expect(r.outcome.summary).toEqual([`root sign-in alert: rule ${ALERT_RULE} → topic ${ALERT_TOPIC} → sec@acme.com (us-east-1)`]);
    expect(r.outcome.todo?.join('\n')).toMatch(/Confirm the alert email: .* sent to sec@acme\.com/);
    expect(await ourRules()).toContain(ALERT_RULE);
    expect((await subscriptions()).map((s) => [s.Protocol, s.Endpoint])).toEqual([['email', 'sec@acme.com']]);
    // the hand-made chain is left as it is
    const theirs = (await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions ?? [];
    expect(theirs.map((s) => s.Endpoint)).toEqual(['arn:aws:sqs:us-east-1:999999999999:collector']);
    // the address is remembered for verify
    const record = JSON.parse(readFileSync(join(dir, `${MOTO_ACCOUNT_ID}.json`), 'utf8')) as { alertEmail?: string };
    expect(record.alertEmail).toBe('sec@acme.com');
  });

  it('a hand-made rule that reaches the address asked for is in place, and names who it reaches', async () => {
    await handMadeChain(async (t) => {
      await sns().send(new SubscribeCommand({ TopicArn: t, Protocol: 'email', Endpoint: 'ops@acme.com' }));
    });
    const lines: string[] = [];
    const code = await runSetupLines(session(), [definition], { alert: { email: 'OPS@acme.com', trail: false } }, ciIO((l) => void lines.push(l.trimEnd()), { yes: true }));
    const out = lines.join('\n');
    expect(code).toBe(0);
    expect(out).toContain('alert: ✔ Rule my-root-rule already sends root sign-ins to ops-alerts → email ops@acme.com');
    expect(out).toContain('alert: done — root sign-ins already alerted by rule my-root-rule; already in place');
    expect(await ourRules()).not.toContain(ALERT_RULE);
  });

  it('a hand-made rule whose target rewrites the event (InputTransformer) and whose only subscriber filters the body is not taken as in place', async () => {
    await handMadeChain(
      async (t) => {
        const sub = (await sns().send(new SubscribeCommand({ TopicArn: t, Protocol: 'email', Endpoint: 'sec@acme.com', ReturnSubscriptionArn: true }))).SubscriptionArn!;
        await sns().send(new SetSubscriptionAttributesCommand({ SubscriptionArn: sub, AttributeName: 'FilterPolicyScope', AttributeValue: 'MessageBody' }));
        await sns().send(
          new SetSubscriptionAttributesCommand({ SubscriptionArn: sub, AttributeName: 'FilterPolicy', AttributeValue: JSON.stringify({ 'detail-type': ['AWS Console Sign In via CloudTrail'] }) }),
        );
      },
      { InputTransformer: { InputPathsMap: { t: '$.time' }, InputTemplate: '"Root signed in at <t>"' } },
    );
    const r = await run({ alert: { email: 'sec@acme.com', trail: false } }, { ci: true, yes: true });
    expect(r.outcome.summary).not.toContain('already in place');
    expect(await ourRules()).toContain(ALERT_RULE);
    expect((await subscriptions()).map((s) => s.Endpoint)).toEqual(['sec@acme.com']);
  });

  it('a hand-made rule whose target sends a fixed text (Input) to the address is not in place: our chain is made', async () => {
    await handMadeChain(
      async (t) => {
        await sns().send(new SubscribeCommand({ TopicArn: t, Protocol: 'email', Endpoint: 'sec@acme.com' }));
      },
      { Input: '"Scheduled test of the notification system - no action needed"' },
    );
    const r = await run({ alert: { email: 'sec@acme.com', trail: false } }, { ci: true, yes: true });
    expect(r.outcome.summary).toEqual([`root sign-in alert: rule ${ALERT_RULE} → topic ${ALERT_TOPIC} → sec@acme.com (us-east-1)`]);
    expect(await ourRules()).toContain(ALERT_RULE);
    expect((await subscriptions()).map((s) => s.Endpoint)).toEqual(['sec@acme.com']);
  });

  it("its own rule's target rewritten to send a text (InputTransformer) is not in place: the target is reset to send the event", async () => {
    await run({ alert: { email: 'sec@acme.com', trail: false } }, { ci: true, yes: true });
    await events().send(
      new PutTargetsCommand({
        Rule: ALERT_RULE,
        Targets: [{ Id: 'mvsp-root-signin-email', Arn: TOPIC_ARN, InputTransformer: { InputPathsMap: { t: '$.time' }, InputTemplate: '"Root signed in at <t>"' } }],
      }),
    );
    const r = await run({ alert: { email: 'sec@acme.com', trail: false } }, { ci: true, yes: true });
    expect(r.outcome.status).toBe('done');
    expect(r.outcome.summary).not.toContain('already in place');
    const targets = (await events().send(new ListTargetsByRuleCommand({ Rule: ALERT_RULE }))).Targets ?? [];
    expect(targets.map((t) => [t.Arn, t.InputTransformer])).toEqual([[TOPIC_ARN, undefined]]);
    expect((await run({ alert: { email: 'sec@acme.com', trail: false } }, { ci: true, yes: true })).outcome.summary).toContain('already in place');
  });

  it('--ci: a bad address is a usage error before any change; a missing one names the key', async () => {
    await expect(run({ alert: { email: 'nope' } }, { ci: true, yes: true })).rejects.toThrow(UsageError);
    await expect(run({}, { ci: true, yes: true })).rejects.toThrow(/"alert.email" in --answers/);
    expect(await ourRules()).not.toContain(ALERT_RULE);
  });

  it('--ci without --yes: pending with a command to run; "alert.enabled": false skips without asking', async () => {
    const r = await run({ alert: { email: 'security@acme.com', trail: false } }, { ci: true });
    expect(r.outcome).toMatchObject({ status: 'pending', todo: [TODO_ALERT] });
    expect(await ourRules()).not.toContain(ALERT_RULE);
    const off = await run({ alert: { enabled: false } }, { ci: true });
    expect(off.outcome.status).toBe('skipped');
  });
});

describe('alert through the line presenter (--ci)', () => {
  it('setup --ci --yes sets up the alert and says where it goes', async () => {
    const lines: string[] = [];
    const code = await runSetupLines(session(), [definition], { alert: { email: 'security@acme.com', trail: false } }, ciIO((l) => void lines.push(l.trimEnd()), { yes: true }));
    const out = lines.join('\n');
    expect(code).toBe(0);
    expect(out).toContain('alert: plan');
    expect(out).toContain('alert: ✔ Root sign-ins now email security@acme.com.');
    expect(out).toContain(`  alert: done — root sign-in alert: rule ${ALERT_RULE} → topic ${ALERT_TOPIC} → security@acme.com (us-east-1)`);
    expect(await ourRules()).toContain(ALERT_RULE);
  });
});

describe('sameEmail: one mailbox, however written', () => {
  it.each<[string, string, boolean]>([
    ['Sec@ACME.com', ' sec@acme.com ', true],
    // an internationalised domain in Unicode and in punycode
    ['sec@bücher.de', 'sec@xn--bcher-kva.de', true],
    ['sec@BÜCHER.de', 'sec@xn--bcher-kva.de', true],
    // the same letters in two Unicode normal forms (é as one code point, or e and an accent)
    ['ren\u00e9@acme.com', 'rene\u0301@acme.com', true],
    ['sec@acme.com', 'sec@acme.co', false],
    ['sec@bücher.de', 'sec@bucher.de', false],
    ['sec+alerts@acme.com', 'sec@acme.com', false],
  ])('%s ~ %s: %s', (a, b, same) => {
    expect(sameEmail(a, b)).toBe(same);
    expect(sameEmail(b, a)).toBe(same);
  });
});
