// An extension of the emulator: AWS's centralized root access, which moto lacks. A loopback
// HTTP server in front of moto answers, in the real IAM/STS query protocol (XML),
//   sts:AssumeRoot, iam:ListOrganizationsFeatures, iam:EnableOrganizationsRootCredentialsManagement,
//   iam:EnableOrganizationsRootSessions,
// and the IAM calls a root session makes (GetLoginProfile, ListAccessKeys, ListMFADevices,
// ListSigningCertificates; with the delete task also DeleteLoginProfile, DeleteAccessKey,
// DeactivateMFADevice, DeleteSigningCertificate) against each member's root, kept here.
// Everything else goes on to moto unchanged. organizations:EnableAWSServiceAccess for
// iam.amazonaws.com (a principal moto rejects) is answered here and turns IAM's trusted access on.
//
// Also AWS Account Management across the organization, which moto has without its rules:
// account:GetPrimaryEmail (REST-JSON, POST /getPrimaryEmail) answered from `primaryEmails`;
// and every Account API call that names another account (AccountId) refused, as AWS does,
// until Organizations' trusted access for account.amazonaws.com is on (seen going to moto);
// moto's refusals of Account API calls (XML) are passed on in REST-JSON, as AWS sends them.
//
// Authorization: the caller's own calls answered here (AssumeRoot, ListOrganizationsFeatures,
// Enable…, EnableAWSServiceAccess) are first sent on to moto as they came, signed by the
// caller. moto authenticates and checks the caller's IAM policies before it looks at the
// action, so under its enforcement (moto.ts resetAuth) a denied caller gets moto's own 403,
// relayed unchanged; otherwise moto's answer (it implements none of these) is dropped and
// the call is answered here. moto evaluates no condition keys but sts:ExternalId: a
// statement with a Condition on sts:TaskPolicyArn never allows under it.
// Root sessions' keys are this emulator's, never moto's: their calls are checked here
// against the task policy the session was opened with.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface MemberRoot {
  password: boolean;
  accessKeys: string[];
  mfaDevices: string[];
  signingCertificates: string[];
}

export interface RootAccessEmulator {
  url: string;
  /** the root user of a member account, as AWS would hold it */
  roots: Map<string, MemberRoot>;
  features: Set<string>;
  trustedAccess: () => boolean;
  /** a member's root email, as account:GetPrimaryEmail answers it */
  primaryEmails: Map<string, string>;
  /** Organizations' trusted access for AWS Account Management is on */
  accountTrustedAccess: () => boolean;
  /** AssumeRoot calls answered: account id and task policy ARN */
  sessions: () => { accountId: string; task: string }[];
  close: () => Promise<void>;
}

const AUDIT = 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials';
const DELETE = 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials';
const AUDIT_ACTIONS = new Set(['GetLoginProfile', 'ListAccessKeys', 'ListMFADevices', 'ListSigningCertificates']);
/** The caller's own calls answered here, authorized by moto first */
const CALLER_ACTIONS = new Set(['AssumeRoot', 'ListOrganizationsFeatures', 'EnableOrganizationsRootCredentialsManagement', 'EnableOrganizationsRootSessions']);
const DELETE_ACTIONS = new Set([...AUDIT_ACTIONS, 'DeleteLoginProfile', 'DeleteAccessKey', 'DeactivateMFADevice', 'DeleteSigningCertificate']);

function header(h: IncomingHttpHeaders, name: string): string {
  const v = h[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

const NS = { iam: 'https://iam.amazonaws.com/doc/2010-05-08/', sts: 'https://sts.amazonaws.com/doc/2011-06-15/' };
const requestId = () => randomBytes(16).toString('hex');

function ok(service: 'iam' | 'sts', action: string, result: string): { status: number; body: string } {
  return {
    status: 200,
    body: `<${action}Response xmlns="${NS[service]}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

function error(service: 'iam' | 'sts', status: number, code: string, message: string): { status: number; body: string } {
  return {
    status,
    body: `<ErrorResponse xmlns="${NS[service]}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`,
  };
}

const members = (tag: string, items: string[]) => `<${tag}>${items.map((i) => `<member>${i}</member>`).join('')}</${tag}>`;

export async function startRootAccessEmulator(target: string): Promise<RootAccessEmulator> {
  const upstream = new URL(target);
  const roots = new Map<string, MemberRoot>();
  const features = new Set<string>();
  const sessions = new Map<string, { accountId: string; task: string }>();
  const answered: { accountId: string; task: string }[] = [];
  let trusted = false;
  let accountTrusted = false;
  const primaryEmails = new Map<string, string>();
  const orgId = 'o-emulated01';
  const created = '2026-01-05T10:00:00Z';

  function handle(service: string, accessKey: string, form: URLSearchParams): { status: number; body: string } | null {
    const action = form.get('Action') ?? '';
    if (service === 'sts' && action === 'AssumeRoot') {
      const accountId = form.get('TargetPrincipal') ?? '';
      const task = form.get('TaskPolicyArn.arn') ?? '';
      if (task !== AUDIT && task !== DELETE) return error('sts', 400, 'ValidationError', `TaskPolicyArn ${task} is not a root task policy this emulator knows`);
      if (!features.has('RootCredentialsManagement')) return error('sts', 403, 'AccessDenied', 'Centralized root credentials management is not enabled for the organization.');
      if (!roots.has(accountId)) return error('sts', 403, 'AccessDenied', `not authorized to perform: sts:AssumeRoot on resource: ${accountId}`);
      const akid = `ASIAEMUROOT${randomBytes(5).toString('hex').toUpperCase()}`;
      sessions.set(akid, { accountId, task });
      answered.push({ accountId, task });
      const exp = new Date(Date.now() + 900_000).toISOString();
      return ok('sts', 'AssumeRoot', `<Credentials><AccessKeyId>${akid}</AccessKeyId><SecretAccessKey>${randomBytes(20).toString('hex')}</SecretAccessKey><SessionToken>${randomBytes(32).toString('hex')}</SessionToken><Expiration>${exp}</Expiration></Credentials><SourceIdentity>mvsp-setup</SourceIdentity>`);
    }
    if (service !== 'iam') return null;
    const session = sessions.get(accessKey);
    if (session) {
      const allowed = session.task === DELETE ? DELETE_ACTIONS : AUDIT_ACTIONS;
      if (!allowed.has(action)) return error('iam', 403, 'AccessDenied', `not authorized to perform: iam:${action} with the task policy ${session.task}`);
      const root = roots.get(session.accountId)!;
      const rootArn = `arn:aws:iam::${session.accountId}:root`;
      switch (action) {
        case 'GetLoginProfile':
          return root.password
            ? ok('iam', action, `<LoginProfile><UserName>${rootArn}</UserName><CreateDate>${created}</CreateDate><PasswordResetRequired>false</PasswordResetRequired></LoginProfile>`)
            : error('iam', 404, 'NoSuchEntity', `Login Profile for User ${rootArn} cannot be found.`);
        case 'ListAccessKeys':
          return ok('iam', action, `<AccessKeyMetadata>${root.accessKeys.map((k) => `<member><AccessKeyId>${k}</AccessKeyId><Status>Active</Status><CreateDate>${created}</CreateDate></member>`).join('')}</AccessKeyMetadata><IsTruncated>false</IsTruncated>`);
        case 'ListMFADevices':
          return ok('iam', action, `<MFADevices>${root.mfaDevices.map((d) => `<member><UserName>${rootArn}</UserName><SerialNumber>${d}</SerialNumber><EnableDate>${created}</EnableDate></member>`).join('')}</MFADevices><IsTruncated>false</IsTruncated>`);
        case 'ListSigningCertificates':
          return ok('iam', action, `<Certificates>${root.signingCertificates.map((c) => `<member><UserName>${rootArn}</UserName><CertificateId>${c}</CertificateId><CertificateBody>-----BEGIN CERTIFICATE-----</CertificateBody><Status>Active</Status></member>`).join('')}</Certificates><IsTruncated>false</IsTruncated>`);
        case 'DeleteLoginProfile':
          root.password = false;
          return ok('iam', action, '');
        case 'DeleteAccessKey':
          root.accessKeys = root.accessKeys.filter((k) => k !== form.get('AccessKeyId'));
          return ok('iam', action, '');
        case 'DeactivateMFADevice':
          root.mfaDevices = root.mfaDevices.filter((d) => d !== form.get('SerialNumber'));
          return ok('iam', action, '');
        case 'DeleteSigningCertificate':
          root.signingCertificates = root.signingCertificates.filter((c) => c !== form.get('CertificateId'));
          return ok('iam', action, '');
      }
    }
    if (action === 'ListOrganizationsFeatures') {
      if (!trusted) return error('iam', 400, 'ServiceAccessNotEnabledException', 'The request failed because AWS service access is not enabled for the organization.');
      return ok('iam', action, `<OrganizationId>${orgId}</OrganizationId>${members('EnabledFeatures', [...features].sort())}`);
    }
    if (action === 'EnableOrganizationsRootCredentialsManagement' || action === 'EnableOrganizationsRootSessions') {
      if (!trusted) return error('iam', 400, 'ServiceAccessNotEnabledException', 'The request failed because AWS service access is not enabled for the organization.');
      features.add(action === 'EnableOrganizationsRootSessions' ? 'RootSessions' : 'RootCredentialsManagement');
      return ok('iam', action, `<OrganizationId>${orgId}</OrganizationId>${members('EnabledFeatures', [...features].sort())}`);
    }
    return null;
  }

  /** The request as it came, sent on to moto: its status, headers and body. */
  function upstreamCall(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const up = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: Buffer.concat(parts) }));
        r.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });
  }

  /** moto's answer when it refuses the caller (authentication or authorization), else null. */
  async function refusedByMoto(req: IncomingMessage, body: Buffer) {
    const r = await upstreamCall(req, body);
    return r.status === 403 ? r : null;
  }

  async function serve(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const auth = header(req.headers, 'authorization');
    const scope = /Credential=([^/]+)\/\d{8}\/[^/]+\/([^/]+)\//.exec(auth);
    const [accessKey, service] = [scope?.[1] ?? '', scope?.[2] ?? ''];
    const target = header(req.headers, 'x-amz-target');
    // moto knows no iam.amazonaws.com service principal: trusted access for IAM is answered here
    if (target.endsWith('.EnableAWSServiceAccess') && (JSON.parse(body.toString('utf8') || '{}') as { ServicePrincipal?: string }).ServicePrincipal === 'iam.amazonaws.com') {
      const refused = await refusedByMoto(req, body);
      if (refused) return relay(res, refused);
      trusted = true;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId() });
      res.end('{}');
      return;
    }
    if (service === 'account') {
      const input = JSON.parse(body.toString('utf8') || '{}') as { AccountId?: string };
      const path = (req.url ?? '').split('?')[0];
      if (input.AccountId !== undefined && !accountTrusted) {
        return json(res, 403, { __type: 'AccessDeniedException', message: 'You must enable trusted access for AWS Account Management in AWS Organizations to call this API for a member account.' });
      }
      if (path === '/getPrimaryEmail') {
        const refused = await refusedByMoto(req, body);
        if (refused) return relay(res, refused);
        const email = primaryEmails.get(input.AccountId ?? '');
        if (email === undefined) return json(res, 404, { __type: 'ResourceNotFoundException', message: `Account ${input.AccountId ?? ''} is not a member of the organization.` });
        return json(res, 200, { PrimaryEmail: email });
      }
      // moto refuses an Account API call in XML; AWS answers in the API's REST-JSON protocol
      const r = await upstreamCall(req, body);
      const xml = r.status === 403 && !String(r.headers['content-type'] ?? '').includes('json');
      if (!xml) return relay(res, r);
      const message = /<Message>([^<]*)<\/Message>/.exec(r.body.toString('utf8'))?.[1] ?? 'Access denied';
      return json(res, 403, { __type: 'AccessDeniedException', message });
    }
    if (target.endsWith('.EnableAWSServiceAccess') && (JSON.parse(body.toString('utf8') || '{}') as { ServicePrincipal?: string }).ServicePrincipal === 'account.amazonaws.com') {
      const r = await upstreamCall(req, body);
      if (r.status === 200) accountTrusted = true;
      return relay(res, r);
    }
    const form = header(req.headers, 'content-type').includes('x-www-form-urlencoded') ? new URLSearchParams(body.toString('utf8')) : null;
    if (form && !sessions.has(accessKey) && CALLER_ACTIONS.has(form.get('Action') ?? '')) {
      const refused = await refusedByMoto(req, body);
      if (refused) return relay(res, refused);
    }
    const answer = form ? handle(service, accessKey, form) : null;
    if (answer) {
      res.writeHead(answer.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() });
      res.end(answer.body);
      return;
    }
    relay(res, await upstreamCall(req, body));
  }

  function json(res: ServerResponse, status: number, value: object): void {
    const text = JSON.stringify(value);
    const type = (value as { __type?: string }).__type;
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': requestId(), ...(type ? { 'x-amzn-errortype': type } : {}) });
    res.end(text);
  }

  function relay(res: ServerResponse, r: { status: number; headers: IncomingHttpHeaders; body: Buffer }): void {
    const headers = { ...r.headers };
    delete headers['transfer-encoding'];
    res.writeHead(r.status, { ...headers, 'content-length': String(r.body.length) });
    res.end(r.body);
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      serve(req, Buffer.concat(chunks), res).catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    roots,
    features,
    trustedAccess: () => trusted,
    primaryEmails,
    accountTrustedAccess: () => accountTrusted,
    sessions: () => [...answered],
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
