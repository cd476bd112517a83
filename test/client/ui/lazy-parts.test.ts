// LazyParts loads a part's code once, tells the host to render when it
// arrives, and forgets a failed load so that the next use tries again (a
// phone that was offline for a moment must still get its settings).
import { describe, expect, it, vi } from 'vitest';
import { LazyParts } from '../../../client/ui/lazy-parts.js';

/** A loader whose promise the test settles. */
function deferredLoader() {
  const calls: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const load = vi.fn(() => new Promise<void>((resolve, reject) => calls.push({ resolve, reject })));
  return { load, calls };
}

describe('LazyParts', () => {
  it('loads a part once, however often it is asked for, and renders when it is here', async () => {
    const host = { requestUpdate: vi.fn() };
    const chat = deferredLoader();
    const parts = new LazyParts(host, { chat: chat.load });
    const first = parts.load('chat');
    const second = parts.load('chat');
    expect(chat.load).toHaveBeenCalledTimes(1);
    expect(parts.isLoading('chat')).toBe(true);
    expect(parts.isLoaded('chat')).toBe(false);
    chat.calls[0]!.resolve();
    await Promise.all([first, second]);
    expect(parts.isLoaded('chat')).toBe(true);
    expect(parts.isLoading('chat')).toBe(false);
    expect(host.requestUpdate).toHaveBeenCalledTimes(2);
    await parts.load('chat');
    expect(chat.load).toHaveBeenCalledTimes(1);
  });

  it('rejects a failed load and tries again on the next use', async () => {
    const host = { requestUpdate: vi.fn() };
    const help = deferredLoader();
    const parts = new LazyParts(host, { help: help.load });
    const failed = parts.load('help');
    help.calls[0]!.reject(new Error('Failed to fetch dynamically imported module'));
    await expect(failed).rejects.toThrow('Failed to fetch');
    expect(parts.isLoaded('help')).toBe(false);
    expect(parts.isLoading('help')).toBe(false);
    const retried = parts.load('help');
    expect(help.load).toHaveBeenCalledTimes(2);
    help.calls[1]!.resolve();
    await retried;
    expect(parts.isLoaded('help')).toBe(true);
  });

  it('keeps parts apart', async () => {
    const parts = new LazyParts({ requestUpdate: () => undefined }, { chat: () => Promise.resolve(), people: () => new Promise<void>(() => undefined) });
    await parts.load('chat');
    void parts.load('people');
    expect(parts.isLoaded('chat')).toBe(true);
    expect(parts.isLoaded('people')).toBe(false);
    expect(parts.isLoading('people')).toBe(true);
  });
});
