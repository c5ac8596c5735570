import { describe, expect, it } from 'vitest';
import { findFeedOwner, type FeedStore } from '../../../../src/app/feeds/service.js';

const store = {
  findUnit: async (province: string, ref: string) => (province === 'nghe-an' && ref === 'so-noi-vu' ? { id: 5, code: 'so-noi-vu', name: 'Sở Nội vụ' } : null),
  findPerson: async (id: number) => (id === 9 ? { id: 9, name: 'Nguyễn Văn A' } : null),
} as unknown as FeedStore;

describe('the owner of a calendar feed', () => {
  it('is a unit of the province, by code or name', async () => {
    expect(await findFeedOwner(store, { province: 'nghe-an', unit: 'so-noi-vu' })).toEqual({ owner: { kind: 'unit', unitId: 5 }, name: 'Sở Nội vụ' });
    expect(await findFeedOwner(store, { province: 'ha-tinh', unit: 'so-noi-vu' })).toBeNull();
  });

  it('or a person, by id', async () => {
    expect(await findFeedOwner(store, { personId: 9 })).toEqual({ owner: { kind: 'person', personId: 9 }, name: 'Nguyễn Văn A' });
    expect(await findFeedOwner(store, { personId: 10 })).toBeNull();
  });
});
