// The SDK's default credential chain, unchanged, except for what a failure says. The chain
// tries each source in turn and, when all fail, throws "Could not load credentials from
// any providers": the failing source's own message (a credential_process's stderr, a
// container endpoint's HTTP status) is dropped. On a failure this asks the one source the
// chain relied on (credential-source.ts) for its own message, and throws that, named.
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import { fromTokenFile } from '@aws-sdk/credential-provider-web-identity';
import { fromInstanceMetadata } from '@smithy/credential-provider-imds';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';
import { findCredentialSource, nextStep, sourceLabel, type CredentialSource } from '../credential-source.js';
import type { CredentialFailure } from '../errors.js';
import { neutralize } from '../../untrusted.js';

/** Thrown by the provider below; mapAwsError turns it into AwsError NoCredentials (or ExpiredToken). */
export class CredentialSourceError extends Error {
  readonly failure: CredentialFailure;
  constructor(failure: CredentialFailure) {
    super(`${failure.source}: ${failure.message}`);
    this.name = 'CredentialsProviderError';
    this.failure = failure;
  }
}

const GENERIC = /^Could not load credentials from any providers/;
const MAX_MESSAGE = 400;

/**
 * A provider's message in a person's words, on one line, control characters neutralised
 * (it is untrusted: a credential_process or an endpoint wrote it).
 */
export function providerWords(raw: string): string {
  let text = raw;
  // credential_process: child_process's "Command failed: CMD\n<stderr>"
  const process = /^Command failed: [^\n]*(?:\n([\s\S]*))?$/.exec(text);
  if (process) text = `credential_process failed${process[1]?.trim() ? `: ${process[1]}` : ' (it wrote nothing on stderr)'}`;
  const status = /^Server responded with status: (\d+)/.exec(text);
  if (status) text = `answered HTTP ${status[1]}`;
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' / ');
  const short = line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
  return neutralize(short);
}

async function messageOf(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The named source's own message, asking its provider once more; null when it has none. */
async function ownMessage(source: CredentialSource, logger: Logger): Promise<string | null> {
  switch (source.kind) {
    case 'environment':
      return source.missing ? `${source.missing === 'AWS_SECRET_ACCESS_KEY' ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'} is set but ${source.missing} is not` : null;
    case 'profile':
      return messageOf(() => fromIni({ profile: source.name, ignoreCache: true, logger })());
    case 'web-identity':
      return messageOf(() => fromTokenFile({ logger })());
    case 'container':
      return messageOf(() => fromHttp({ logger, maxRetries: 1 })());
    case 'instance-metadata':
      return messageOf(() => fromInstanceMetadata({ logger })());
    case 'none':
      return 'no access keys in the environment, no profile (AWS_PROFILE unset, no [default]), no container endpoint, and instance metadata is off (AWS_EC2_METADATA_DISABLED)';
  }
}

/** What failed, in the source's own words, with the next step. */
export async function explainCredentialFailure(error: unknown, profile: string | undefined, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<CredentialFailure> {
  const source = await findCredentialSource(profile, env);
  const raw = error instanceof Error ? error.message : String(error);
  // a chain link that stops the chain (an SSO token that is missing) already says why
  const own = GENERIC.test(raw) ? ((await ownMessage(source, logger)) ?? raw) : raw;
  return {
    // profile names and file paths in these come from flags and the environment
    source: neutralize(sourceLabel(source)),
    message: providerWords(own),
    next: neutralize(nextStep(source, env)),
    noSource: source.kind === 'none' || source.kind === 'instance-metadata',
  };
}

/** The default chain for `profile`; its failures are CredentialSourceErrors. */
export function explainingCredentialProvider(profile: string | undefined, logger: Logger): AwsCredentialIdentityProvider {
  const chain = defaultProvider({ ...(profile !== undefined ? { profile } : {}), logger });
  return async (props?: Record<string, unknown>): Promise<AwsCredentialIdentity> => {
    try {
      return await chain(props);
    } catch (error) {
      throw new CredentialSourceError(await explainCredentialFailure(error, profile, logger));
    }
  };
}
