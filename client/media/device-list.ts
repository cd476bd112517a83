// Which microphones, cameras and speakers the browser offers, as the device
// menu and the settings show them: one list per kind, a label for each (the
// browser gives labels only once camera or microphone access was granted),
// the one in use marked, and whether the one in use has gone (unplugged).
// Plain functions over enumerateDevices()'s answer, so they are unit tested.

/** The three kinds of device a user picks. */
export type DeviceKind = 'mic' | 'camera' | 'speaker';

/** enumerateDevices()'s kind for each of ours. */
export const BROWSER_KIND: Record<DeviceKind, MediaDeviceKind> = { mic: 'audioinput', camera: 'videoinput', speaker: 'audiooutput' };

const NOUN: Record<DeviceKind, string> = { mic: 'Microphone', camera: 'Camera', speaker: 'Speaker' };

/** One entry of a device list. */
export interface DeviceOption {
  id: string;
  label: string;
}

/** The part of MediaDeviceInfo these functions read. */
export type DeviceInfo = Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>;

/**
 * The devices of `kind`, in the browser's order, each with a label:
 * "Microphone 2" where the browser withholds the name (no permission yet).
 * Entries without an id (also a sign of no permission) are left out.
 */
export function listDevices(devices: readonly DeviceInfo[], kind: DeviceKind): DeviceOption[] {
  return devices.filter((d) => d.kind === BROWSER_KIND[kind] && d.deviceId !== '').map((d, i) => ({ id: d.deviceId, label: d.label || `${NOUN[kind]} ${i + 1}` }));
}

/**
 * The id to mark as in use: `currentId` when it is listed, else the
 * browser's default (the entry called "default", or the first), since that
 * is what an empty choice gets. Empty when the list is.
 */
export function markedDevice(options: readonly DeviceOption[], currentId: string): string {
  if (options.some((o) => o.id === currentId)) return currentId;
  return (options.find((o) => o.id === 'default') ?? options[0])?.id ?? '';
}

/**
 * Whether the device `currentId` of `kind` has gone from the list: it was
 * chosen (or in use), the browser lists devices of that kind with ids (so it
 * would list this one), and it is not among them.
 */
export function isDeviceGone(devices: readonly DeviceInfo[], kind: DeviceKind, currentId: string): boolean {
  if (currentId === '') return false;
  const options = listDevices(devices, kind);
  return !options.some((o) => o.id === currentId);
}

/** The label the browser gives `id`, or the generic noun: for "Your camera (X) was disconnected". */
export function deviceLabel(devices: readonly DeviceInfo[], kind: DeviceKind, id: string): string {
  return listDevices(devices, kind).find((o) => o.id === id)?.label ?? NOUN[kind].toLowerCase();
}

/** The notice when a device in use went away and the default one took over. */
export function describeLostDevice(kind: DeviceKind, label: string): string {
  const noun = NOUN[kind].toLowerCase();
  const named = label && label !== noun ? ` (${label})` : '';
  return `Your ${noun}${named} was disconnected. Switched to the default ${noun}.`;
}
