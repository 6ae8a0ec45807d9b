import { AccountClient } from '@aws-sdk/client-account';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { GatewayOptions } from '../port.js';
import { explainingCredentialProvider } from './credentials.js';
import { neutralizeDeep } from '../../untrusted.js';

/**
 * Requests in flight to AWS at once, over every client of one gateway. IAM throttles at
 * about 20 requests per second per account; queuing here, with the SDK's adaptive retries,
 * keeps a large account's reads from turning into throttling errors.
 */
export const MAX_IN_FLIGHT = 10;

// IAM is global, and the root sign-in events (and so the alert topic) live in us-east-1.
const GLOBAL_REGION = 'us-east-1';

// The SDK prints some warnings (e.g. AWS_PROFILE set next to static keys) with console.warn
// unless a logger is given; a console write would tear the Ink frame.
const quietLogger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

export interface Clients {
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly account: AccountClient;
  readonly events: EventBridgeClient;
  readonly sns: SNSClient;
  readonly cloudtrail: CloudTrailClient;
  /** S3 in us-east-1, where the trail's bucket is made */
  readonly s3: S3Client;
  /** CloudTrail in a trail's home region: status and selectors of a trail are read there. */
  cloudtrailIn(region: string): CloudTrailClient;
  /**
   * AWS's time minus this computer's, in ms, as of the latest call that ended: the SDK's
   * `systemClockOffset`, which the signer sets from each response's `Date` header. Null
   * before any call ended.
   */
  clockOffsetMs(): number | null;
  readonly organizations: OrganizationsClient;
  /** A new IAM client for a short session's credentials (a root session); the caller destroys it. */
  iamWith(credentials: SessionCredentials): IAMClient;
}

/** Temporary credentials of a role session (sts:AssumeRole). A secret: never log them. */
export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration?: Date;
}

interface ClockedClient {
  config: { systemClockOffset?: number };
  middlewareStack: { add: (mw: (next: (a: unknown) => Promise<unknown>) => (a: unknown) => Promise<unknown>, opts: { step: 'initialize'; name: string }) => void };
}

interface WithStack {
  middlewareStack: {
    add: (mw: (next: (args: unknown) => Promise<{ output: unknown }>) => (args: unknown) => Promise<{ output: unknown }>, opts: { step: 'initialize'; name: string }) => void;
    remove: (name: string) => boolean;
  };
}

/**
 * The SDK's logger middleware, which hands each response to the logger's `info`. Before
 * that call it copies the whole output through the command's sensitive-field filter: on
 * a 2,000-user iam:GetAccountAuthorizationDetails, a second walk of the response on the
 * path verify waits on, for a logger that discards it. Errors are not logged either.
 */
export const SDK_LOGGER_MIDDLEWARE = 'loggerMiddleware';

function withoutResponseLog<C>(client: C): C {
  (client as unknown as WithStack).middlewareStack.remove(SDK_LOGGER_MIDDLEWARE);
  return client;
}

/**
 * Every string a response carries (names, tags, contact fields, aliases, messages) is
 * neutralised as it arrives, so no later code can print an escape sequence from AWS.
 */
function neutralizeResponses<C>(client: C): C {
  (client as unknown as WithStack).middlewareStack.add(
    (next) => async (args) => {
      try {
        const result = await next(args);
        return { ...result, output: neutralizeDeep(result.output) };
      } catch (e) {
        if (e instanceof Error) e.message = neutralizeDeep(e.message);
        throw e;
      }
    },
    { step: 'initialize', name: 'mvspNeutralizeUntrusted' },
  );
  return client;
}

/** Every client the adapter makes: responses neutralised, none handed to the SDK's logger. */
function adapted<C>(client: C): C {
  return neutralizeResponses(withoutResponseLog(client));
}

/** The sockets clients send through (node:http and node:https agents): keep-alive connections, a bounded number at once over every host. */
export interface SocketPool {
  readonly httpAgent: HttpAgent;
  readonly httpsAgent: HttpsAgent;
}

/** A keep-alive pool of at most `maxInFlight` sockets over every host (maxTotalSockets); more requests wait for a socket. */
export function createSocketPool(maxInFlight: number): SocketPool {
  const pool = { keepAlive: true, maxSockets: maxInFlight, maxTotalSockets: maxInFlight };
  return { httpAgent: new HttpAgent(pool), httpsAgent: new HttpsAgent(pool) };
}

/**
 * One client per service, built on first use with the SDK's default credential chain, or
 * with a role session's credentials when given. `pool`: the sockets to send through
 * (shared by the gateways of an organization's accounts); default a pool of MAX_IN_FLIGHT.
 */
export function createClients(opts: GatewayOptions & { credentials?: SessionCredentials; pool?: SocketPool }): Clients {
  // one chain for all clients: credentials are resolved (and a failure explained) once
  const credentials = opts.credentials ?? explainingCredentialProvider(opts.profile || undefined, quietLogger);
  // one pool of sockets for all clients: maxTotalSockets caps requests across hosts
  const requestHandler = opts.pool ?? createSocketPool(MAX_IN_FLIGHT);
  const base = (region: string) => ({
    region,
    retryMode: 'adaptive',
    requestHandler,
    logger: quietLogger,
    credentials,
    ...(!opts.credentials && opts.profile ? { profile: opts.profile } : {}),
  });
  let offset: number | null = null;
  // around the whole call: the signer has read the response's Date header by the time it ends
  const clocked = <T>(client: T): T => {
    const c = client as unknown as ClockedClient;
    c.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } finally {
          offset = c.config.systemClockOffset ?? offset;
        }
      },
      { step: 'initialize', name: 'mvspAwsClock' },
    );
    return client;
  };
  const lazy = <T>(make: () => T): (() => T) => {
    let client: T | undefined;
    return () => (client ??= clocked(make()));
  };
  const iam = lazy(() => adapted(new IAMClient(base(GLOBAL_REGION))));
  const sts = lazy(() => adapted(new STSClient(base(GLOBAL_REGION))));
  const account = lazy(() => adapted(new AccountClient(base(GLOBAL_REGION))));
  const events = lazy(() => adapted(new EventBridgeClient(base(GLOBAL_REGION))));
  const sns = lazy(() => adapted(new SNSClient(base(GLOBAL_REGION))));
  const s3 = lazy(() => adapted(new S3Client(base(GLOBAL_REGION))));
  // Organizations is a global service served from us-east-1
  const organizations = lazy(() => adapted(new OrganizationsClient(base(GLOBAL_REGION))));
  const cloudtrailRegion = opts.region ?? GLOBAL_REGION;
  const cloudtrails = new Map<string, CloudTrailClient>();
  const cloudtrailIn = (region: string) => {
    let client = cloudtrails.get(region);
    if (!client) {
      client = clocked(adapted(new CloudTrailClient(base(region))));
      cloudtrails.set(region, client);
    }
    return client;
  };
  return {
    get iam() { return iam(); },
    get sts() { return sts(); },
    get account() { return account(); },
    get events() { return events(); },
    get sns() { return sns(); },
    get organizations() { return organizations(); },
    get cloudtrail() { return cloudtrailIn(cloudtrailRegion); },
    get s3() { return s3(); },
    cloudtrailIn,
    clockOffsetMs: () => offset,
    iamWith: (session) => clocked(adapted(new IAMClient({ ...base(GLOBAL_REGION), credentials: session }))),
  };
}
