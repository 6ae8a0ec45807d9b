// The AWS managed policies the sandbox knows. Documents follow AWS's published
// versions; ReadOnlyAccess is shortened (the real one lists hundreds of services).
import type { ManagedPolicy } from '../port.js';

const policy = (name: string, defaultVersionId: string, document: ManagedPolicy['document']): ManagedPolicy => ({
  name,
  arn: `arn:aws:iam::aws:policy/${name}`,
  defaultVersionId,
  document,
  tags: {},
});

export const AWS_MANAGED_POLICIES: readonly ManagedPolicy[] = [
  policy('AdministratorAccess', 'v1', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  }),
  policy('PowerUserAccess', 'v5', {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeOrganization',
          'account:ListRegions',
          'account:GetAccountInformation',
        ],
        Resource: '*',
      },
    ],
  }),
  policy('ReadOnlyAccess', 'v118', {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadOnlyActions',
        Effect: 'Allow',
        Action: [
          'account:Get*',
          'cloudtrail:Describe*',
          'cloudtrail:Get*',
          'cloudtrail:List*',
          'ec2:Describe*',
          'events:Describe*',
          'events:List*',
          'iam:Generate*',
          'iam:Get*',
          'iam:List*',
          's3:Get*',
          's3:List*',
          'sns:Get*',
          'sns:List*',
          'sts:GetCallerIdentity',
        ],
        Resource: '*',
      },
    ],
  }),
  policy('IAMUserChangePassword', 'v2', {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['iam:ChangePassword'], Resource: ['arn:aws:iam::*:user/${aws:username}'] },
      { Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy'], Resource: '*' },
    ],
  }),
];
