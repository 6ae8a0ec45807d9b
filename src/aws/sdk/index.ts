import type { Gateway, GatewayOptions } from '../port.js';
import { createAccountPort } from './account.js';
import { createClients, createSocketPool, type SessionCredentials, type SocketPool } from './clients.js';
import { createCloudTrailPort } from './cloudtrail.js';
import { createEventsPort } from './events.js';
import { createIamPort } from './iam.js';
import { createS3Port } from './s3.js';
import { createOrganizationsPort } from './organizations.js';
import { createRootAccessPort } from './root-access.js';
import { createSnsPort } from './sns.js';
import { assumeRole, createStsPort } from './sts.js';

/**
 * Requests in flight at once over the gateways of all the other accounts (forAccount) a run
 * opens: one keep-alive pool for them all, so `verify --org` reuses connections from one
 * member to the next instead of opening new ones for each, and its bursts queue here.
 */
export const MAX_MEMBER_IN_FLIGHT = 48;

/** The gateway to a real AWS account (or whatever AWS_ENDPOINT_URL points the SDK at). */
export function createSdkGateway(opts: GatewayOptions & { credentials?: SessionCredentials; pool?: SocketPool; memberPool?: () => SocketPool }): Gateway {
  const clients = createClients(opts);
  let pool: SocketPool | undefined;
  const memberPool = opts.memberPool ?? (() => (pool ??= createSocketPool(MAX_MEMBER_IN_FLIGHT)));
  return {
    kind: 'aws',
    clock: { offsetMs: () => clients.clockOffsetMs() },
    sts: createStsPort(() => clients.sts),
    iam: createIamPort(() => clients.iam),
    account: createAccountPort(() => clients.account),
    events: createEventsPort(() => clients.events),
    sns: createSnsPort(() => clients.sns),
    cloudtrail: createCloudTrailPort(() => clients.cloudtrail, (region) => clients.cloudtrailIn(region)),
    s3: createS3Port(() => clients.s3),
    organizations: createOrganizationsPort(() => clients.organizations),
    rootAccess: createRootAccessPort(() => clients.iam, () => clients.sts, (c) => clients.iamWith(c)),
    async forAccount(accountId, roleName) {
      const credentials = await assumeRole(clients.sts, accountId, roleName);
      return createSdkGateway({ ...(opts.region !== undefined ? { region: opts.region } : {}), credentials, pool: memberPool(), memberPool });
    },
  };
}

export { mapAwsError } from './map-error.js';
