// What a re-run counts as done, read from the local record (and the files it names).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyRecord, readRecord } from '../../src/steps/local-record.js';
import { lockawayDone, type LockawayState } from '../../src/steps/lockaway.js';
import { passedRootEmail, recordRootEmailCheck } from '../../src/steps/root-email.js';
import { recordAdminUser } from '../../src/steps/admin-user.js';
import { nextOccurrence, planReminder, reminderInPlace, recordReminder, writeReminder } from '../../src/steps/reminder.js';

const ACCOUNT = '111122223333';
const NOW = new Date('2026-11-24T12:00:00Z');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvsp-rerun-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('a re-run', () => {
  it('remembers the admin user and a root email that passed, names only', async () => {
    await recordAdminUser(ACCOUNT, 'alice', { dataDir: dir });
    await recordRootEmailCheck(ACCOUNT, 'aws+production@acme.com', NOW, { dataDir: dir });
    const r = await readRecord(ACCOUNT, { dataDir: dir });
    expect(r.adminUser).toBe('alice');
    expect(passedRootEmail(r)).toEqual({ address: 'aws+production@acme.com', at: NOW.toISOString() });
    expect(passedRootEmail(r, 'AWS+production@acme.com ')).not.toBeNull();
    expect(passedRootEmail(r, 'other@acme.com')).toBeNull();
    expect(passedRootEmail(emptyRecord(ACCOUNT))).toBeNull();
  });

  it('lock-away is done only with root MFA, no root keys, two holders and the places', () => {
    const record = { ...emptyRecord(ACCOUNT), rootHolders: ['A', 'B'], passwordPlace: 'vault', mfaDevices: [{ holder: 'A', place: 'keyring' }] };
    const s: LockawayState = { mfaEnabled: true, rootKeysPresent: false, runsOnRootKeys: false, rootKeys: null, record };
    expect(lockawayDone(s)).toBe(true);
    expect(lockawayDone({ ...s, mfaEnabled: false })).toBe(false);
    expect(lockawayDone({ ...s, rootKeysPresent: true })).toBe(false);
    expect(lockawayDone({ ...s, record: { ...record, rootHolders: ['A'] } })).toBe(false);
    expect(lockawayDone({ ...s, record: { ...record, passwordPlace: ' ' } })).toBe(false);
    expect(lockawayDone({ ...s, record: { ...record, mfaDevices: [] } })).toBe(false);
  });

  it('the reminder is in place while its calendar file is there with our UID, and at the path wanted', async () => {
    const ics = join(dir, 'root-check.ics');
    const input = { accountId: ACCOUNT, accountAlias: null, start: '2026-12-07', icsPath: ics, workflowPath: null, cron: false };
    const plan = await planReminder(input, NOW, dir);
    await recordReminder(ACCOUNT, plan, await writeReminder(plan), NOW, { dataDir: dir });
    const record = await readRecord(ACCOUNT, { dataDir: dir });
    expect(record.reminder).toEqual({ at: NOW.toISOString(), start: '2026-12-07', uid: plan.uid, files: [{ kind: 'calendar', path: ics }] });
    expect(await reminderInPlace(record, NOW)).toMatchObject({ calendarPath: ics, next: '2026-12-07', workflowPath: null });
    expect(await reminderInPlace(record, NOW, ics)).not.toBeNull();
    expect(await reminderInPlace(record, NOW, join(dir, 'elsewhere.ics'))).toBeNull();
    expect(await reminderInPlace(record, NOW, null)).toBeNull();
    await writeFile(ics, 'BEGIN:VCALENDAR\r\nUID:someone-else\r\nEND:VCALENDAR\r\n');
    expect(await reminderInPlace(record, NOW)).toBeNull();
    await rm(ics);
    expect(await reminderInPlace(record, NOW)).toBeNull();
  });

  it('the next check is the first occurrence from today on', () => {
    expect(nextOccurrence('2026-12-07', NOW)).toBe('2026-12-07');
    // first Mondays: 7 Dec 2026, 4 Jan, 1 Feb, 1 Mar 2027
    expect(nextOccurrence('2026-12-07', new Date('2027-01-05T08:00:00Z'))).toBe('2027-02-01');
    expect(nextOccurrence('2026-12-07', new Date('2027-02-01T08:00:00Z'))).toBe('2027-02-01');
  });
});
