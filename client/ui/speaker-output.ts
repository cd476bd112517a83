// Which speaker remote sound plays on: HTMLMediaElement.setSinkId, where the
// browser has it (Chromium does; Safari and Firefox on phones do not, and
// there the speaker list is hidden rather than offered and ignored).

/** Whether this browser lets a page pick the speaker. */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/**
 * Plays `element` on speaker `id` ('' = the system default). A speaker that
 * is refused or gone leaves the sound where it was: nothing to tell.
 */
export function playOn(element: HTMLMediaElement, id: string): void {
  if (!canChooseSpeaker() || element.sinkId === id) return;
  element.setSinkId(id).catch(() => undefined);
}
