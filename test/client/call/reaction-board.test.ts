import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_SHOWN_PER_SENDER, REACTION_BURST, REACTION_LIFETIME_MS, REACTION_REFILL_MS, ReactionBoard } from '../../../client/call/reaction-board.js';

describe('ReactionBoard', () => {
  let board: ReactionBoard;
  beforeEach(() => {
    vi.useFakeTimers();
    board = new ReactionBoard();
  });
  afterEach(() => {
    try {
      board.dispose();
      // Guards against a reaction's timer outliving the call view.
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a reaction over its sender for its lifetime, then lets it go', () => {
    let changes = 0;
    board.on('change', () => changes++);
    expect(board.add('b', '👍')).toBe(true);
    expect(board.shown('b').map((r) => r.emoji)).toEqual(['👍']);
    expect(board.shown('c')).toEqual([]);
    vi.advanceTimersByTime(REACTION_LIFETIME_MS - 1);
    expect(board.shown('b')).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(board.shown('b')).toEqual([]);
    expect(board.all().size).toBe(0);
    expect(changes).toBe(2);
  });

  it('gives a new map on every change, so the UI sees it', () => {
    const before = board.all();
    board.add('b', '🎉');
    expect(board.all()).not.toBe(before);
  });

  it('caps a flood from one sender: a few on screen, then a trickle, however many come', () => {
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) if (board.add('mallory', '🎉')) accepted++;
    expect(accepted).toBe(MAX_SHOWN_PER_SENDER);
    expect(board.shown('mallory')).toHaveLength(MAX_SHOWN_PER_SENDER);
    // Another sender is not held back by the flood.
    expect(board.add('bob', '👏')).toBe(true);
    // Once those float away, the bucket allows what is left of the burst, then one every REFILL.
    vi.advanceTimersByTime(REACTION_LIFETIME_MS);
    let later = 0;
    for (let i = 0; i < 1000; i++) if (board.add('mallory', '🎉')) later++;
    expect(later).toBe(Math.min(MAX_SHOWN_PER_SENDER, REACTION_BURST - MAX_SHOWN_PER_SENDER + Math.floor(REACTION_LIFETIME_MS / REACTION_REFILL_MS)));
  });

  it('lets a steady sender through at the refill rate', () => {
    board.add('b', '👍');
    board.add('b', '👍');
    board.add('b', '👍');
    vi.advanceTimersByTime(REACTION_LIFETIME_MS);
    // Four in the bucket again (burst); taking them all empties it.
    for (let i = 0; i < 3; i++) expect(board.add('b', '👍')).toBe(true);
    vi.advanceTimersByTime(REACTION_LIFETIME_MS);
    expect(board.add('b', '👍')).toBe(true);
  });

  it('forgets a sender who left', () => {
    board.add('b', '❤️');
    board.forget('b');
    expect(board.shown('b')).toEqual([]);
  });
});
