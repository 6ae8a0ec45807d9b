import { describe, expect, it } from 'vitest';
import { AwsError, describeAwsError } from '../../src/aws/errors.js';
import { call, callOrNull, mapAwsError } from '../../src/aws/sdk/map-error.js';

// Shaped like what the SDK throws: query protocols (IAM, STS, SNS) carry the wire code in
// Code and Error.Code, JSON protocols only a name; both carry $fault and $metadata.
function queryError(name: string, code: string, message: string, status = 400) {
  return Object.assign(new Error(message), {
    name,
    Code: code,
    Type: 'Sender',
    Error: { Type: 'Sender', Code: code, Message: message },
    $fault: 'client',
    $metadata: { httpStatusCode: status },
  });
}

function jsonError(name: string, message: string, status = 400) {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

describe('mapAwsError', () => {
  it('names the denied action from the message when AWS gives one', () => {
    const e = mapAwsError(
      queryError('AccessDenied', 'AccessDenied', 'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:ListUsers on resource: *', 403),
      'iam:ListUsers',
    );
    expect(e).toBeInstanceOf(AwsError);
    expect({ kind: e.kind, action: e.action, code: e.code }).toEqual({ kind: 'AccessDenied', action: 'iam:ListUsers', code: 'AccessDenied' });
  });

  it('prefers the action in the message over the call’s own', () => {
    const e = mapAwsError(
      jsonError('AccessDeniedException', 'User: arn:aws:sts::1:assumed-role/R/s is not authorized to perform: account:GetAlternateContact', 403),
      'account:PutAlternateContact',
    );
    expect({ kind: e.kind, action: e.action }).toEqual({ kind: 'AccessDenied', action: 'account:GetAlternateContact' });
  });

  it('treats SNS AuthorizationError and an unknown 403 "not authorized" as AccessDenied', () => {
    expect(mapAwsError(queryError('AuthorizationErrorException', 'AuthorizationError', 'denied', 403), 'sns:Subscribe')).toMatchObject({
      kind: 'AccessDenied',
      action: 'sns:Subscribe',
    });
    expect(
      mapAwsError(jsonError('SomethingNew', 'is not authorized to perform: events:PutRule on resource x', 403), 'events:PutRule'),
    ).toMatchObject({ kind: 'AccessDenied', action: 'events:PutRule' });
  });

  it('keeps the call’s action when the message names none', () => {
    expect(mapAwsError(jsonError('AccessDeniedException', 'Access denied', 403), 'cloudtrail:DescribeTrails')).toMatchObject({
      kind: 'AccessDenied',
      action: 'cloudtrail:DescribeTrails',
    });
  });

  it('maps missing and invalid credentials to NoCredentials', () => {
    const missing = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError', tryNextLink: false });
    expect(mapAwsError(missing, 'sts:GetCallerIdentity')).toMatchObject({ kind: 'NoCredentials', action: 'sts:GetCallerIdentity' });
    for (const [name, code] of [
      ['InvalidClientTokenId', 'InvalidClientTokenId'],
      ['SignatureDoesNotMatch', 'SignatureDoesNotMatch'],
      ['UnrecognizedClientException', 'UnrecognizedClientException'],
    ] as const) {
      const e = mapAwsError(queryError(name, code, 'The security token included in the request is invalid.', 403), 'iam:ListUsers');
      expect({ kind: e.kind, code: e.code }).toEqual({ kind: 'NoCredentials', code });
      expect(e.message).toMatch(/credentials .* invalid/i);
    }
  });

  it('maps expired tokens, including an expired SSO session', () => {
    for (const name of ['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']) {
      expect(mapAwsError(queryError(name, name, 'The security token included in the request is expired', 400), 'iam:GetUser').kind).toBe('ExpiredToken');
    }
    const sso = Object.assign(new Error('The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login'), {
      name: 'TokenProviderError',
    });
    expect(mapAwsError(sso, 'sts:GetCallerIdentity').kind).toBe('ExpiredToken');
  });

  it('maps throttling', () => {
    for (const name of ['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']) {
      expect(mapAwsError(queryError(name, name, 'Rate exceeded', 400), 'iam:ListUsers').kind).toBe('Throttled');
    }
  });

  it('maps not-found, already-exists and limit errors, keeping AWS’s code', () => {
    expect(mapAwsError(queryError('NoSuchEntityException', 'NoSuchEntity', 'The user with name x cannot be found.', 404), 'iam:GetUser')).toMatchObject({
      kind: 'NotFound',
      code: 'NoSuchEntity',
    });
    expect(mapAwsError(jsonError('ResourceNotFoundException', 'No contact'), 'account:GetAlternateContact')).toMatchObject({
      kind: 'NotFound',
      code: 'ResourceNotFoundException',
    });
    expect(mapAwsError(queryError('NotFoundException', 'NotFound', 'Topic does not exist', 404), 'sns:GetTopicAttributes')).toMatchObject({
      kind: 'NotFound',
      code: 'NotFound',
    });
    expect(mapAwsError(queryError('EntityAlreadyExistsException', 'EntityAlreadyExists', 'User a already exists', 409), 'iam:CreateUser')).toMatchObject({
      kind: 'AlreadyExists',
      action: 'iam:CreateUser',
      code: 'EntityAlreadyExists',
    });
    expect(mapAwsError(queryError('LimitExceededException', 'LimitExceeded', 'Cannot exceed quota', 409), 'iam:CreateAccessKey').kind).toBe('LimitExceeded');
  });

  it('maps bad input to InvalidInput with AWS’s code', () => {
    const cases: [string, string][] = [
      ['ValidationError', 'ValidationError'],
      ['InvalidInputException', 'InvalidInput'],
      ['MalformedPolicyDocumentException', 'MalformedPolicyDocument'],
      ['InvalidParameterException', 'InvalidParameter'],
      ['InvalidAuthenticationCodeException', 'InvalidAuthenticationCode'],
      ['CredentialReportNotPresentException', 'ReportNotPresent'],
      ['CredentialReportExpiredException', 'ReportExpired'],
      ['CredentialReportNotReadyException', 'ReportInProgress'],
    ];
    for (const [name, code] of cases) {
      expect(mapAwsError(queryError(name, code, 'bad', 400), 'iam:EnableMFADevice')).toMatchObject({ kind: 'InvalidInput', code });
    }
  });

  it('recovers the wire code of credential report errors from the class name alone', () => {
    expect(mapAwsError(jsonError('CredentialReportNotReadyException', 'not ready', 404), 'iam:GetCredentialReport')).toMatchObject({
      kind: 'InvalidInput',
      code: 'ReportInProgress',
    });
  });

  it('maps a reply outside the service’s protocol to Unsupported', () => {
    const html = Object.assign(
      new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'),
      { $metadata: { httpStatusCode: 404 } },
    );
    Object.defineProperty(html, '$response', {
      value: { statusCode: 404, headers: { 'content-type': 'text/html; charset=utf-8' } },
      enumerable: false,
    });
    const e = mapAwsError(html, 'account:GetPrimaryEmail');
    expect({ kind: e.kind, action: e.action }).toEqual({ kind: 'Unsupported', action: 'account:GetPrimaryEmail' });
  });

  // What the SDK throws, after its retries, for a reply that is no AWS error document
  function foreignReply(status: number, contentType: string, message: string, name = 'SyntaxError') {
    const e = Object.assign(new Error(`${message}\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.`), {
      name,
      $metadata: { httpStatusCode: status, attempts: 3 },
    });
    Object.defineProperty(e, '$response', { value: { statusCode: status, headers: { 'content-type': contentType } }, enumerable: false });
    return e;
  }

  it('maps a busy endpoint’s plain reply (503, 429) to Throttled, never Unsupported', () => {
    for (const [status, contentType, message] of [
      [503, 'text/plain', 'Unexpected token \'u\', "upstream c"... is not valid JSON'],
      [503, 'text/plain', '@aws-sdk XML parse error: unexpected content.'],
      [429, 'text/plain; charset=utf-8', 'Unexpected token \'T\', "Too Many Requests" is not valid JSON'],
      [503, 'text/html', 'Unexpected token \'<\', "<html><bod"... is not valid JSON'],
    ] as const) {
      const e = mapAwsError(foreignReply(status, contentType, message), 'iam:ListUsers');
      expect({ kind: e.kind, action: e.action, code: e.code }).toEqual({ kind: 'Throttled', action: 'iam:ListUsers', code: `HTTP${status}` });
      expect(e.message).toBe(`the endpoint was too busy to answer (HTTP ${status}), also after 3 attempts`);
    }
    // said as the endpoint's answer, not as AWS throttling
    const said = describeAwsError(mapAwsError(foreignReply(503, 'text/plain', 'not JSON'), 'iam:ListAccountAliases'));
    expect(said.title).toBe('The AWS endpoint is too busy');
    expect(said.detail).toBe('iam:ListAccountAliases: the endpoint was too busy to answer (HTTP 503), also after 3 attempts.');
    expect(describeAwsError(new AwsError({ kind: 'Throttled', action: 'iam:ListUsers', code: 'Throttling' })).title).toBe('AWS is throttling requests');
  });

  it('maps a gateway’s 502/504 page to Network, never Unsupported', () => {
    for (const status of [502, 504]) {
      const e = mapAwsError(foreignReply(status, 'text/html', 'Unexpected token \'<\', "<html><bod"... is not valid JSON'), 'account:GetAlternateContact');
      expect({ kind: e.kind, code: e.code }).toEqual({ kind: 'Network', code: `HTTP${status}` });
      expect(e.message).toContain(`HTTP ${status}`);
    }
    // the query protocol reads an HTML page as an error without a code
    const iam = Object.assign(new Error('Unknown'), { name: 'Unknown', $fault: 'server', $metadata: { httpStatusCode: 504, attempts: 3 } });
    expect(mapAwsError(iam, 'iam:ListUsers')).toMatchObject({ kind: 'Network', code: 'HTTP504' });
  });

  it('maps a plain 500 to Unknown, and keeps a plain 404 or 501 (no such action) Unsupported', () => {
    expect(mapAwsError(foreignReply(500, 'text/plain', 'Unexpected token \'I\', "Internal S"... is not valid JSON'), 'iam:ListUsers')).toMatchObject({
      kind: 'Unknown',
      code: 'HTTP500',
    });
    for (const status of [404, 501]) {
      expect(mapAwsError(foreignReply(status, 'text/plain', 'Unexpected token \'N\', "Not Implem"... is not valid JSON'), 'account:GetContactInformation')).toMatchObject({
        kind: 'Unsupported',
        code: `HTTP${status}`,
      });
    }
  });

  it('maps connection failures and timeouts to Network', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', $metadata: { attempts: 3 } });
    expect(mapAwsError(refused, 'sts:GetCallerIdentity')).toMatchObject({ kind: 'Network', code: 'ECONNREFUSED' });
    expect(mapAwsError(Object.assign(new Error('getaddrinfo ENOTFOUND iam.amazonaws.com'), { code: 'ENOTFOUND' }), 'iam:ListUsers').kind).toBe('Network');
    expect(mapAwsError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'iam:ListUsers').kind).toBe('Network');
    expect(mapAwsError(Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }), 'iam:ListUsers').kind).toBe('Network');
    const aggregate = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:9'), { code: 'ECONNREFUSED' })], '');
    expect(mapAwsError(aggregate, 'iam:ListUsers').kind).toBe('Network');
  });

  it('maps anything else to Unknown, keeping the code and message', () => {
    const e = mapAwsError(queryError('ServiceFailureException', 'ServiceFailure', 'Internal failure', 500), 'iam:CreateUser');
    expect({ kind: e.kind, code: e.code, message: e.message }).toEqual({ kind: 'Unknown', code: 'ServiceFailure', message: 'Internal failure' });
    expect(mapAwsError('boom', 'iam:CreateUser')).toMatchObject({ kind: 'Unknown', message: 'boom' });
  });

  it('passes an AwsError through unchanged', () => {
    const original = new AwsError({ kind: 'Throttled', action: 'iam:ListUsers' });
    expect(mapAwsError(original, 'iam:GetUser')).toBe(original);
  });
});

describe('call and callOrNull', () => {
  it('wrap failures in AwsError for the action', async () => {
    await expect(call('iam:CreateUser', () => Promise.reject(queryError('EntityAlreadyExistsException', 'EntityAlreadyExists', 'exists', 409)))).rejects.toMatchObject({
      kind: 'AlreadyExists',
      action: 'iam:CreateUser',
    });
  });

  it('turn only NotFound into null', async () => {
    expect(await callOrNull('iam:GetUser', () => Promise.reject(queryError('NoSuchEntityException', 'NoSuchEntity', 'gone', 404)))).toBeNull();
    expect(await callOrNull('iam:GetUser', () => Promise.resolve(1))).toBe(1);
    await expect(callOrNull('iam:GetUser', () => Promise.reject(jsonError('AccessDeniedException', 'no', 403)))).rejects.toMatchObject({
      kind: 'AccessDenied',
    });
  });
});
