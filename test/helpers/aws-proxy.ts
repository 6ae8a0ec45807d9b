// A loopback HTTP proxy in front of moto: the CLI under test gets its URL as
// AWS_ENDPOINT_URL. It records every AWS call (service, action, attempts) and can make
// any one call fail the way AWS fails — so faults come from outside the product.
//
// A "call" is one SDK invocation: the SDK sends the same amz-sdk-invocation-id on every
// retry, so a fault chosen for a call is applied to all of its attempts (a throttle or a
// 500 that survives the SDK's retries).
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultKind = 'throttle' | 'denied' | 'reset' | 'server' | 'expired' | ForeignFault;
/** A reply from something in front of AWS (a proxy, a load balancer), not an AWS error document. */
export type ForeignFault = 'proxy-503' | 'proxy-429' | 'gateway-502' | 'gateway-504';

// What such middleboxes send: Envoy's overflow text, nginx's and an ALB's error pages.
const FOREIGN: Record<ForeignFault, { status: number; contentType: string; body: string }> = {
  'proxy-503': { status: 503, contentType: 'text/plain', body: 'upstream connect error or disconnect/reset before headers. reset reason: overflow' },
  'proxy-429': { status: 429, contentType: 'text/plain; charset=utf-8', body: 'Too Many Requests' },
  'gateway-502': { status: 502, contentType: 'text/html', body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n' },
  'gateway-504': { status: 504, contentType: 'text/html', body: '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n' },
};
export const FOREIGN_FAULTS = Object.keys(FOREIGN) as ForeignFault[];
const isForeign = (kind: FaultKind): kind is ForeignFault => kind in FOREIGN;
export const FAULT_KINDS: FaultKind[] = ['throttle', 'denied', 'reset', 'server'];

export interface AwsCall {
  /** 0-based order of the call's first attempt */
  index: number;
  /** e.g. iam */
  service: string;
  /** e.g. CreateUser */
  action: string;
  /** iam:CreateUser */
  id: string;
  /** how many times this action was called before, in this recording (0-based) */
  occurrence: number;
  attempts: number;
  status: number | null;
  fault: FaultKind | null;
  /** the request body of the first attempt (form-encoded or JSON) */
  body: string;
}

export interface AwsProxy {
  url: string;
  calls: () => AwsCall[];
  /** forget recorded calls */
  clear: () => void;
  /** decide, once per call, whether it fails */
  setFault: (choose: ((call: AwsCall) => FaultKind | null) | null) => void;
  /** sees every response body moto sends back (e.g. to learn a secret the CLI received) */
  onResponse: (fn: ((call: AwsCall, body: string) => void) | null) => void;
  /**
   * Hold a call: asked once per call, as it arrives; a promise keeps every attempt of that
   * call from reaching moto until it settles (a slow AWS answer, with the order in hand).
   */
  setHold: (hold: ((call: AwsCall) => Promise<void> | null) | null) => void;
  /**
   * Answer a call with another body (same status and headers) instead of moto's: null keeps
   * moto's. For what AWS does and moto does not (e.g. the same credential report for four hours).
   */
  setRewrite: (rewrite: ((call: AwsCall, body: string) => string | null) | null) => void;
  /**
   * S3 buckets owned by another account (name → account id), which moto does not model:
   * a request to one whose ExpectedBucketOwner header names another account is answered
   * 403 AccessDenied, as S3 answers it (S3 user guide, "Verifying bucket ownership with
   * bucket owner condition"); null forgets them.
   */
  setBucketOwners: (owners: Record<string, string> | null) => void;
  /**
   * Send every answer with a Date header `ms` from this computer's time (positive: AWS's
   * clock ahead, i.e. this computer's clock lags AWS's), as AWS does when the clocks
   * differ; 0 passes moto's Date through.
   */
  setClockSkew: (ms: number) => void;
  close: () => Promise<void>;
}

type Protocol = 'query' | 'json' | 'rest-json' | 'rest-xml';

interface Parsed {
  service: string;
  action: string;
  protocol: Protocol;
}

function header(h: IncomingHttpHeaders, name: string): string {
  const v = h[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

// S3 bucket calls (REST-XML: the call is the method and a sub-resource in the query), named
// by the IAM action AWS checks for them (Service Authorization Reference: Amazon S3).
const S3_SUBRESOURCE: Record<string, [get: string, put: string]> = {
  policy: ['GetBucketPolicy', 'PutBucketPolicy'],
  publicAccessBlock: ['GetBucketPublicAccessBlock', 'PutBucketPublicAccessBlock'],
  encryption: ['GetEncryptionConfiguration', 'PutEncryptionConfiguration'],
  ownershipControls: ['GetBucketOwnershipControls', 'PutBucketOwnershipControls'],
  tagging: ['GetBucketTagging', 'PutBucketTagging'],
};

function s3Action(method: string, path: string): string {
  const query = new URLSearchParams(path.split('?')[1] ?? '');
  for (const [key, [get, put]] of Object.entries(S3_SUBRESOURCE)) {
    if (query.has(key)) return method === 'PUT' ? put : get;
  }
  if (method === 'HEAD' || method === 'GET') return 'ListBucket';
  if (method === 'PUT') return 'CreateBucket';
  return method;
}

/** The bucket an S3 request names: the first path segment (path style) or the host's first label (virtual-hosted style). */
function s3Bucket(path: string, headers: IncomingHttpHeaders, owners: Record<string, string>): string | undefined {
  const first = decodeURIComponent(path.split('?')[0]!.split('/')[1] ?? '');
  if (first in owners) return first;
  const host = header(headers, 'host');
  return Object.keys(owners).find((b) => host.startsWith(`${b}.`));
}

function parse(method: string, path: string, headers: IncomingHttpHeaders, body: string): Parsed {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(header(headers, 'authorization'));
  const service = scope?.[1] ?? 'unknown';
  if (service === 's3') return { service, action: s3Action(method, path), protocol: 'rest-xml' };
  const target = header(headers, 'x-amz-target');
  if (target) return { service, action: target.slice(target.lastIndexOf('.') + 1), protocol: 'json' };
  const action = /(?:^|&)Action=([A-Za-z0-9]+)/.exec(body);
  if (action) return { service, action: action[1]!, protocol: 'query' };
  // REST-JSON (the Account API): POST /getAlternateContact → GetAlternateContact
  const op = /^\/([A-Za-z]+)/.exec(path)?.[1] ?? method;
  return { service, action: op.charAt(0).toUpperCase() + op.slice(1), protocol: 'rest-json' };
}

interface ErrorReply {
  status: number;
  code: string;
  message: string;
}

function errorFor(kind: Exclude<FaultKind, 'reset' | ForeignFault>, p: Parsed): ErrorReply {
  const iamAction = `${p.service === 'events' ? 'events' : p.service}:${p.action}`;
  switch (kind) {
    case 'throttle':
      if (p.protocol === 'rest-xml') return { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' };
      if (p.protocol === 'query') return { status: 400, code: 'Throttling', message: 'Rate exceeded' };
      if (p.protocol === 'rest-json') return { status: 429, code: 'TooManyRequestsException', message: 'Rate exceeded' };
      return { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' };
    case 'denied':
      return {
        status: p.protocol === 'json' ? 400 : 403,
        code: p.protocol === 'query' || p.protocol === 'rest-xml' ? 'AccessDenied' : 'AccessDeniedException',
        message: `User: arn:aws:iam::123456789012:user/moto is not authorized to perform: ${iamAction} because no identity-based policy allows the ${iamAction} action`,
      };
    case 'server':
      if (p.protocol === 'rest-xml') return { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' };
      return { status: 500, code: p.protocol === 'query' ? 'ServiceFailure' : 'InternalFailure', message: 'We encountered an internal error. Please try again.' };
    case 'expired':
      return {
        status: p.protocol === 'rest-json' ? 403 : 400,
        code: p.protocol === 'query' || p.protocol === 'rest-xml' ? 'ExpiredToken' : 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
      };
  }
}

function writeError(res: import('node:http').ServerResponse, p: Parsed, e: ErrorReply): void {
  const requestId = '00000000-0000-4000-8000-000000000000';
  if (p.protocol === 'query') {
    const xml =
      `<ErrorResponse xmlns="https://${p.service}.amazonaws.com/doc/2010-05-08/"><Error><Type>${e.status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
      `<Code>${e.code}</Code><Message>${e.message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    res.writeHead(e.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
    res.end(xml);
    return;
  }
  if (p.protocol === 'rest-xml') {
    // S3's error document; a HEAD answer carries no body, only the status
    res.writeHead(e.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${e.code}</Code><Message>${e.message}</Message><RequestId>${requestId}</RequestId></Error>`);
    return;
  }
  const contentType = p.protocol === 'json' ? 'application/x-amz-json-1.1' : 'application/json';
  res.writeHead(e.status, { 'content-type': contentType, 'x-amzn-errortype': e.code, 'x-amzn-requestid': requestId });
  res.end(JSON.stringify(p.protocol === 'json' ? { __type: e.code, message: e.message } : { message: e.message }));
}

/** Start a proxy to `target` (moto's base URL) on 127.0.0.1. */
export async function startAwsProxy(target: string): Promise<AwsProxy> {
  const upstream = new URL(target);
  let calls: AwsCall[] = [];
  const byInvocation = new Map<string, AwsCall>();
  let choose: ((call: AwsCall) => FaultKind | null) | null = null;
  let responseHook: ((call: AwsCall, body: string) => void) | null = null;
  let holdFor: ((call: AwsCall) => Promise<void> | null) | null = null;
  let rewriteFor: ((call: AwsCall, body: string) => string | null) | null = null;
  let bucketOwners: Record<string, string> = {};
  let skewMs = 0;
  const holds = new Map<AwsCall, Promise<void> | null>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      const path = req.url ?? '/';
      // moto's own API (reset, reset-auth) passes through unrecorded
      if (path.startsWith('/moto-api')) return forward(undefined);
      const parsed = parse(req.method ?? 'POST', path, req.headers, text);
      const invocation = header(req.headers, 'amz-sdk-invocation-id') || `anon-${calls.length}`;
      let call = byInvocation.get(invocation);
      if (call) call.attempts += 1;
      else {
        const id = `${parsed.service}:${parsed.action}`;
        call = {
          index: calls.length,
          service: parsed.service,
          action: parsed.action,
          id,
          occurrence: calls.filter((c) => c.id === id).length,
          attempts: 1,
          status: null,
          fault: null,
          body: text,
        };
        call.fault = choose?.(call) ?? null;
        calls.push(call);
        byInvocation.set(invocation, call);
      }
      const current = call;
      if (parsed.service === 's3') {
        const bucket = s3Bucket(path, req.headers, bucketOwners);
        const expected = header(req.headers, 'x-amz-expected-bucket-owner');
        if (bucket && expected && expected !== bucketOwners[bucket]) {
          current.status = 403;
          writeError(res, parsed, { status: 403, code: 'AccessDenied', message: 'Access Denied' });
          return;
        }
      }
      if (current.fault === 'reset') {
        req.socket.destroy();
        return;
      }
      if (current.fault && isForeign(current.fault)) {
        const f = FOREIGN[current.fault];
        current.status = f.status;
        res.writeHead(f.status, { 'content-type': f.contentType });
        res.end(f.body);
        return;
      }
      if (current.fault) {
        const e = errorFor(current.fault, parsed);
        current.status = e.status;
        writeError(res, parsed, e);
        return;
      }
      if (!holds.has(current)) holds.set(current, holdFor?.(current) ?? null);
      const hold = holds.get(current);
      if (hold) void hold.then(() => forward(current), () => forward(current));
      else forward(current);

      function forward(rec: AwsCall | undefined): void {
        const out = httpRequest(
          { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers },
          (up) => {
            const parts: Buffer[] = [];
            up.on('data', (c: Buffer) => parts.push(c));
            up.on('end', () => {
              let payload = Buffer.concat(parts);
              const headers = { ...up.headers };
              if (rec) {
                rec.status = up.statusCode ?? null;
                responseHook?.(rec, payload.toString('utf8'));
                const replaced = rewriteFor?.(rec, payload.toString('utf8'));
                if (typeof replaced === 'string') {
                  payload = Buffer.from(replaced, 'utf8');
                  headers['content-length'] = String(payload.length);
                  delete headers['content-md5'];
                }
              }
              if (skewMs !== 0) headers.date = new Date(Date.now() + skewMs).toUTCString();
              res.writeHead(up.statusCode ?? 502, headers);
              res.end(payload);
            });
          },
        );
        out.on('error', () => res.destroy());
        out.end(body);
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls.slice(),
    clear: () => {
      calls = [];
      byInvocation.clear();
      holds.clear();
    },
    setFault: (fn) => {
      choose = fn;
    },
    onResponse: (fn) => {
      responseHook = fn;
    },
    setHold: (fn) => {
      holdFor = fn;
    },
    setRewrite: (fn) => {
      rewriteFor = fn;
    },
    setBucketOwners: (owners) => {
      bucketOwners = { ...owners };
    },
    setClockSkew: (ms) => {
      skewMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
