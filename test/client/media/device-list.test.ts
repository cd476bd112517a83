// The device lists the menu and the settings show: per kind, labelled when
// the browser withholds names, the one in use marked, a gone one noticed.
import { describe, expect, it } from 'vitest';
import { describeLostDevice, deviceLabel, isDeviceGone, listDevices, markedDevice, type DeviceInfo } from '../../../client/media/device-list.js';

const device = (kind: MediaDeviceKind, deviceId: string, label = ''): DeviceInfo => ({ kind, deviceId, label });

/** As Chromium lists them once access is granted: a "default" entry first for audio. */
const GRANTED = [
  device('audioinput', 'default', 'Default - Headset'),
  device('audioinput', 'mic-a', 'Headset'),
  device('audioinput', 'mic-b', 'Built-in microphone'),
  device('videoinput', 'cam-a', 'FaceTime HD'),
  device('videoinput', 'cam-b', 'USB camera'),
  device('audiooutput', 'default', 'Default - Speakers'),
  device('audiooutput', 'spk-a', 'Speakers'),
];

describe('listDevices', () => {
  it('lists the devices of one kind, in the browser order, with their labels', () => {
    expect(listDevices(GRANTED, 'camera')).toEqual([
      { id: 'cam-a', label: 'FaceTime HD' },
      { id: 'cam-b', label: 'USB camera' },
    ]);
    expect(listDevices(GRANTED, 'mic').map((o) => o.id)).toEqual(['default', 'mic-a', 'mic-b']);
    expect(listDevices(GRANTED, 'speaker').map((o) => o.label)).toEqual(['Default - Speakers', 'Speakers']);
  });

  it('names unlabelled devices by kind and place, and leaves out entries without an id', () => {
    const withheld = [device('videoinput', 'x1'), device('videoinput', 'x2'), device('audioinput', '')];
    expect(listDevices(withheld, 'camera')).toEqual([
      { id: 'x1', label: 'Camera 1' },
      { id: 'x2', label: 'Camera 2' },
    ]);
    expect(listDevices(withheld, 'mic')).toEqual([]);
  });
});

describe('markedDevice', () => {
  const mics = listDevices(GRANTED, 'mic');

  it('marks the device in use', () => {
    expect(markedDevice(mics, 'mic-b')).toBe('mic-b');
  });

  it('marks the default entry when none (or an unlisted one) is chosen, else the first, else nothing', () => {
    expect(markedDevice(mics, '')).toBe('default');
    expect(markedDevice(mics, 'unplugged')).toBe('default');
    expect(markedDevice(listDevices(GRANTED, 'camera'), '')).toBe('cam-a');
    expect(markedDevice([], 'cam-a')).toBe('');
  });
});

describe('isDeviceGone', () => {
  it('is true only for a chosen device the list no longer has', () => {
    const unplugged = GRANTED.filter((d) => d.deviceId !== 'cam-b');
    expect(isDeviceGone(unplugged, 'camera', 'cam-b')).toBe(true);
    expect(isDeviceGone(unplugged, 'camera', 'cam-a')).toBe(false);
    expect(isDeviceGone(unplugged, 'camera', '')).toBe(false);
  });

  it('is true when the last device of its kind went', () => {
    expect(isDeviceGone([device('audioinput', 'mic-a', 'Headset')], 'camera', 'cam-a')).toBe(true);
  });
});

describe('the notice for a lost device', () => {
  it('names the device that went, as the browser labelled it', () => {
    expect(deviceLabel(GRANTED, 'camera', 'cam-b')).toBe('USB camera');
    expect(describeLostDevice('camera', 'USB camera')).toBe('Your camera (USB camera) was disconnected. Switched to the default camera.');
  });

  it('falls back to the kind when the label is unknown', () => {
    expect(deviceLabel(GRANTED, 'mic', 'gone')).toBe('microphone');
    expect(describeLostDevice('mic', 'microphone')).toBe('Your microphone was disconnected. Switched to the default microphone.');
    expect(describeLostDevice('speaker', '')).toBe('Your speaker was disconnected. Switched to the default speaker.');
  });
});
