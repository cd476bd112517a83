// The diagnostics page's plain-words lines: each device state and the
// connection each get one sentence, and the summary names the worst.
import { describe, expect, it } from 'vitest';
import type { DiagnosticsState } from '../../../client/diagnostics/diagnostics-runner.js';
import { accessFailure, cameraLine, connectionLine, microphoneLine, speakerLine, userSummary, type DeviceState } from '../../../client/diagnostics/user-verdict.js';

const devices = (change: Partial<DeviceState> = {}): DeviceState => ({ camera: 'ok', frames: 10, microphone: 'ok', isHeard: true, speaker: 'heard', ...change });
const done = (change: Partial<DiagnosticsState> = {}): DiagnosticsState => ({
  phase: 'done',
  isOverridden: false,
  probes: [],
  isRelayCallRunning: false,
  signaling: { isOk: true, ms: 5, url: 'ws://x/r/d/ws' },
  ...change,
});

describe('user verdict', () => {
  it('says the camera works only once a frame was shown', () => {
    expect(cameraLine(devices())).toEqual({ level: 'ok', text: 'Your camera works: others will see you.' });
    expect(cameraLine(devices({ frames: 0 })).level).toBe('warn');
    expect(cameraLine(devices({ camera: 'denied' }))).toMatchObject({ level: 'fail', text: expect.stringContaining('allow it in the address bar') });
    expect(cameraLine(devices({ camera: 'missing' })).text).toMatch(/No camera was found/);
  });

  it('says the microphone works only once it heard something', () => {
    expect(microphoneLine(devices()).level).toBe('ok');
    expect(microphoneLine(devices({ isHeard: false }))).toEqual({ level: 'warn', text: 'Say something: the bars move when your microphone hears you.' });
    expect(microphoneLine(devices({ microphone: 'failed' })).text).toMatch(/Another app may be using it/);
  });

  it("takes the user's word for the speaker", () => {
    expect(speakerLine(devices({ speaker: undefined })).text).toMatch(/Press Play test sound/);
    expect(speakerLine(devices({ speaker: 'not-heard' })).level).toBe('fail');
    expect(speakerLine(devices()).level).toBe('ok');
  });

  it('says whether calls connect, without STUN or TURN words', () => {
    expect(connectionLine(undefined).text).toBe('Checking your connection to Parley…');
    expect(connectionLine(done({ signaling: { isOk: false, ms: 5, url: 'ws://x', failure: 'closed' } }))).toMatchObject({
      level: 'fail',
      text: expect.stringContaining('cannot reach the Parley server'),
    });
    expect(connectionLine(done()).level).toBe('warn');
    const relayed = done({
      probes: [
        {
          server: { urls: 'turn:t:3478' },
          url: 'turn:t:3478',
          result: {
            url: 'turn:t:3478',
            kind: 'turn',
            candidates: [{ type: 'relay', address: '127.0.0.1', protocol: 'udp', ms: 30 }],
            errors: [],
            isTimedOut: false,
            durationMs: 40,
          },
        },
      ],
      relayCall: { isConnected: true, pairs: [], framesDecoded: 12, ms: 900 },
    });
    expect(connectionLine(relayed)).toEqual({ level: 'ok', text: 'Calls can connect from this network.' });
    for (const line of [connectionLine(done()), connectionLine(relayed)]) expect(line.text).not.toMatch(/TURN|STUN|ICE/);
  });

  it('sums up with the worst line', () => {
    expect(userSummary([cameraLine(devices()), speakerLine(devices())]).text).toBe('You are ready for calls.');
    expect(userSummary([cameraLine(devices()), speakerLine(devices({ speaker: undefined }))]).level).toBe('warn');
    expect(userSummary([cameraLine(devices({ camera: 'denied' })), speakerLine(devices({ speaker: undefined }))]).level).toBe('fail');
  });

  it('reads getUserMedia failures by name', () => {
    expect(accessFailure(new DOMException('no', 'NotAllowedError'))).toBe('denied');
    expect(accessFailure(new DOMException('none', 'NotFoundError'))).toBe('missing');
    expect(accessFailure(new DOMException('busy', 'NotReadableError'))).toBe('failed');
  });
});
