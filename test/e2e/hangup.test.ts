// A closed terminal (SIGHUP) or a kill (SIGTERM) during MFA enrolment cleans up like
// Ctrl-C: the device created but not enabled is deleted, and the exit code names the
// signal (129, 143). The built binary in a real pseudo-terminal, against moto; the
// terminal is also closed for real (its master side), as closing the window does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateUserCommand, IAMClient, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { cliPid, runInPty, type PtyRun } from '../helpers/pty.js';
import { motoUrl, useMoto } from '../helpers/moto.js';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { makeHome, type Sandbox } from '../helpers/cli-run.js';

/** Through the screens before the QR code: Enter, or y on a confirm, until the device exists. */
async function toTheQrCode(p: PtyRun, proxy: AwsProxy): Promise<void> {
  for (let i = 0; i < 20 && !proxy.calls().some((c) => c.action === 'CreateVirtualMFADevice' && c.status === 200); i++) {
    await new Promise((r) => setTimeout(r, 300));
    if (proxy.calls().some((c) => c.action === 'CreateVirtualMFADevice')) continue;
    p.write(/\(y\/n\)|\[y\/N\]|\[Y\/n\]|y\/n/i.test(p.text().slice(-400)) ? 'y' : '\r');
  }
  // the QR code beside the first code field (or the key, where the terminal is too small)
  await p.waitFor(/Tab show key|the QR code needs/, 15_000);
  await p.waitFor('First code:');
}

/** moto behind a recording proxy and a home folder, for the tests of one describe block. */
function proxiedHome(): { proxy: () => AwsProxy; home: () => Sandbox } {
  useMoto();
  let proxy: AwsProxy;
  let home: Sandbox;
  beforeAll(async () => {
    proxy = await startAwsProxy(motoUrl());
    home = makeHome(proxy.url);
  });
  afterAll(async () => {
    await proxy.close();
    home.remove();
  });
  return { proxy: () => proxy, home: () => home };
}

type Stop = (p: PtyRun, home: Sandbox) => void;
const STOPS: [string, Stop, number][] = [
  // the terminal's master side closed, as closing the window does: the kernel sends SIGHUP
  ['the terminal closed', (p) => p.hangUp(), 129],
  ['SIGHUP', (_p, home) => process.kill(cliPid(home.cwd), 'SIGHUP'), 129],
  ['SIGTERM', (_p, home) => process.kill(cliPid(home.cwd), 'SIGTERM'), 143],
];

/** alice's enrolment (`args`) brought to its first code by `reach`, then stopped: what must be left. */
async function stopDuringEnrolment(at: ReturnType<typeof proxiedHome>, args: string[], reach: (p: PtyRun) => Promise<void>, stop: Stop, code: number): Promise<void> {
  const iam = new IAMClient({ region: 'us-east-1', endpoint: motoUrl(), credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  const home = at.home();
  // what the program writes to stderr after the terminal is gone lands in this file
  const stderrFile = join(home.root, 'stderr.txt');
  const p = runInPty(args, { env: { ...home.env, TERM: 'xterm-256color', PTY_RELAY_STDERR: stderrFile }, cwd: home.cwd });
  await reach(p);
  const before = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
  expect(before.VirtualMFADevices ?? []).toHaveLength(1);
  stop(p, home);
  const exit = await Promise.race([p.exited, new Promise<number>((r) => setTimeout(() => r(-1), 10_000))]);
  if (exit === -1) p.kill();
  const stderr = readFileSync(stderrFile, 'utf8');
  // 134 or 139 would be Node aborting on the EIO a closed terminal answers (restoring its mode)
  expect(exit, stderr).toBe(code);
  const after = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
  expect(after.VirtualMFADevices ?? []).toEqual([]);
  expect(at.proxy().calls().some((c) => c.action === 'DeleteVirtualMFADevice' && c.status === 200)).toBe(true);
  expect(stderr).not.toMatch(/Assertion|node::|Aborted|FATAL ERROR|unexpected error|\n\s+at /);
  iam.destroy();
}

describe.each(STOPS)('%s during MFA enrolment against moto', (_what, stop, code) => {
  const at = proxiedHome();
  it(`exits ${code}, leaves no unassigned virtual MFA device, and Node does not abort`, () =>
    stopDuringEnrolment(at, ['mfa', '--user', 'alice'], (p) => toTheQrCode(p, at.proxy()), stop, code), 60_000);
});

// --plain reads its lines itself: the closed terminal ends its input as well as sending
// SIGHUP, whichever comes first; either way the half-made device goes and Node does not abort
describe('the terminal closed during --plain MFA enrolment against moto', () => {
  const at = proxiedHome();
  const toFirstCode = async (p: PtyRun) => {
    await p.waitFor('Apply this plan');
    p.write('y\r');
    await p.waitFor('First code');
  };
  it('ends as the signal (129), leaves no unassigned virtual MFA device, and Node does not abort', () =>
    stopDuringEnrolment(at, ['mfa', '--user', 'alice', '--plain'], toFirstCode, (p) => p.hangUp(), 129), 60_000);
});
