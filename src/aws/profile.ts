// An unknown --profile would otherwise surface as the SDK's generic "Could not load
// credentials from any providers": check the two files the SDK reads profiles from.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AwsError } from './errors.js';

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
export async function assertProfileExists(profile: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config');
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials');
  const known = [...new Set([...(await sections(config)), ...(await sections(credentials))])];
  if (known.includes(profile)) return;
  throw new AwsError({
    kind: 'NoCredentials',
    action: 'sts:GetCallerIdentity',
    code: 'ProfileNotFound',
    message: `There is no profile '${profile}' in ${config} or ${credentials}.${known.length ? ` Profiles there: ${known.slice(0, 8).join(', ')}.` : ''}`,
  });
}
