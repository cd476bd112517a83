// The devices picked are remembered for the session, and a stored value that
// is not ours (another version, hand-edited) is read field by field.
import { describe, expect, it } from 'vitest';
import { DeviceMemory } from '../../../client/media/device-memory.js';

function fakeStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

describe('DeviceMemory', () => {
  it('remembers each kind on its own', () => {
    const storage = fakeStorage();
    const memory = new DeviceMemory(storage);
    memory.save('camera', 'cam-b');
    memory.save('speaker', 'spk-a');
    expect(new DeviceMemory(storage).load()).toEqual({ mic: '', camera: 'cam-b', speaker: 'spk-a' });
    memory.save('camera', '');
    expect(memory.load().camera).toBe('');
  });

  it('reads nothing from a stored value that is not valid, and only strings from one that is odd', () => {
    expect(new DeviceMemory(fakeStorage({ 'parley.devices': '{not json' })).load()).toEqual({ mic: '', camera: '', speaker: '' });
    expect(new DeviceMemory(fakeStorage({ 'parley.devices': 'null' })).load()).toEqual({ mic: '', camera: '', speaker: '' });
    const odd = JSON.stringify({ mic: 42, camera: 'cam-a', speaker: 'x'.repeat(1000), extra: 'y' });
    expect(new DeviceMemory(fakeStorage({ 'parley.devices': odd })).load()).toEqual({ mic: '', camera: 'cam-a', speaker: '' });
  });

  it('works without storage, and when storage refuses to write', () => {
    const none = new DeviceMemory(undefined);
    none.save('mic', 'mic-a');
    expect(none.load()).toEqual({ mic: '', camera: '', speaker: '' });
    const full = new DeviceMemory({
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(() => full.save('mic', 'mic-a')).not.toThrow();
  });
});
