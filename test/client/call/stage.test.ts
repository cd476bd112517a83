import { describe, expect, it } from 'vitest';
import { Stage, type StageEntry } from '../../../client/call/stage.js';

const self: StageEntry = { key: 'self', speakKey: 'self', isSelf: true, isPresenting: false };
function other(key: string, isPresenting = false): StageEntry {
  return { key, speakKey: `id-${key}`, isSelf: false, isPresenting };
}
const none: ReadonlySet<string> = new Set();

describe('Stage', () => {
  it('shows the grid (nothing large) by default, also while others speak', () => {
    const stage = new Stage();
    stage.update([self, other('a'), other('b')], new Set(['id-b']));
    expect(stage.large).toBeUndefined();
  });

  it('makes a pinned tile large, and unpinning returns to the automatic choice', () => {
    const stage = new Stage();
    stage.update([self, other('a', true), other('b')], none);
    stage.pin('b');
    expect(stage.large).toBe('b');
    stage.togglePin('b');
    expect(stage.pinned).toBeUndefined();
    expect(stage.large).toBe('a');
  });

  it('lets the user pin their own tile, which is never large by itself', () => {
    const stage = new Stage();
    stage.view = 'speaker';
    stage.update([self, other('a')], new Set(['self']));
    expect(stage.large).toBe('a');
    stage.togglePin('self');
    expect(stage.large).toBe('self');
  });

  it('forgets a pin whose participant left', () => {
    const stage = new Stage();
    stage.update([self, other('a'), other('b')], none);
    stage.pin('b');
    stage.update([self, other('a')], none);
    expect(stage.pinned).toBeUndefined();
    expect(stage.large).toBeUndefined();
  });

  it("makes another's shared screen large in either view, the latest presenter first", () => {
    const stage = new Stage();
    stage.update([self, other('a'), other('b', true)], none);
    expect(stage.large).toBe('b');
    stage.update([self, other('a', true), other('b', true)], none);
    expect(stage.large).toBe('a');
    stage.view = 'speaker';
    stage.update([self, other('a'), other('b', true)], new Set(['id-a']));
    expect(stage.large).toBe('b');
  });

  it('never makes our own shared screen large (the presenter gets a banner, not a mirror)', () => {
    const stage = new Stage();
    stage.update([{ ...self, isPresenting: true }, other('a')], none);
    expect(stage.presenter).toBeUndefined();
    expect(stage.large).toBeUndefined();
  });

  it('in speaker view follows whoever starts speaking, and keeps the last one through silence', () => {
    const stage = new Stage();
    stage.view = 'speaker';
    stage.update([self, other('a'), other('b')], none);
    expect(stage.large).toBe('a');
    stage.update([self, other('a'), other('b')], new Set(['id-b']));
    expect(stage.large).toBe('b');
    stage.update([self, other('a'), other('b')], none);
    expect(stage.large).toBe('b');
    // A starts while B goes on: the newest start wins; B going on does not take it back.
    stage.update([self, other('a'), other('b')], new Set(['id-b']));
    stage.update([self, other('a'), other('b')], new Set(['id-a', 'id-b']));
    expect(stage.large).toBe('a');
    stage.update([self, other('a'), other('b')], new Set(['id-a', 'id-b']));
    expect(stage.large).toBe('a');
  });

  it('hands the stage to one who goes on speaking when the last speaker falls silent', () => {
    const stage = new Stage();
    stage.view = 'speaker';
    stage.update([self, other('a'), other('b')], new Set(['id-a']));
    stage.update([self, other('a'), other('b')], new Set(['id-a', 'id-b']));
    expect(stage.large).toBe('b');
    stage.update([self, other('a'), other('b')], new Set(['id-a']));
    expect(stage.large).toBe('a');
  });

  it('does not hand the stage to us when we speak, and falls back when the speaker leaves', () => {
    const stage = new Stage();
    stage.view = 'speaker';
    stage.update([self, other('a'), other('b')], new Set(['id-b']));
    stage.update([self, other('a'), other('b')], new Set(['id-b', 'self']));
    expect(stage.activeSpeaker).toBe('b');
    stage.update([self, other('a')], new Set(['self']));
    expect(stage.large).toBe('a');
  });

  it('has nothing large when we are alone', () => {
    const stage = new Stage();
    stage.view = 'speaker';
    stage.update([self], new Set(['self']));
    expect(stage.large).toBeUndefined();
    expect(stage.activeSpeaker).toBeUndefined();
  });
});
