// Which CloudTrail event selectors, as GetEventSelectors returns them, record console
// sign-ins (management write events).
import { describe, expect, it } from 'vitest';
import { selectsManagementEvents } from '../../src/aws/sdk/cloudtrail.js';

const management = { Field: 'eventCategory', Equals: ['Management'] };

describe('selectsManagementEvents', () => {
  it('does not count read-only-only advanced selectors (readOnly Equals ["true"] or NotEquals ["false"])', () => {
    expect(selectsManagementEvents(undefined, [{ Name: 'ro', FieldSelectors: [management, { Field: 'readOnly', NotEquals: ['false'] }] }])).toBe(false);
    expect(selectsManagementEvents(undefined, [{ Name: 'ro', FieldSelectors: [management, { Field: 'readOnly', Equals: ['true'] }] }])).toBe(false);
  });

  it('counts advanced selectors that keep write events', () => {
    expect(selectsManagementEvents(undefined, [{ Name: 'all', FieldSelectors: [management] }])).toBe(true);
    expect(selectsManagementEvents(undefined, [{ Name: 'w', FieldSelectors: [management, { Field: 'readOnly', Equals: ['false'] }] }])).toBe(true);
    expect(selectsManagementEvents(undefined, [{ Name: 'w', FieldSelectors: [management, { Field: 'readOnly', NotEquals: ['true'] }] }])).toBe(true);
    expect(selectsManagementEvents(undefined, [{ Name: 'data', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }])).toBe(false);
  });

  it('reads classic selectors: ReadOnly does not record sign-ins', () => {
    expect(selectsManagementEvents([{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }], undefined)).toBe(false);
    expect(selectsManagementEvents([{ ReadWriteType: 'All', IncludeManagementEvents: true }], undefined)).toBe(true);
  });
});
