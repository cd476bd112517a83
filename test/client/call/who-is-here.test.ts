import { describe, expect, it } from 'vitest';
import { whoIsHere } from '../../../client/call/who-is-here.js';
import { pageTitle } from '../../../client/call/page-title.js';
import { PREVIEW_LENGTH, previewOf } from '../../../client/call/chat-preview.js';

describe('whoIsHere', () => {
  it('names up to two people and counts the rest', () => {
    expect(whoIsHere([])).toBe('No one else is here yet');
    expect(whoIsHere(['Alice'])).toBe('Alice is in this call');
    expect(whoIsHere(['Alice', 'Bob'])).toBe('Alice and Bob are in this call');
    expect(whoIsHere(['Alice', 'Bob', 'Carol'])).toBe('Alice, Bob and 1 other are in this call');
    expect(whoIsHere(['Alice', 'Bob', 'Carol', 'Dan', 'Eve'])).toBe('Alice, Bob and 3 others are in this call');
  });
});

describe('pageTitle', () => {
  it('puts the unread count before the room', () => {
    expect(pageTitle('standup')).toBe('standup · Parley');
    expect(pageTitle('standup', 0)).toBe('standup · Parley');
    expect(pageTitle('standup', 2)).toBe('(2) standup · Parley');
    expect(pageTitle('standup', 250)).toBe('(99+) standup · Parley');
    expect(pageTitle('')).toBe('Parley');
  });
});

describe('previewOf', () => {
  const message = { senderId: 'b2', from: 'Bob', text: '  First line\nsecond line', private: undefined };
  it('shows the first line, under the name the call shows', () => {
    expect(previewOf(message)).toEqual({ from: 'Bob', text: 'First line', isPrivate: false });
    expect(previewOf(message, (id) => (id === 'b2' ? 'Bob (2)' : undefined)).from).toBe('Bob (2)');
  });

  it('cuts a long line, and marks a private message', () => {
    const long = previewOf({ ...message, text: '🎉'.repeat(200), private: { direction: 'from', name: 'Bob', peerId: 'b2' } });
    expect(Array.from(long.text)).toHaveLength(PREVIEW_LENGTH);
    expect(long.text.endsWith('…')).toBe(true);
    expect(long.isPrivate).toBe(true);
  });
});
