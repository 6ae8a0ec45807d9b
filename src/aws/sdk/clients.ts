import { AccountClient } from '@aws-sdk/client-account';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { GatewayOptions } from '../port.js';

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
  readonly organizations: OrganizationsClient;
  /** CloudTrail in a trail's home region: status and selectors of a trail are read there. */
  cloudtrailIn(region: string): CloudTrailClient;
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

/**
 * One client per service, built on first use with the SDK's default credential chain, or
 * with a role session's credentials when given.
 */
export function createClients(opts: GatewayOptions & { credentials?: SessionCredentials }): Clients {
  // one pool of sockets for all clients: maxTotalSockets caps requests across hosts
  const pool = { keepAlive: true, maxSockets: MAX_IN_FLIGHT, maxTotalSockets: MAX_IN_FLIGHT };
  const requestHandler = { httpAgent: new HttpAgent(pool), httpsAgent: new HttpsAgent(pool) };
  const base = (region: string) => ({
    region,
    retryMode: 'adaptive',
    requestHandler,
    logger: quietLogger,
    ...(opts.credentials ? { credentials: opts.credentials } : opts.profile ? { profile: opts.profile } : {}),
  });
  const lazy = <T>(make: () => T): (() => T) => {
    let client: T | undefined;
    return () => (client ??= make());
  };
  const iam = lazy(() => new IAMClient(base(GLOBAL_REGION)));
  const sts = lazy(() => new STSClient(base(GLOBAL_REGION)));
  const account = lazy(() => new AccountClient(base(GLOBAL_REGION)));
  const events = lazy(() => new EventBridgeClient(base(GLOBAL_REGION)));
  const sns = lazy(() => new SNSClient(base(GLOBAL_REGION)));
  // Organizations is a global service served from us-east-1
  const organizations = lazy(() => new OrganizationsClient(base(GLOBAL_REGION)));
  const cloudtrailRegion = opts.region ?? GLOBAL_REGION;
  const cloudtrails = new Map<string, CloudTrailClient>();
  const cloudtrailIn = (region: string) => {
    let client = cloudtrails.get(region);
    if (!client) {
      client = new CloudTrailClient(base(region));
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
    cloudtrailIn,
    iamWith: (credentials) => new IAMClient({ ...base(GLOBAL_REGION), credentials }),
  };
}
