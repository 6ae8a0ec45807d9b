// root-hardware-mfa on the sandbox account, which models what moto cannot: root's own MFA
// devices (virtual and hardware) and users' security keys, with MFADevicesInUse counting
// them all. Only root sees its hardware devices; verify tells them apart by counting.
import { describe, expect, it } from 'vitest';
import { createSandboxGateway } from '../../src/aws/sandbox/index.js';
import type { Gateway } from '../../src/aws/port.js';
import { USER_MFA_READ_LIMIT, computeChecks, inspectVerify } from '../../src/steps/verify.js';
import { HOTP, Secret, TOTP } from 'otpauth';

const now = () => new Date('2026-11-24T12:00:00Z');

/** the gateway with a count of iam:ListMFADevices calls */
function counting(aws: Gateway) {
  let listMfa = 0;
  const iam = new Proxy(aws.iam, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'listMfaDevices') listMfa++;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { gateway: { ...aws, iam } as Gateway, calls: () => listMfa };
}

async function hardwareCheck(aws: Gateway) {
  const state = await inspectVerify({ aws, caller: await aws.sts.getCallerIdentity(), now }, { sleep: async () => {} });
  return computeChecks({ state, record: null, now: now() }).find((c) => c.id === 'root-hardware-mfa')!;
}

async function withVirtualMfa(aws: ReturnType<typeof createSandboxGateway>, userName: string) {
  await aws.iam.createUser(userName, {});
  const d = await aws.iam.createVirtualMfaDevice(`${userName}-phone`, {});
  // two consecutive codes, as an authenticator app shows them 30 s apart
  const code = (steps: number) => HOTP.generate({ secret: Secret.fromBase32(new TextDecoder().decode(d.base32Seed)), counter: TOTP.counter({ timestamp: now().getTime() }) + steps });
  await aws.iam.enableMfaDevice(userName, d.serial, code(-1), code(0));
}

describe('root-hardware-mfa: which devices are root’s', () => {
  it("root with a virtual device, alice with a virtual device and a security key: warn, root's only MFA is virtual", async () => {
    const aws = createSandboxGateway({ now });
    aws.controls.enableRootMfa('virtual');
    await withVirtualMfa(aws, 'alice');
    aws.controls.addUserSecurityKey('alice');
    const { gateway, calls } = counting(aws);
    const c = await hardwareCheck(gateway);
    expect(c.status, c.detail).toBe('warn');
    expect(c.detail).toContain("Root's only MFA is a virtual device");
    // the surplus device could have been root's: the users were read one by one
    expect(calls()).toBe(1);
  });

  it('the same account once root adds a hardware key: pass, counted', async () => {
    const aws = createSandboxGateway({ now });
    aws.controls.enableRootMfa('virtual');
    aws.controls.enableRootMfa('hardware');
    await withVirtualMfa(aws, 'alice');
    aws.controls.addUserSecurityKey('alice');
    const c = await hardwareCheck(aws);
    expect(c.status, c.detail).toBe('pass');
    expect(c.detail).toContain('Root has 1 MFA device that is not virtual');
  });

  it('no per-user read when nothing is ambiguous: root hardware only, or every device virtual', async () => {
    const hardwareOnly = createSandboxGateway({ now });
    hardwareOnly.controls.enableRootMfa('hardware');
    hardwareOnly.controls.addUserSecurityKey((await hardwareOnly.iam.createUser('bob', {})).name);
    const a = counting(hardwareOnly);
    expect((await hardwareCheck(a.gateway)).status).toBe('pass');
    expect(a.calls()).toBe(0);

    const allVirtual = createSandboxGateway({ now });
    allVirtual.controls.enableRootMfa('virtual');
    await withVirtualMfa(allVirtual, 'alice');
    const b = counting(allVirtual);
    expect((await hardwareCheck(b.gateway)).status).toBe('warn');
    expect(b.calls()).toBe(0);
  });

  it(`more than ${USER_MFA_READ_LIMIT} users to count: unknown, never pass`, async () => {
    const aws = createSandboxGateway({ now });
    aws.controls.enableRootMfa('virtual');
    aws.controls.enableRootMfa('hardware');
    for (let i = 0; i <= USER_MFA_READ_LIMIT; i++) await aws.iam.createUser(`user-${i}`, {});
    const { gateway, calls } = counting(aws);
    const c = await hardwareCheck(gateway);
    expect(c.status).toBe('unknown');
    expect(c.detail).toContain(`${USER_MFA_READ_LIMIT + 1} IAM users`);
    expect(calls()).toBe(0);
  });
});
