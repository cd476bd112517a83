// @vitest-environment happy-dom
// The participant list: states, media marks, and stats polled every second
// only while shown and asked for.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Participant } from '../../../client/call/manager.js';
import '../../../client/ui/participant-list.js';
import { STATS_INTERVAL_MS, formatBitrate, type ParticipantList } from '../../../client/ui/participant-list.js';
import type { PeerStats } from '../../../client/peers/peer-stats.js';

const status = (audio = true, video = true) => ({ type: 'media-status', audio, video, screen: false }) as const;
const people: Participant[] = [
  { id: 'me', tileKey: '', username: 'Mia', isSelf: true, isReachable: true, state: 'connected', stream: undefined, status: status() },
  { id: 'a', tileKey: 'a', username: 'Ada', isSelf: false, isReachable: true, state: 'connected', stream: undefined, status: status(false, true) },
  { id: 'b', tileKey: 'b', username: '', isSelf: false, isReachable: true, state: 'connecting', stream: undefined, status: status(true, false) },
];

async function render(getStats: (id: string) => Promise<PeerStats | undefined>): Promise<ParticipantList> {
  const el = document.createElement('participant-list');
  el.participants = people;
  el.getStats = getStats;
  el.isActive = true;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe('participant-list', () => {
  it('offers "Message privately" on everyone the chat reaches, not on ourselves or a connection the room no longer lists', async () => {
    const el = document.createElement('participant-list');
    el.participants = [...people, { ...people[1]!, id: 'gone', username: 'Gus', isReachable: false }];
    document.body.append(el);
    await el.updateComplete;
    const picked: unknown[] = [];
    el.addEventListener('message-privately', (e) => picked.push(e.detail.target));
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.dm')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(['Message Ada privately', 'Message Guest privately']);
    for (const b of buttons) b.click();
    expect(picked).toEqual([
      { id: 'a', name: 'Ada' },
      { id: 'b', name: 'Guest' },
    ]);
  });

  it("lists everyone with each peer's connection state and muted devices", async () => {
    const el = await render(async () => undefined);
    const rows = [...el.shadowRoot!.querySelectorAll('li')];
    expect(rows.map((r) => r.querySelector('.name')!.textContent)).toEqual(['Mia (you)', 'Ada', 'Guest']);
    expect(rows.map((r) => r.querySelector('[data-state]')?.textContent ?? null)).toEqual([null, 'Connected', 'Connecting']);
    expect(rows[1]!.querySelector('.marks')!.textContent).toContain('Microphone off');
    expect(rows[2]!.querySelector('.marks')!.textContent).toContain('Camera off');
  });

  it('polls stats every second while asked for, and stops when hidden', async () => {
    vi.useFakeTimers();
    try {
      const asked: string[] = [];
      const el = await render(async (id) => {
        asked.push(id);
        return {
          localCandidateType: 'host',
          remoteCandidateType: 'relay',
          rttMs: 12,
          bitrateInKbps: 1500,
          bitrateOutKbps: 300,
          packetLossPercent: 0.5,
          sample: { at: 0, bytesIn: 0, bytesOut: 0 },
        };
      });
      expect(asked).toEqual([]);
      const toggle = el.shadowRoot!.querySelector<HTMLInputElement>('.toggle input')!;
      toggle.checked = true;
      toggle.dispatchEvent(new Event('change'));
      await el.updateComplete;
      await vi.advanceTimersByTimeAsync(0);
      await el.updateComplete;
      expect(asked).toEqual(['a', 'b']);
      const stat = (name: string) => el.shadowRoot!.querySelector(`li[data-peer="a"] [data-stat="${name}"]`)!.textContent;
      expect([stat('route'), stat('rtt'), stat('in'), stat('out'), stat('loss')]).toEqual(['host → relay', '12 ms', '1.5 Mbps', '300 kbps', '0.5%']);

      await vi.advanceTimersByTimeAsync(STATS_INTERVAL_MS);
      expect(asked).toHaveLength(4);
      el.isActive = false;
      await el.updateComplete;
      await vi.advanceTimersByTimeAsync(STATS_INTERVAL_MS * 5);
      expect(asked).toHaveLength(4);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a hostile name cleaned, isolated in <bdi> from " (you)"', async () => {
    const el = document.createElement('participant-list');
    el.participants = [{ ...people[0]!, username: '\u202Eevil\u0007 name\u2066' }];
    document.body.append(el);
    await el.updateComplete;
    const name = el.shadowRoot!.querySelector('.name')!;
    expect(name.querySelector('bdi')!.textContent).toBe('evil name');
    expect(name.textContent).toBe('evil name (you)');
  });

  it('formats bitrates', () => {
    expect(formatBitrate(undefined)).toBe('–');
    expect(formatBitrate(999)).toBe('999 kbps');
    expect(formatBitrate(2345)).toBe('2.3 Mbps');
  });
});
