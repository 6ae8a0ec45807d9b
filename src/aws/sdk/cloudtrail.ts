import {
  CreateTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  type AdvancedEventSelector,
  type CloudTrailClient,
  type EventSelector,
} from '@aws-sdk/client-cloudtrail';
import type { CloudTrailPort, Trail } from '../port.js';
import { call } from './map-error.js';
import { toTags } from './paginate.js';

/**
 * True when the selectors record management write events (console sign-ins are among
 * them). Classic selectors include management events unless told not to; advanced
 * selectors must select the Management category and not only read-only events (readOnly
 * Equals ["true"] or NotEquals ["false"]). Source: CloudTrail GetEventSelectors,
 * AdvancedFieldSelector.
 */
export function selectsManagementEvents(
  classic: EventSelector[] | undefined,
  advanced: AdvancedEventSelector[] | undefined,
): boolean {
  if (advanced && advanced.length > 0) {
    return advanced.some((s) => {
      const fields = s.FieldSelectors ?? [];
      const category = fields.find((f) => f.Field === 'eventCategory');
      if (!category?.Equals?.includes('Management')) return false;
      // readOnly Equals ["true"] and NotEquals ["false"] both select read-only events only
      const readOnly = fields.find((f) => f.Field === 'readOnly');
      if (readOnly?.NotEquals?.includes('false')) return false;
      if (readOnly?.Equals && readOnly.Equals.length > 0 && !readOnly.Equals.includes('false')) return false;
      return true;
    });
  }
  return (classic ?? []).some((s) => s.IncludeManagementEvents !== false && s.ReadWriteType !== 'ReadOnly');
}

export function createCloudTrailPort(client: () => CloudTrailClient, clientIn: (region: string) => CloudTrailClient): CloudTrailPort {
  return {
    async describeTrails() {
      const out = await call('cloudtrail:DescribeTrails', () =>
        client().send(new DescribeTrailsCommand({ includeShadowTrails: true })),
      );
      return Promise.all(
        (out.trailList ?? []).map(async (t): Promise<Trail> => {
          const id = t.TrailARN ?? t.Name ?? '';
          // A multi-region trail shows in every region, but its status and selectors are
          // only reliably readable in its home region.
          const home = t.HomeRegion ? clientIn(t.HomeRegion) : client();
          const [status, selectors] = await Promise.all([
            call('cloudtrail:GetTrailStatus', () => home.send(new GetTrailStatusCommand({ Name: id }))),
            call('cloudtrail:GetEventSelectors', () => home.send(new GetEventSelectorsCommand({ TrailName: id }))),
          ]);
          return {
            name: t.Name ?? '',
            arn: t.TrailARN ?? '',
            homeRegion: t.HomeRegion ?? '',
            isMultiRegion: t.IsMultiRegionTrail ?? false,
            includeGlobalServiceEvents: t.IncludeGlobalServiceEvents ?? false,
            s3BucketName: t.S3BucketName ?? '',
            isLogging: status.IsLogging ?? false,
            logsManagementEvents: selectsManagementEvents(selectors.EventSelectors, selectors.AdvancedEventSelectors),
          };
        }),
      );
    },
    async createTrail(input) {
      const out = await call('cloudtrail:CreateTrail', () =>
        clientIn(input.region).send(
          new CreateTrailCommand({
            Name: input.name,
            S3BucketName: input.s3BucketName,
            IsMultiRegionTrail: true,
            IncludeGlobalServiceEvents: true,
            EnableLogFileValidation: true,
            TagsList: toTags(input.tags),
          }),
        ),
      );
      return out.TrailARN ?? '';
    },
    async putManagementEventSelectors(trail) {
      await call('cloudtrail:PutEventSelectors', () =>
        clientIn(trail.homeRegion).send(
          new PutEventSelectorsCommand({
            TrailName: trail.arn,
            EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
          }),
        ),
      );
    },
    async startLogging(trail) {
      await call('cloudtrail:StartLogging', () => clientIn(trail.homeRegion).send(new StartLoggingCommand({ Name: trail.arn })));
    },
  };
}
