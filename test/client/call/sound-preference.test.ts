import { describe, expect, it } from 'vitest';
import { SoundPreference, type PreferenceStore } from '../../../client/call/sound-preference.js';

function store(initial: Record<string, string> = {}): PreferenceStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('SoundPreference', () => {
  it('is off until turned on, and remembers the choice', () => {
    const s = store();
    const pref = new SoundPreference(s);
    expect(pref.isOn).toBe(false);
    const seen: boolean[] = [];
    pref.on('change', (v) => seen.push(v));
    pref.set(true);
    pref.set(true);
    expect(seen).toEqual([true]);
    expect(new SoundPreference(s).isOn).toBe(true);
    pref.set(false);
    expect(new SoundPreference(s).isOn).toBe(false);
  });

  it('works without storage, or with storage that refuses', () => {
    const refusing: PreferenceStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const pref = new SoundPreference(refusing);
    expect(pref.isOn).toBe(false);
    pref.set(true);
    expect(pref.isOn).toBe(true);
    expect(new SoundPreference(undefined).isOn).toBe(false);
  });
});
