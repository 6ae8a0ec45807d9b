// Which credential source the AWS SDK's default chain relies on here, read from the
// environment and the two shared files the way the chain reads them, so that a failure
// can name the source and the one next step that fits it. No SDK import: the SDK adapter
// asks the named source's own provider for its message (sdk/credentials.ts).
// Order as in @aws-sdk/credential-provider-node's defaultProvider: a profile (--profile or
// AWS_PROFILE) wins over environment keys; then the default profile, web identity,
// container credentials, and EC2 instance metadata.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** How a profile gets its credentials, from its keys in the shared files. */
export type ProfileVia = 'sso' | 'credential_process' | 'source_profile' | 'credential_source' | 'web_identity' | 'keys' | 'login' | 'unknown';

export type CredentialSource =
  /** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; `missing` names the half that is not set */
  | { kind: 'environment'; missing: 'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY' | null }
  | { kind: 'profile'; name: string; from: '--profile' | 'AWS_PROFILE' | 'default'; via: ProfileVia; configFile: string; credentialsFile: string }
  | { kind: 'web-identity' }
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI / _RELATIVE_URI; CloudShell sets one (AWS_EXECUTION_ENV=CloudShell) */
  | { kind: 'container'; cloudShell: boolean }
  | { kind: 'instance-metadata' }
  | { kind: 'none' };

type Sections = Map<string, Map<string, string>>;

/** The [profile NAME] / [NAME] sections of an AWS shared file and their keys (sso-session sections left out). */
export function parseSharedFile(text: string, isConfig: boolean): Sections {
  const out: Sections = new Map();
  let current: Map<string, string> | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      const title = header[1]!;
      const m = /^profile\s+(\S+)$/.exec(title);
      const name = m ? m[1]! : isConfig && /\s/.test(title) ? null : title;
      current = name === null ? null : (out.get(name) ?? new Map());
      if (name !== null && current) out.set(name, current);
      continue;
    }
    const kv = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
    if (kv && current) current.set(kv[1]!.toLowerCase(), kv[2]!);
  }
  return out;
}

async function readSections(path: string, isConfig: boolean): Promise<Sections> {
  try {
    return parseSharedFile(await readFile(path, 'utf8'), isConfig);
  } catch {
    return new Map();
  }
}

function profileVia(keys: Map<string, string>): ProfileVia {
  if (keys.has('role_arn') && keys.has('source_profile')) return 'source_profile';
  if (keys.has('role_arn') && keys.has('credential_source')) return 'credential_source';
  if (keys.has('role_arn') && keys.has('web_identity_token_file')) return 'web_identity';
  if (keys.has('sso_session') || keys.has('sso_start_url')) return 'sso';
  if (keys.has('credential_process')) return 'credential_process';
  if (keys.has('aws_access_key_id')) return 'keys';
  if (keys.has('login_session')) return 'login';
  return 'unknown';
}

export function sharedFiles(env: NodeJS.ProcessEnv): { configFile: string; credentialsFile: string } {
  return {
    configFile: env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'),
  };
}

/** The source the SDK's default chain would use with this profile option and environment. */
export async function findCredentialSource(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<CredentialSource> {
  const files = sharedFiles(env);
  const [config, credentials] = await Promise.all([readSections(files.configFile, true), readSections(files.credentialsFile, false)]);
  const profileSource = (name: string, from: '--profile' | 'AWS_PROFILE' | 'default'): CredentialSource => {
    const keys = new Map([...(credentials.get(name) ?? []), ...(config.get(name) ?? [])]);
    return { kind: 'profile', name, from, via: profileVia(keys), ...files };
  };
  if (profile !== undefined) return profileSource(profile, '--profile');
  if (env.AWS_PROFILE) return profileSource(env.AWS_PROFILE, 'AWS_PROFILE');
  const id = Boolean(env.AWS_ACCESS_KEY_ID);
  const secret = Boolean(env.AWS_SECRET_ACCESS_KEY);
  if (id || secret) return { kind: 'environment', missing: id && secret ? null : id ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID' };
  // a [default] with no credential settings (a region only) is passed over by the chain
  const fallback = profileSource('default', 'default');
  if (fallback.kind === 'profile' && fallback.via !== 'unknown') return fallback;
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) return { kind: 'web-identity' };
  if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) {
    return { kind: 'container', cloudShell: env.AWS_EXECUTION_ENV === 'CloudShell' };
  }
  if (env.AWS_EC2_METADATA_DISABLED?.toLowerCase() !== 'true') return { kind: 'instance-metadata' };
  return { kind: 'none' };
}

const VIA_WORDS: Record<ProfileVia, string> = {
  sso: 'SSO',
  credential_process: 'credential_process',
  source_profile: 'role_arn with source_profile',
  credential_source: 'role_arn with credential_source',
  web_identity: 'web identity token',
  keys: 'access keys',
  login: 'console sign-in session',
  unknown: 'no credential settings',
};

/** "profile proc (credential_process)", "CloudShell credential endpoint" */
export function sourceLabel(s: CredentialSource): string {
  switch (s.kind) {
    case 'environment':
      return 'environment variables AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY';
    case 'profile':
      return `profile ${s.name}${s.from === 'AWS_PROFILE' ? ' (from AWS_PROFILE)' : ''} (${VIA_WORDS[s.via]})`;
    case 'web-identity':
      return 'web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)';
    case 'container':
      return s.cloudShell ? 'CloudShell credential endpoint' : 'container credential endpoint (AWS_CONTAINER_CREDENTIALS_*)';
    case 'instance-metadata':
      return 'EC2 instance metadata (IMDS)';
    case 'none':
      return 'no credential source';
  }
}

const CLOUDSHELL_OR_PROFILE =
  'Easiest: sign in to the AWS console as root, open CloudShell (the >_ icon) and run `npx mvsp-setup` there: no access keys needed. Or use --profile NAME with a configured profile (aws configure sso).';

/** The one next step that fits the source (and where the person is). */
export function nextStep(s: CredentialSource, env: NodeJS.ProcessEnv = process.env): string {
  switch (s.kind) {
    case 'environment':
      return s.missing
        ? `Set ${s.missing} too (and AWS_SESSION_TOKEN for temporary keys), or unset the other one and use --profile NAME.`
        : 'Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), or unset them and use --profile NAME.';
    case 'profile': {
      const where = `[profile ${s.name}] in ${s.configFile}`;
      switch (s.via) {
        case 'sso':
          return `Sign in again: aws sso login --profile ${s.name}, then re-run.`;
        case 'credential_process':
          return `Do what the credential_process says (the helper named in ${where}), then re-run.`;
        case 'source_profile':
        case 'credential_source':
          return `Check role_arn and ${s.via} in ${where}: the source must exist and hold credentials, and the role must exist and trust it.`;
        case 'keys':
          return `Check the access keys of [${s.name}] (aws configure --profile ${s.name}), or use an SSO profile instead.`;
        case 'login':
          return `Sign in again: aws login --profile ${s.name}, then re-run.`;
        default:
          return `Give ${where} its credentials (aws configure sso --profile ${s.name}), or leave out the profile.`;
      }
    }
    case 'container':
      return s.cloudShell
        ? 'Restart the CloudShell session (Actions, then Restart AWS CloudShell) and run npx mvsp-setup again.'
        : 'Check the task or pod role this container gets its credentials from, or run in AWS CloudShell instead.';
    case 'web-identity':
      return 'Check AWS_ROLE_ARN and the token file AWS_WEB_IDENTITY_TOKEN_FILE names (the role must trust the identity provider).';
    case 'instance-metadata':
    case 'none':
      return env.AWS_EXECUTION_ENV === 'CloudShell'
        ? 'Restart the CloudShell session (Actions, then Restart AWS CloudShell) and run npx mvsp-setup again.'
        : CLOUDSHELL_OR_PROFILE;
  }
}
