// A caller with exactly some permissions, under moto's IAM enforcement (see moto.ts).
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { motoUrl, resetAuth } from './moto.js';

export interface Keys extends NodeJS.ProcessEnv {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
}

/**
 * Create user `name` with an inline policy document and/or managed policy ARNs, then turn
 * enforcement on: from the next request on, only moto-issued keys work, each call checked
 * against the owner's policies. Returns the user's keys (for the CLI's environment).
 */
export async function enforcedCaller(name: string, opts: { inline?: object; managed?: string[] }): Promise<Keys> {
  const iam = new IAMClient({ region: 'us-east-1', endpoint: motoUrl(), credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (opts.inline) {
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'under-test', PolicyDocument: JSON.stringify(opts.inline) }));
  }
  for (const arn of opts.managed ?? []) await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: arn }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  iam.destroy();
  await resetAuth(0);
  return { AWS_ACCESS_KEY_ID: key.AccessKey?.AccessKeyId ?? '', AWS_SECRET_ACCESS_KEY: key.AccessKey?.SecretAccessKey ?? '' };
}
