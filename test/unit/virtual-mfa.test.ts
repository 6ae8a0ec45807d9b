import { describe, expect, it } from 'vitest';
import { inspect as nodeInspect } from 'node:util';
import { HOTP, Secret, TOTP, URI } from 'otpauth';
import {
  MfaSecret,
  accountLabel,
  checkFirstCode,
  checkSecondCode,
  chooseDeviceName,
  clockNote,
  decodeSeed,
  groupKey,
  normalizeCode,
  otpauthUri,
  secondsToNextCode,
  keyLines,
} from '../../src/steps/virtual-mfa.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const secret = new MfaSecret(SEED);
const current = TOTP.counter({ period: 30, timestamp: NOW.getTime() });
const code = (delta: number) => HOTP.generate({ secret: Secret.fromBase32(SEED), counter: current + delta });

describe('first code (checked against AWS\'s time)', () => {
  it.each([-1, 0, 1])('accepts the code of step %i as on time', (delta) => {
    const r = checkFirstCode(secret, code(delta), NOW);
    expect(r).toEqual({ ok: true, accepted: { code: code(delta), counter: current + delta, skewSteps: 0 } });
  });

  it.each([-10, -2, 2, 10])('takes the code of step %i too, noting how far off the phone is (AWS decides)', (delta) => {
    const r = checkFirstCode(secret, code(delta), NOW);
    expect(r).toEqual({ ok: true, accepted: { code: code(delta), counter: current + delta, skewSteps: delta } });
  });

  it('a code that matches no step nearby is a wrong code, not a clock problem', () => {
    const near = new Set(Array.from({ length: 41 }, (_, i) => code(i - 20)));
    const wrong = ['000000', '111111', '123456', '999999'].find((c) => !near.has(c))!;
    const r = checkFirstCode(secret, wrong, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toBe('mismatch');
  });

  it.each([
    ['', 'empty'],
    ['12a456', 'format'],
    ['12-456', 'format'],
    ['12345', 'length'],
    ['1234567', 'length'],
  ])('%j is a format error', (raw, problem) => {
    const r = checkFirstCode(secret, raw, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toBe(problem);
  });

  it('ignores spaces as some apps show them', () => {
    const c = code(0);
    expect(normalizeCode(`${c.slice(0, 3)} ${c.slice(3)}`)).toEqual({ ok: true, code: c });
  });
});

describe('second code', () => {
  const first = { code: code(0), counter: current, skewSteps: 0 };

  it('accepts the next code', () => {
    expect(checkSecondCode(secret, first, code(1), NOW)).toEqual({ ok: true, accepted: { code: code(1), counter: current + 1, skewSteps: 0 } });
  });

  it('the same code twice is an error', () => {
    const r = checkSecondCode(secret, first, code(0), NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toBe('same');
  });

  it('a valid code that is not the next one becomes the new first code', () => {
    const r = checkSecondCode(secret, { code: code(-1), counter: current - 1, skewSteps: 0 }, code(1), NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toBe('not-next');
      expect(r.restart).toEqual({ code: code(1), counter: current + 1, skewSteps: 0 });
    }
  });

  it('an on-time first code followed by its next one minutes later has expired', () => {
    const r = checkSecondCode(secret, { code: code(-5), counter: current - 5, skewSteps: 0 }, code(-4), NOW);
    expect(!r.ok && r.problem).toBe('expired');
  });

  it('a phone 5 minutes ahead: the next code of the pair is taken for AWS to judge', () => {
    const r = checkSecondCode(secret, { code: code(10), counter: current + 10, skewSteps: 10 }, code(11), NOW);
    expect(r).toEqual({ ok: true, accepted: { code: code(11), counter: current + 11, skewSteps: 11 } });
  });

  it('format errors and wrong codes as for the first code', () => {
    const bad = checkSecondCode(secret, first, 'abcdef', NOW);
    expect(!bad.ok && bad.problem).toBe('format');
    const near = new Set(Array.from({ length: 41 }, (_, i) => code(i - 20)));
    const wrong = ['000000', '111111', '123456', '999999'].find((c) => !near.has(c))!;
    const r = checkSecondCode(secret, first, wrong, NOW);
    expect(!r.ok && r.problem).toBe('mismatch');
  });
});

describe('the clock', () => {
  it('names this computer\'s clock when it is more than 30 s off from AWS\'s', () => {
    // offset = AWS's time - this computer's: negative means this computer is ahead
    expect(clockNote(-150_700)).toBe("This computer's clock is about 2 min 30 s fast (by AWS's clock); codes are checked against AWS's time.");
    expect(clockNote(45_000)).toContain('45 s slow');
    expect(clockNote(-30_000)).toBeNull();
    expect(clockNote(null)).toBeNull();
  });

  it('counts down to the code after the first, in the phone\'s time', () => {
    const at = (s: number) => new Date(current * 30_000 + s * 1000);
    expect(secondsToNextCode({ code: code(0), counter: current, skewSteps: 0 }, at(13))).toBe(17);
    expect(secondsToNextCode({ code: code(0), counter: current, skewSteps: 0 }, at(30))).toBe(0);
    expect(secondsToNextCode({ code: code(-1), counter: current - 1, skewSteps: 0 }, at(5))).toBe(0);
    expect(secondsToNextCode({ code: code(4), counter: current + 4, skewSteps: 4 }, at(20))).toBe(10);
  });
});

describe('otpauth URI', () => {
  it('labels USER@ALIAS with issuer AWS and round-trips through otpauth', () => {
    const uri = otpauthUri(secret, accountLabel('alice', 'acme-production', '123456789012'));
    expect(uri).toBe(`otpauth://totp/alice%40acme-production?secret=${SEED}&issuer=AWS`);
    const parsed = URI.parse(uri) as TOTP;
    expect(parsed.label).toBe('alice@acme-production');
    expect(parsed.issuer).toBe('AWS');
    expect(parsed.secret.base32).toBe(SEED);
  });

  it('falls back to the account id and escapes every character IAM allows in a name', () => {
    const label = accountLabel('ops+alice=1,x.y@acme_z-2', null, '123456789012');
    expect(label).toBe('ops+alice=1,x.y@acme_z-2@123456789012');
    const uri = otpauthUri(secret, label);
    expect(uri).toContain('/ops%2Balice%3D1%2Cx.y%40acme_z-2%40123456789012?');
    expect(uri).not.toMatch(/totp\/[^?]*[+=,@]/);
    const parsed = URI.parse(uri) as TOTP;
    expect(parsed.label).toBe(label);
    expect(parsed.issuer).toBe('AWS');
  });

  // IAM names cannot hold ':' (the issuer separator inside a label), so it is not tried here.
  it('escapes characters that would break the URI structure', () => {
    const uri = otpauthUri(secret, 'a b?c#d&e/f%g@acme');
    expect(uri.split('?')).toHaveLength(2);
    expect(uri).not.toContain('#');
    expect((URI.parse(uri) as TOTP).label).toBe('a b?c#d&e/f%g@acme');
  });
});

describe('the seed', () => {
  it('decodes Base32StringSeed bytes and never shows itself by accident', () => {
    const s = decodeSeed(new TextEncoder().encode(SEED.toLowerCase()));
    expect(s.reveal()).toBe(SEED);
    expect(String(s)).not.toContain(SEED.slice(0, 8));
    expect(JSON.stringify({ s })).not.toContain(SEED.slice(0, 8));
    expect(nodeInspect({ s })).not.toContain(SEED.slice(0, 8));
  });

  it('a malformed seed is an error that does not quote it', () => {
    const bad = 'NOT-BASE32-!!!-SECRET-TEXT';
    expect(() => decodeSeed(new TextEncoder().encode(bad))).toThrow(/not base32/);
    try {
      decodeSeed(new TextEncoder().encode(bad));
    } catch (e) {
      expect((e as Error).message).not.toContain('SECRET');
    }
  });

  it('the key in groups of four, on one line when it fits', () => {
    const groups = groupKey(SEED);
    expect(groups).toHaveLength(16);
    expect(groups.every((g) => g.length === 4)).toBe(true);
    const wide = keyLines(groups, 100);
    expect(wide).toEqual([`Secret key: ${groups.join(' ')}`]);
    const narrow = keyLines(groups, 80);
    expect(narrow[0]!.startsWith('Secret key: ')).toBe(true);
    expect(narrow.every((l) => l.length <= 80)).toBe(true);
    expect(narrow.join(' ').replace('Secret key:', '').replace(/\s+/g, '')).toBe(SEED);
    expect(keyLines(groupKey(SEED.slice(0, 32)), 80)).toHaveLength(1);
  });
});

describe('device name', () => {
  const dev = (name: string, userName?: string, isRoot?: boolean) => ({
    serial: `arn:aws:iam::123456789012:mfa/${name}`,
    ...(userName ? { userName } : {}),
    ...(isRoot ? { isRoot } : {}),
  });

  it("is the user's name when free; an unassigned one of that name is our leftover", () => {
    expect(chooseDeviceName('alice', [])).toEqual({ deviceName: 'alice', nameHeldBy: null, orphan: null });
    expect(chooseDeviceName('alice', [dev('Alice')])).toEqual({ deviceName: 'alice', nameHeldBy: null, orphan: dev('Alice') });
  });

  it('takes the first free NAME-n when other users hold the name, and says who holds it', () => {
    expect(chooseDeviceName('alice', [dev('alice', 'alice-2019'), dev('alice-2', 'bob')])).toEqual({ deviceName: 'alice-3', nameHeldBy: 'alice-2019', orphan: null });
    expect(chooseDeviceName('alice', [dev('alice', 'alice-2019'), dev('alice-2')])).toEqual({ deviceName: 'alice-2', nameHeldBy: 'alice-2019', orphan: dev('alice-2') });
    expect(chooseDeviceName('alice', [dev('alice', undefined, true)]).nameHeldBy).toBe('the root user');
  });
});
