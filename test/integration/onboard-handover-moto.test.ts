// A batch onboard stopped part way (SIGTERM, as a CI runner or `kill` sends it) has handed
// over every password it created: each user that has a console password in moto has its
// password, as sent in CreateLoginProfile, in the output. The built binary over moto.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetLoginProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { motoUrl, useMoto } from '../helpers/moto.js';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { makeHome, type Sandbox } from '../helpers/cli-run.js';
import { BIN } from '../helpers/pty.js';

useMoto();

let proxy: AwsProxy;
let home: Sandbox;
beforeAll(async () => {
  proxy = await startAwsProxy(motoUrl());
});
afterAll(async () => {
  await proxy.close();
});
beforeEach(() => {
  proxy.clear();
  home = makeHome(proxy.url);
  return () => {
    proxy.onResponse(null);
    home.remove();
  };
});

function formValue(body: string, key: string): string | null {
  const m = new RegExp(`(?:^|&)${key}=([^&]*)`).exec(body);
  return m ? decodeURIComponent(m[1]!.replace(/\+/g, ' ')) : null;
}

async function hasLoginProfile(iam: IAMClient, user: string): Promise<boolean> {
  try {
    await iam.send(new GetLoginProfileCommand({ UserName: user }));
    return true;
  } catch {
    return false;
  }
}

describe('onboard --ci --from, interrupted', () => {
  it('SIGTERM after the first password exists: exit 143, every password created was handed over', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `eng${i}`);
    writeFileSync(join(home.cwd, 'team.csv'), `name,email,group\n${names.map((n) => `${n},${n}@acme.com,Developers`).join('\n')}\n`);
    const child = spawn(process.execPath, [BIN, 'onboard', '--ci', '--yes', '--from', 'team.csv'], { env: home.env, cwd: home.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // the signal lands while that response is still on its way to the CLI
    proxy.onResponse((call) => {
      if (call.action === 'CreateLoginProfile' && call.status === 200) child.kill('SIGTERM');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code, stdout + stderr).toBe(143);

    const iam = new IAMClient({ region: 'us-east-1' });
    const withPassword: string[] = [];
    for (const n of names) if (await hasLoginProfile(iam, n)) withPassword.push(n);
    expect(withPassword.length).toBeGreaterThan(0);
    // stopped part way: not every engineer was started
    expect(withPassword.length, stdout).toBeLessThan(names.length);
    for (const n of withPassword) {
      const sent = proxy.calls().find((c) => c.action === 'CreateLoginProfile' && formValue(c.body, 'UserName') === n)!;
      const password = formValue(sent.body, 'Password')!;
      expect(stdout, `${n}'s password was not handed over`).toContain(`Temporary password: ${password}`);
    }
    expect(stdout).toMatch(/Interrupted/);
  }, 120_000);
});
