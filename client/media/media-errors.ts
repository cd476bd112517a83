// Why a camera or microphone could not be had, from getUserMedia's DOMException.

/** The device asked for by id is not there (DOMException names). */
export function isNotFound(error: unknown): boolean {
  const name = typeof error === 'object' && error !== null && 'name' in error ? error.name : '';
  return name === 'NotFoundError' || name === 'OverconstrainedError';
}

/** A sentence for the lobby about why a device is missing. */
export function describeMediaError(kind: 'audio' | 'video', error: unknown): string {
  const device = kind === 'audio' ? 'microphone' : 'camera';
  const name = typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `Access to the ${device} was denied.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${device} found.`;
    case 'NotReadableError':
      return `The ${device} is in use by another app.`;
    default:
      return `The ${device} is not available.`;
  }
}
