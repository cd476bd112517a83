import { describe, expect, it } from 'vitest';
import { RaisedHands, raisedFirst } from '../../../client/call/raised-hands.js';

describe('RaisedHands', () => {
  it('keeps hands in the order raised; a hand raised again goes to the back', () => {
    const hands = new RaisedHands();
    const raised: string[] = [];
    hands.on('raised', ({ key }) => raised.push(key));
    hands.set('c', true);
    hands.set('a', true);
    hands.set('b', true);
    expect(raisedFirst(['self', 'a', 'b', 'c', 'd'], (k) => k, hands.ranks())).toEqual(['c', 'a', 'b', 'self', 'd']);
    hands.set('c', false);
    hands.set('c', true);
    expect(raisedFirst(['self', 'a', 'b', 'c', 'd'], (k) => k, hands.ranks())).toEqual(['a', 'b', 'c', 'self', 'd']);
    expect(raised).toEqual(['c', 'a', 'b', 'c']);
  });

  it('reports only real changes, and gives a new map on each', () => {
    const hands = new RaisedHands();
    let changes = 0;
    hands.on('change', () => changes++);
    const before = hands.ranks();
    expect(hands.set('a', false)).toBe(false);
    expect(hands.set('a', true)).toBe(true);
    expect(hands.set('a', true)).toBe(false);
    expect(hands.ranks()).not.toBe(before);
    hands.forget('a');
    hands.forget('a');
    expect(hands.isRaised('a')).toBe(false);
    expect(changes).toBe(2);
  });
});
