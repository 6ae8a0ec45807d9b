import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { createClients, SDK_LOGGER_MIDDLEWARE } from '../../src/aws/sdk/clients.js';

const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' };
const names = (client: { middlewareStack: { identify(): string[] } }) => client.middlewareStack.identify().map((n) => n.split(' - ')[0]);

describe('SDK clients', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it("leave out the SDK's response logger (which copies every response through a filter first), and only it", () => {
    // the name is the SDK's: a client built as the SDK builds it has that middleware
    const plain = new IAMClient({ region: 'us-east-1', credentials });
    expect(names(plain)).toContain(SDK_LOGGER_MIDDLEWARE);
    const clients = createClients({ credentials });
    for (const client of [clients.iam, clients.sts, clients.account, clients.events, clients.sns, clients.s3, clients.organizations, clients.cloudtrail, clients.cloudtrailIn('eu-west-1'), clients.iamWith(credentials)]) {
      const ours = names(client);
      expect(ours).not.toContain(SDK_LOGGER_MIDDLEWARE);
      expect(ours).toContain('mvspNeutralizeUntrusted');
      // the same service's client as the SDK builds it, less the logger: nothing else removed
      const Ctor = client.constructor as new (config: object) => { middlewareStack: { identify(): string[] } };
      const sdk = names(new Ctor({ region: 'us-east-1', credentials }));
      expect(ours.filter((n) => n !== 'mvspNeutralizeUntrusted' && n !== 'mvspAwsClock').sort()).toEqual(sdk.filter((n) => n !== SDK_LOGGER_MIDDLEWARE).sort());
    }
  });

  it('still answers a call, its strings neutralised', async () => {
    // iam:ListAccountAliases over HTTP, as IAM's query protocol answers it
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<ListAccountAliasesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAccountAliasesResult><IsTruncated>false</IsTruncated><AccountAliases><member>acme&#x1b;]52;c;eA==&#x7;</member></AccountAliases></ListAccountAliasesResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></ListAccountAliasesResponse>',
        );
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const prev = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${port}`;
    try {
      const out = await createClients({ credentials }).iam.send(new ListAccountAliasesCommand({}));
      expect(out.AccountAliases).toEqual(['acme\ufffd]52;c;eA==\ufffd']);
    } finally {
      if (prev === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = prev;
    }
  });
});
