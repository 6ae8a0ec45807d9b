// An unknown --profile would otherwise surface as the SDK's generic "Could not load
// credentials from any providers": check the two files the SDK reads profiles from.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AwsError } from './errors.js';
import { neutralize } from '../untrusted.js';

async function sections(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  return [...text.matchAll(/^\s*\[\s*(?:profile\s+)?([^\]\s]+)\s*\]/gm)].map((m) => m[1]!);
}

/** Throws AwsError NoCredentials (code ProfileNotFound) when neither file has the profile. */
export async function assertProfileExists(profile: string, env: NodeJS.ProcessEnv = process.env, from: '--profile' | 'AWS_PROFILE' = '--profile'): Promise<void> {
  const config = env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config');
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials');
  const known = [...new Set([...(await sections(config)), ...(await sections(credentials))])];
  if (known.includes(profile)) return;
  // the profile name and the paths come from flags and the environment: untrusted
  const message = neutralize(`There is no profile '${profile}' in ${config} or ${credentials}.${known.length ? ` Profiles there: ${known.slice(0, 8).join(', ')}.` : ''}`);
  throw new AwsError({
    kind: 'NoCredentials',
    action: 'sts:GetCallerIdentity',
    code: 'ProfileNotFound',
    message,
    credentials: {
      source: `profile ${neutralize(profile)}${from === 'AWS_PROFILE' ? ' (from AWS_PROFILE)' : ''}`,
      message,
      next: `\`aws configure list-profiles\` lists your profiles; create one with \`aws configure sso\`, or ${from === 'AWS_PROFILE' ? 'unset AWS_PROFILE' : 'leave out --profile'} to use the default credentials.`,
      noSource: false,
    },
  });
}
