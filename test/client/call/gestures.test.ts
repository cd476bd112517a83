// Gestures over a fake mesh (a unit test: the real data channel is in test/e2e/awareness.test.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Gestures, SELF_KEY, type GestureMesh } from '../../../client/call/gestures.js';
import type { PeerGesture } from '../../../client/peers/peer-gesture.js';
import type { PeerMeshEvents } from '../../../client/peers/peer-mesh.js';
import { TypedEmitter } from '../../../shared/typed-emitter.js';

class FakeMesh extends TypedEmitter<PeerMeshEvents> implements GestureMesh {
  sent: PeerGesture[] = [];
  sentTo: [string, PeerGesture][] = [];
  sendGesture(g: PeerGesture): void {
    this.sent.push(g);
  }
  sendGestureTo(id: string, g: PeerGesture): void {
    this.sentTo.push([id, g]);
  }
  fire<K extends keyof PeerMeshEvents>(event: K, payload: PeerMeshEvents[K]): void {
    this.emit(event, payload);
  }
}

describe('Gestures', () => {
  let mesh: FakeMesh;
  let gestures: Gestures;
  beforeEach(() => {
    vi.useFakeTimers();
    mesh = new FakeMesh();
    gestures = new Gestures(mesh);
  });
  afterEach(() => {
    try {
      gestures.dispose();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends our hand to everyone, and again to each peer whose channel opens while it is up', () => {
    mesh.fire('peer-open', { id: 'b' });
    expect(mesh.sentTo).toEqual([]);
    gestures.setHandRaised(true);
    gestures.setHandRaised(true);
    expect(mesh.sent).toEqual([{ type: 'hand', raised: true }]);
    expect(gestures.hands.isRaised(SELF_KEY)).toBe(true);
    mesh.fire('peer-open', { id: 'c' });
    expect(mesh.sentTo).toEqual([['c', { type: 'hand', raised: true }]]);
    gestures.setHandRaised(false);
    expect(mesh.sent.at(-1)).toEqual({ type: 'hand', raised: false });
  });

  it("keeps the others' hands, says when one goes up, and drops them when their connection goes", () => {
    const raised: string[] = [];
    gestures.on('hand-raised', ({ id }) => raised.push(id));
    mesh.fire('hand', { id: 'b', raised: true });
    gestures.setHandRaised(true); // ours is not news to us
    expect(raised).toEqual(['b']);
    expect([...gestures.hands.ranks().keys()]).toEqual(['b', SELF_KEY]);
    mesh.fire('peer-removed', { id: 'b' });
    expect(gestures.hands.isRaised('b')).toBe(false);
  });

  it('shows our reaction here and sends it; a peer’s shows over its key, limited', () => {
    gestures.react('👏');
    expect(mesh.sent).toEqual([{ type: 'reaction', emoji: '👏' }]);
    expect(gestures.reactions.shown(SELF_KEY).map((r) => r.emoji)).toEqual(['👏']);
    for (let i = 0; i < 100; i++) mesh.fire('reaction', { id: 'm', emoji: '🎉' });
    expect(gestures.reactions.shown('m').length).toBeLessThanOrEqual(3);
    // Our own are limited as well: a held-down click does not flood the others.
    for (let i = 0; i < 100; i++) gestures.react('👍');
    expect(mesh.sent.length).toBeLessThanOrEqual(3);
  });
});
