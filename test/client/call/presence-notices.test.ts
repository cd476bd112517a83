import { describe, expect, it } from 'vitest';
import { PresenceNotices, presenceText } from '../../../client/call/presence-notices.js';

const self = { key: '', name: 'Ada', isSelf: true };
const p = (key: string, name: string) => ({ key, name, isSelf: false });

describe('PresenceNotices', () => {
  it('announces nobody who was here first, then each join and leave', () => {
    const notices = new PresenceNotices();
    expect(notices.handle([self, p('b', 'Bob')])).toEqual([]);
    expect(notices.handle([self, p('b', 'Bob'), p('c', 'Carol')])).toEqual([{ kind: 'joined', name: 'Carol' }]);
    expect(notices.handle([self, p('c', 'Carol')])).toEqual([{ kind: 'left', name: 'Bob' }]);
  });

  it('announces a newcomer once their name comes, and not at all if they leave before', () => {
    const notices = new PresenceNotices();
    notices.handle([self]);
    expect(notices.handle([self, p('b', '')])).toEqual([]);
    expect(notices.handle([self, p('b', 'Bob')])).toEqual([{ kind: 'joined', name: 'Bob' }]);
    expect(notices.handle([self, p('b', 'Bob'), p('c', '')])).toEqual([]);
    expect(notices.handle([self, p('b', 'Bob')])).toEqual([]);
  });

  it('says a renamed person left under their newest name', () => {
    const notices = new PresenceNotices();
    notices.handle([self, p('b', 'Bob')]);
    notices.handle([self, p('b', 'Robert')]);
    expect(notices.handle([self])).toEqual([{ kind: 'left', name: 'Robert' }]);
  });

  it('knows whether anyone has been here with us', () => {
    const notices = new PresenceNotices();
    notices.handle([self]);
    expect(notices.hasHadCompany).toBe(false);
    notices.handle([self, p('b', '')]);
    notices.handle([self]);
    expect(notices.hasHadCompany).toBe(true);
  });

  it('words each change', () => {
    expect(presenceText({ kind: 'joined', name: 'Bob (2)' })).toBe('Bob (2) joined');
    expect(presenceText({ kind: 'left', name: '' })).toBe('Someone left');
  });
});
