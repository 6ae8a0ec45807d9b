import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { parseCallerArn, type StsPort } from '../port.js';
import { call } from './map-error.js';

export function createStsPort(client: () => STSClient): StsPort {
  return {
    async getCallerIdentity() {
      const out = await call('sts:GetCallerIdentity', () => client().send(new GetCallerIdentityCommand({})));
      const arn = out.Arn ?? '';
      return { accountId: out.Account ?? '', arn, ...parseCallerArn(arn) };
    },
  };
}
