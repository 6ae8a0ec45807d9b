// A closed terminal (SIGHUP) or a kill (SIGTERM) during MFA enrolment cleans up like
// Ctrl-C: the device created but not enabled is deleted, and the exit code names the
// signal (129, 143). The built binary in a real pseudo-terminal, against moto.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateUserCommand, IAMClient, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { cliPid, runInPty } from '../helpers/pty.js';
import { motoUrl, useMoto } from '../helpers/moto.js';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { makeHome, type Sandbox } from '../helpers/cli-run.js';

describe.each([
  ['SIGHUP', 129],
  ['SIGTERM', 143],
] as const)('%s during MFA enrolment against moto', (signal, code) => {
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

  it(`exits ${code} and leaves no unassigned virtual MFA device`, async () => {
    const iam = new IAMClient({ region: 'us-east-1', endpoint: motoUrl(), credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const p = runInPty(['mfa', '--user', 'alice'], { env: { ...home.env, TERM: 'xterm-256color' }, cwd: home.cwd });
    // through the screens before the QR code, a bounded number of times
    for (let i = 0; i < 20 && !proxy.calls().some((c) => c.action === 'CreateVirtualMFADevice' && c.status === 200); i++) {
      await new Promise((r) => setTimeout(r, 300));
      if (proxy.calls().some((c) => c.action === 'CreateVirtualMFADevice')) continue;
      p.write(/\(y\/n\)|\[y\/N\]|\[Y\/n\]|y\/n/i.test(p.text().slice(-400)) ? 'y' : '\r');
    }
    await p.waitFor(/Scan this QR code|show key|can.t scan/i, 15_000);
    const before = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(before.VirtualMFADevices ?? []).toHaveLength(1);
    process.kill(cliPid(home.cwd), signal);
    const exit = await Promise.race([p.exited, new Promise<number>((r) => setTimeout(() => r(-1), 10_000))]);
    if (exit === -1) p.kill();
    expect(exit).toBe(code);
    const after = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(after.VirtualMFADevices ?? []).toEqual([]);
    iam.destroy();
  }, 60_000);
});
