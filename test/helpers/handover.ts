// Reading a password hand-off back: what the CLI sent to IAM (through the AWS proxy) and
// what IAM holds now (through the SDK), for the tests of interrupted and killed runs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetLoginProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import type { AwsProxy } from './aws-proxy.js';
import { motoUrl } from './moto.js';

/** One field of a form-encoded (AWS query protocol) request body, decoded; null when absent. */
export function formValue(body: string, key: string): string | null {
  const m = new RegExp(`(?:^|&)${key}=([^&]*)`).exec(body);
  return m ? decodeURIComponent(m[1]!.replace(/\+/g, ' ')) : null;
}

/** team.csv in `dir` with `count` engineers eng0, eng1, … in Developers; their names. */
export function writeTeam(dir: string, count: number): string[] {
  const names = Array.from({ length: count }, (_, i) => `eng${i}`);
  writeFileSync(join(dir, 'team.csv'), `name,email,group\n${names.map((n) => `${n},${n}@acme.com,Developers`).join('\n')}\n`);
  return names;
}

async function hasLoginProfile(iam: IAMClient, user: string): Promise<boolean> {
  try {
    await iam.send(new GetLoginProfileCommand({ UserName: user }));
    return true;
  } catch {
    return false;
  }
}

/**
 * Of `names`, the engineers with a console password now (iam:GetLoginProfile on moto),
 * each with the password the CLI sent in its successful CreateLoginProfile.
 */
export async function passwordsCreated(proxy: AwsProxy, names: string[]): Promise<{ name: string; password: string }[]> {
  const iam = new IAMClient({ region: 'us-east-1', endpoint: motoUrl(), credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const out: { name: string; password: string }[] = [];
  for (const name of names) {
    if (!(await hasLoginProfile(iam, name))) continue;
    const sent = proxy.calls().find((c) => c.action === 'CreateLoginProfile' && c.status === 200 && formValue(c.body, 'UserName') === name)!;
    out.push({ name, password: formValue(sent.body, 'Password')! });
  }
  iam.destroy();
  return out;
}
