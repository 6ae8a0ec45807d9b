import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAnswersFile, mergeFlags, validateAnswers } from '../../src/answers.js';
import { UsageError } from '../../src/args.js';

const FULL = {
  rootEmail: 'aws+production@acme.com',
  contacts: {
    security: { name: 'Security team', title: 'Security', email: 'security@acme.com', phone: '+14155550100' },
    billing: { name: 'Finance', title: 'Billing', email: 'billing@acme.com', phone: '+14155550101' },
    operations: { name: 'Ops on call', title: 'Ops', email: 'ops@acme.com', phone: '+14155550102' },
  },
  admin: { userName: 'alice', accountAlias: 'acme-production' },
  rootHolders: ['Alice Doe', 'Bob Roe'],
  reminder: { icsPath: 'mvsp-root-check.ics', start: '2026-12-07', githubWorkflowPath: null, cron: true },
  alert: { enabled: true, email: 'security@acme.com', trail: true },
};

describe('answers file', () => {
  it('accepts the documented document', () => {
    expect(validateAnswers(structuredClone(FULL))).toEqual(FULL);
    expect(validateAnswers({})).toEqual({});
  });

  it.each([
    [{ rootemail: 'x' }, /unknown key "rootemail"/],
    [{ admin: { user: 'x' } }, /unknown key "admin.user"/],
    [{ admin: { userName: 3 } }, /"admin.userName" must be a string, not a number/],
    [{ rootHolders: 'Alice' }, /"rootHolders" must be an array of strings/],
    [{ rootHolders: ['a', 2] }, /"rootHolders\[1\]" must be a string/],
    [{ reminder: { cron: 'yes' } }, /"reminder.cron" must be true or false/],
    [{ alert: { trail: 'yes' } }, /"alert.trail" must be true or false, not a string/],
    [{ contacts: { security: [] } }, /"contacts.security" must be an object, not an array/],
    [[1], /must be one JSON object/],
    [JSON.parse('{"__proto__":{"admin":{"userName":"x"}}}'), /unknown key "__proto__" \(allowed here: rootEmail, /],
    [{ admin: { constructor: 'x' } }, /unknown key "admin.constructor" \(allowed here: userName/],
  ])('%j is rejected naming the key', (doc, message) => {
    expect(() => validateAnswers(doc, 'a.json')).toThrow(UsageError);
    expect(() => validateAnswers(doc, 'a.json')).toThrow(message);
  });

  it('reports malformed JSON and missing files as usage errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'answers-'));
    await writeFile(join(dir, 'bad.json'), '{"rootEmail": ');
    await expect(loadAnswersFile(join(dir, 'bad.json'))).rejects.toThrow(/not valid JSON/);
    await expect(loadAnswersFile(join(dir, 'none.json'))).rejects.toThrow(/no such file/);
  });

  it('lets flags win over the file', () => {
    const merged = mergeFlags(FULL, { 'admin-user': 'bob', alias: 'acme-prod', 'root-email': 'aws@acme.com' });
    expect(merged.admin).toEqual({ userName: 'bob', accountAlias: 'acme-prod' });
    expect(merged.rootEmail).toBe('aws@acme.com');
    expect(FULL.admin.userName).toBe('alice');
  });
});
