import { createSandboxGateway, type SandboxGateway } from '../../src/aws/sandbox/index.js';
import { describeGatewayContract } from '../contract/gateway-contract.js';

let sandbox: SandboxGateway;

describeGatewayContract('sandbox', () => ({
  gateway: () => sandbox,
  reset: async () => {
    sandbox = createSandboxGateway();
  },
  fixtures: {
    createAccessKey: async (userName) => sandbox.controls.addAccessKey(userName),
    createUserCredential: async (userName, kind) => sandbox.controls.addUserCredential(userName, kind),
    confirmSubscription: async (topicArn, endpoint) => {
      sandbox.controls.confirmSubscription(topicArn, endpoint);
    },
  },
}));
