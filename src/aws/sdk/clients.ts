import { AccountClient } from '@aws-sdk/client-account';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import type { GatewayOptions } from '../port.js';

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
  /** CloudTrail in a trail's home region: status and selectors of a trail are read there. */
  cloudtrailIn(region: string): CloudTrailClient;
  /**
   * AWS's time minus this computer's, in ms, as of the latest call that ended: the SDK's
   * `systemClockOffset`, which the signer sets from each response's `Date` header. Null
   * before any call ended.
   */
  clockOffsetMs(): number | null;
}

interface ClockedClient {
  config: { systemClockOffset?: number };
  middlewareStack: { add: (mw: (next: (a: unknown) => Promise<unknown>) => (a: unknown) => Promise<unknown>, opts: { step: 'initialize'; name: string }) => void };
}

/** One client per service, built on first use with the SDK's default credential chain. */
export function createClients(opts: GatewayOptions): Clients {
  const base = (region: string) => ({
    region,
    retryMode: 'adaptive',
    logger: quietLogger,
    ...(opts.profile ? { profile: opts.profile } : {}),
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
  const iam = lazy(() => new IAMClient(base(GLOBAL_REGION)));
  const sts = lazy(() => new STSClient(base(GLOBAL_REGION)));
  const account = lazy(() => new AccountClient(base(GLOBAL_REGION)));
  const events = lazy(() => new EventBridgeClient(base(GLOBAL_REGION)));
  const sns = lazy(() => new SNSClient(base(GLOBAL_REGION)));
  const cloudtrailRegion = opts.region ?? GLOBAL_REGION;
  const cloudtrails = new Map<string, CloudTrailClient>();
  const cloudtrailIn = (region: string) => {
    let client = cloudtrails.get(region);
    if (!client) {
      client = clocked(new CloudTrailClient(base(region)));
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
    get cloudtrail() { return cloudtrailIn(cloudtrailRegion); },
    cloudtrailIn,
    clockOffsetMs: () => offset,
  };
}
