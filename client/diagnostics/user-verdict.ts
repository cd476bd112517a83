// The diagnostics page in the user's words: is my camera seen, am I heard,
// do I hear, and will a call connect from here. The operator's details
// (verdict.ts) stay below, under "For the operator". Pure functions, so
// every wording is unit-tested.
import type { DiagnosticsState } from './diagnostics-runner.js';
import type { VerdictLevel } from './verdict.js';

export interface UserLine {
  level: VerdictLevel;
  /** One sentence in plain words. */
  text: string;
}

/** How getUserMedia went for one kind of device. */
export type DeviceAccess = 'asking' | 'ok' | 'denied' | 'missing' | 'failed';

export interface DeviceState {
  camera: DeviceAccess;
  /** Camera frames shown in the preview so far. */
  frames: number;
  microphone: DeviceAccess;
  /** Whether the microphone's level has risen above silence. */
  isHeard: boolean;
  /** What the user said of the test sound; undefined before they answered. */
  speaker: 'heard' | 'not-heard' | undefined;
}

const BLOCKED = 'allow it in the address bar (the camera icon), then press Check again';

export function cameraLine(s: DeviceState): UserLine {
  switch (s.camera) {
    case 'asking':
      return { level: 'warn', text: 'Waiting for the browser to let this page use your camera…' };
    case 'denied':
      return { level: 'fail', text: `This browser does not let Parley use your camera: ${BLOCKED}.` };
    case 'missing':
      return { level: 'fail', text: 'No camera was found. You can still join calls to watch, listen and talk.' };
    case 'failed':
      return { level: 'fail', text: 'Your camera did not start. Another app may be using it: close it, then press Check again.' };
    case 'ok':
      return s.frames > 0
        ? { level: 'ok', text: 'Your camera works: others will see you.' }
        : { level: 'warn', text: 'Your camera is on, waiting for its first picture…' };
  }
}

export function microphoneLine(s: DeviceState): UserLine {
  switch (s.microphone) {
    case 'asking':
      return { level: 'warn', text: 'Waiting for the browser to let this page use your microphone…' };
    case 'denied':
      return { level: 'fail', text: `This browser does not let Parley use your microphone: ${BLOCKED}.` };
    case 'missing':
      return { level: 'fail', text: 'No microphone was found: others will not hear you.' };
    case 'failed':
      return { level: 'fail', text: 'Your microphone did not start. Another app may be using it: close it, then press Check again.' };
    case 'ok':
      return s.isHeard
        ? { level: 'ok', text: 'Your microphone works: others will hear you.' }
        : { level: 'warn', text: 'Say something: the bars move when your microphone hears you.' };
  }
}

export function speakerLine(s: DeviceState): UserLine {
  if (s.speaker === 'heard') return { level: 'ok', text: 'Your speaker works: you will hear the others.' };
  if (s.speaker === 'not-heard')
    return { level: 'fail', text: 'You did not hear the test sound: turn the volume up, check the speaker chosen in your system, then play it again.' };
  return { level: 'warn', text: 'Press Play test sound to check that you will hear the others.' };
}

/** Will a call connect from here, in words for whoever sits at this browser. */
export function connectionLine(state: DiagnosticsState | undefined): UserLine {
  if (!state || (state.phase !== 'done' && !(state.signaling && !state.signaling.isOk) && !state.loadError))
    return { level: 'warn', text: 'Checking your connection to Parley…' };
  if (state.loadError || (state.signaling && !state.signaling.isOk))
    return {
      level: 'fail',
      text: 'This browser cannot reach the Parley server, so calls cannot start. Check your internet connection; if it works, tell whoever runs Parley.',
    };
  const turn = state.probes.filter((p) => p.result?.kind === 'turn');
  const isRelayOk = turn.some((p) => p.result?.candidates.some((c) => c.type === 'relay')) && (state.relayCall?.framesDecoded ?? 0) > 0;
  if (isRelayOk) return { level: 'ok', text: 'Calls can connect from this network.' };
  return {
    level: 'warn',
    text: 'Calls should connect on most home networks; on some office or mobile networks they may not. If a call stays on "Connecting", tell whoever runs Parley.',
  };
}

/** The one line at the top: all well, or the first thing to fix. */
export function userSummary(lines: UserLine[]): UserLine {
  const fail = lines.find((l) => l.level === 'fail');
  if (fail) return { level: 'fail', text: 'Something needs fixing before your next call.' };
  if (lines.some((l) => l.level === 'warn')) return { level: 'warn', text: 'Almost there: see below.' };
  return { level: 'ok', text: 'You are ready for calls.' };
}

/** How a getUserMedia failure reads, by its DOMException name. */
export function accessFailure(error: unknown): DeviceAccess {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  return 'failed';
}
