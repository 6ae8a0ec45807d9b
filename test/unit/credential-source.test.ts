// Which source the SDK's default chain relies on, read from the environment and the shared
// files in the chain's order, and how a provider's message is put on one safe line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCredentialSource, nextStep, parseSharedFile, sourceLabel } from '../../src/aws/credential-source.js';
import { providerWords } from '../../src/aws/sdk/credentials.js';

describe('findCredentialSource', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mvsp-cred-source-'));
    env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tells how each profile gets its credentials, from either file', async () => {
    writeFileSync(
      env.AWS_CONFIG_FILE!,
      [
        '[default]',
        'region = us-east-1',
        '[profile sso]',
        'sso_session = corp',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        '[profile proc]',
        '  credential_process = /usr/local/bin/helper --json',
        '[profile chain]',
        'role_arn = arn:aws:iam::111122223333:role/Admin',
        'source_profile = keys',
      ].join('\n'),
    );
    writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE!, '[keys]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n');
    const via = async (p: string) => {
      const s = await findCredentialSource(p, env);
      return s.kind === 'profile' ? s.via : s.kind;
    };
    expect(await via('sso')).toBe('sso');
    expect(await via('proc')).toBe('credential_process');
    expect(await via('chain')).toBe('source_profile');
    expect(await via('keys')).toBe('keys');
    expect(await via('default')).toBe('unknown');
    // an sso-session section is not a profile
    expect(parseSharedFile('[sso-session corp]\nsso_region = us-east-1\n', true).size).toBe(0);
  });

  it('follows the chain: a profile over environment keys, then keys, the default profile, containers, IMDS', async () => {
    expect(await findCredentialSource(undefined, { ...env, AWS_PROFILE: 'x', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' })).toMatchObject({
      kind: 'profile',
      name: 'x',
      from: 'AWS_PROFILE',
    });
    expect(await findCredentialSource('y', { ...env, AWS_PROFILE: 'x' })).toMatchObject({ kind: 'profile', name: 'y', from: '--profile' });
    expect(await findCredentialSource(undefined, { ...env, AWS_ACCESS_KEY_ID: 'a' })).toEqual({ kind: 'environment', missing: 'AWS_SECRET_ACCESS_KEY' });
    expect(await findCredentialSource(undefined, { ...env, AWS_SECRET_ACCESS_KEY: 'b' })).toEqual({ kind: 'environment', missing: 'AWS_ACCESS_KEY_ID' });
    writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE!, '[default]\naws_access_key_id = A\n');
    expect(await findCredentialSource(undefined, env)).toMatchObject({ kind: 'profile', name: 'default', from: 'default', via: 'keys' });
    rmSync(env.AWS_SHARED_CREDENTIALS_FILE!);
    // a [default] holding only a region is passed over, as the chain does
    writeFileSync(env.AWS_CONFIG_FILE!, '[default]\nregion = us-east-1\n');
    const cloudShell = await findCredentialSource(undefined, { ...env, AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://localhost:1338/x', AWS_EXECUTION_ENV: 'CloudShell' });
    expect(cloudShell).toEqual({ kind: 'container', cloudShell: true });
    expect(sourceLabel(cloudShell)).toBe('CloudShell credential endpoint');
    expect(nextStep(cloudShell)).toMatch(/Restart the CloudShell session/);
    expect(await findCredentialSource(undefined, env)).toEqual({ kind: 'instance-metadata' });
    expect(await findCredentialSource(undefined, { ...env, AWS_EC2_METADATA_DISABLED: 'TRUE' })).toEqual({ kind: 'none' });
  });
});

describe('providerWords', () => {
  it("keeps a credential_process's stderr, drops the command line, and folds lines", () => {
    expect(providerWords('Command failed: /opt/helper --secret-flag\ntoken expired\nrun login\n')).toBe('credential_process failed: token expired / run login');
    expect(providerWords('Command failed: /opt/helper\n')).toBe('credential_process failed (it wrote nothing on stderr)');
  });

  it('says an HTTP status as such, and neutralises control characters', () => {
    expect(providerWords('Server responded with status: 500')).toBe('answered HTTP 500');
    expect(providerWords('bad \u001b]52;c;eA==\u0007 thing')).toBe('bad \ufffd]52;c;eA==\ufffd thing');
    expect(providerWords('x'.repeat(1000))).toHaveLength(400);
  });
});
