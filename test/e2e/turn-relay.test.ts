// TURN through a real coturn: credentials minted by Parley get a relay
// candidate in Chromium, a wrong secret or an expired credential gets none,
// and a call forced onto the relay carries decoded video.
// Longer than ~300 lines for a reason: one coturn and one Chromium, started
// once (each takes seconds), serve every case.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IceConfig, IceServer } from '../../shared/protocol.js';
import type { RunningServer } from '../../server/server.js';
import { mintTurnCredential } from '../../server/ice/turn-credentials.js';
import { bundleModule } from '../helpers/bundle.js';
import { launchChromium } from '../helpers/chromium.js';
import { startCoturn, type Coturn } from '../helpers/coturn.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient } from '../helpers/ws-client.js';

const SECRET = 'coturn-test-secret-93b1';
const GATHER_TIMEOUT_MS = 10_000;

let coturn: Coturn | undefined;
let server: RunningServer | undefined;
let wrongSecretServer: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  coturn = await startCoturn({ secret: SECRET });
  const turnUrls = `${coturn.udpUrl},${coturn.tcpUrl}`;
  server = await startTestServer({ TURN_URLS: turnUrls, TURN_SECRET: SECRET, TURN_TTL: '600', ICE_TRANSPORT_POLICY: 'relay' });
  wrongSecretServer = await startTestServer({ TURN_URLS: turnUrls, TURN_SECRET: 'not-the-coturn-secret' });
  browser = await launchChromium();
  // The test injects a bundled module as a data: URL, which the server's CSP
  // rightly refuses to pages; this test page alone bypasses it.
  page = await (await browser.newContext({ bypassCSP: true })).newPage();
  await page.goto(server.url);
});

afterAll(async () => {
  // Each in its own step, so one failure still stops the rest.
  await browser?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  await wrongSecretServer?.close().catch(() => undefined);
  await coturn?.stop();
});

/** The `ice-config` a client of `target` gets over its WebSocket. */
async function iceConfigFrom(target: RunningServer): Promise<IceConfig & { clientId: string }> {
  const client = await TestClient.connect(target.url, 'turn-test');
  try {
    const reply = await client.request({ receiver: 'ground control', type: 'get-ice-config' });
    expect(reply.type).toBe('ice-config');
    return { ...(reply.data as IceConfig), clientId: client.id };
  } finally {
    await client.close();
  }
}

interface GatherResult {
  relays: { address: string | null; ms: number }[];
  types: string[];
  errors: { code: number; text: string; url: string }[];
  isTimedOut: boolean;
}

/**
 * Gathers candidates in the page for `iceServers` until every TURN URL has
 * answered with a relay candidate or an error, or `timeoutMs` passes.
 */
function gather(iceServers: IceServer[], timeoutMs = GATHER_TIMEOUT_MS): Promise<GatherResult> {
  return page.evaluate(
    async ({ iceServers, timeoutMs }) => {
      const turnUrls = iceServers.flatMap((s) => [s.urls].flat()).filter((u) => u.startsWith('turn'));
      const pc = new RTCPeerConnection({ iceServers });
      const started = performance.now();
      const result = {
        relays: [] as { address: string | null; ms: number }[],
        types: [] as string[],
        errors: [] as { code: number; text: string; url: string }[],
        isTimedOut: false,
      };
      const answered = new Set<string>();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          result.isTimedOut = true;
          resolve();
        }, timeoutMs);
        const check = () => {
          if (turnUrls.every((u) => answered.has(u))) {
            clearTimeout(timer);
            resolve();
          }
        };
        pc.onicecandidate = ({ candidate }) => {
          if (!candidate) return;
          result.types.push(candidate.type ?? '?');
          if (candidate.type === 'relay') {
            result.relays.push({ address: candidate.address, ms: Math.round(performance.now() - started) });
            // Chrome names the server in candidate.url (non-standard).
            const url = (candidate as RTCIceCandidate & { url?: string }).url;
            if (url) answered.add(url);
            else turnUrls.forEach((u) => answered.add(u));
            check();
          }
        };
        pc.onicecandidateerror = (event) => {
          const e = event;
          result.errors.push({ code: e.errorCode, text: e.errorText, url: e.url });
          if (turnUrls.includes(e.url)) answered.add(e.url);
          check();
        };
        pc.createDataChannel('probe');
        void pc.createOffer().then((offer) => pc.setLocalDescription(offer));
      });
      pc.close();
      return result;
    },
    { iceServers, timeoutMs },
  );
}

describe('TURN through coturn', () => {
  it('gets a relay candidate with credentials minted by Parley, over UDP and TCP', async () => {
    const { iceServers, clientId } = await iceConfigFrom(server!);
    expect(iceServers[0]!.username).toMatch(new RegExp(`^\\d+:${clientId}$`));
    const result = await gather(iceServers);
    expect(result.errors, `coturn refused: ${JSON.stringify(result.errors)}\n${coturn!.log().slice(-1500)}`).toEqual([]);
    expect(result.relays.length, `no relay candidate within ${GATHER_TIMEOUT_MS} ms; got ${result.types.join(', ')}`).toBeGreaterThanOrEqual(2);
    expect(result.relays.every((r) => r.address === '127.0.0.1')).toBe(true);
    console.info(`time to first relay candidate: ${Math.min(...result.relays.map((r) => r.ms))} ms`);
  });

  it('gets no relay candidate when Parley and coturn disagree on the secret, and coturn says 401', async () => {
    const { iceServers } = await iceConfigFrom(wrongSecretServer!);
    const result = await gather(iceServers);
    expect(result.relays, 'a wrong secret must not yield a relay candidate').toEqual([]);
    expect(result.isTimedOut, `neither a relay candidate nor an error within ${GATHER_TIMEOUT_MS} ms`).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(new Set(result.errors.map((e) => e.code))).toEqual(new Set([401]));
  });

  it('refuses a credential whose expiry has passed, though its HMAC is right', async () => {
    // Minted with our code an hour ago for 60 s: expired 59 minutes ago.
    const { username, credential } = mintTurnCredential(SECRET, 'expired-client', 60, Date.now() - 3_600_000);
    const result = await gather([{ urls: [coturn!.udpUrl, coturn!.tcpUrl], username, credential }]);
    expect(result.relays, 'an expired credential must not yield a relay candidate').toEqual([]);
    expect(result.isTimedOut, `neither a relay candidate nor an error within ${GATHER_TIMEOUT_MS} ms`).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(new Set(result.errors.map((e) => e.code))).toEqual(new Set([401]));
  });
});

interface RelayCallResult {
  isTimedOut: boolean;
  framesDecoded: number;
  pairs: { local: string; remote: string }[];
}

describe('a call with ICE_TRANSPORT_POLICY=relay', () => {
  it('selects a relay candidate pair on both sides, and video frames decode', async () => {
    const iceConfig = await iceConfigFrom(server!);
    expect(iceConfig.iceTransportPolicy).toBe('relay');
    const result: RelayCallResult = await page.evaluate(
      async ({ iceServers, iceTransportPolicy, timeoutMs }) => {
        const a = new RTCPeerConnection({ iceServers, iceTransportPolicy });
        const b = new RTCPeerConnection({ iceServers, iceTransportPolicy });
        a.onicecandidate = ({ candidate }) => candidate && void b.addIceCandidate(candidate);
        b.onicecandidate = ({ candidate }) => candidate && void a.addIceCandidate(candidate);
        const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
        for (const track of stream.getTracks()) a.addTrack(track, stream);
        const video = document.createElement('video');
        video.muted = true;
        document.body.append(video);
        // Frames presented by the <video> have been received and decoded.
        // Three, not one: getStats can count a frame a moment after the
        // <video> shows it, and framesDecoded is read once below.
        const firstFrame = new Promise<void>((resolve) => {
          b.ontrack = ({ streams }) => {
            video.srcObject = streams[0] ?? null;
            let presented = 0;
            const onFrame = () => (++presented >= 3 ? resolve() : video.requestVideoFrameCallback(onFrame));
            video.requestVideoFrameCallback(onFrame);
            void video.play();
          };
        });
        await a.setLocalDescription(await a.createOffer());
        await b.setRemoteDescription(a.localDescription!);
        await b.setLocalDescription(await b.createAnswer());
        await a.setRemoteDescription(b.localDescription!);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const isTimedOut = await Promise.race([firstFrame.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)))]);
        clearTimeout(timer);
        const selectedPair = async (pc: RTCPeerConnection) => {
          const stats = await pc.getStats();
          let pairId: string | undefined;
          stats.forEach((s) => {
            if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
          });
          const pair = pairId ? stats.get(pairId) : undefined;
          return { local: pair ? stats.get(pair.localCandidateId)?.candidateType : 'none', remote: pair ? stats.get(pair.remoteCandidateId)?.candidateType : 'none' };
        };
        let framesDecoded = 0;
        (await b.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') framesDecoded = s.framesDecoded ?? 0;
        });
        const pairs = [await selectedPair(a), await selectedPair(b)];
        for (const track of stream.getTracks()) track.stop();
        a.close();
        b.close();
        video.remove();
        return { isTimedOut, framesDecoded, pairs };
      },
      { iceServers: iceConfig.iceServers, iceTransportPolicy: iceConfig.iceTransportPolicy, timeoutMs: 20_000 },
    );
    expect(result.isTimedOut, `no video frame over the relay within 20 s; pairs ${JSON.stringify(result.pairs)}`).toBe(false);
    expect(result.pairs).toEqual([
      { local: 'relay', remote: 'relay' },
      { local: 'relay', remote: 'relay' },
    ]);
    expect(result.framesDecoded).toBeGreaterThan(0);
  });
});

interface SwitchResult {
  framesBefore: number;
  framesAfter: number;
  outcomes: string[];
  states: string[];
}

describe('applyIceConfig on a call that is already up', () => {
  it('makes a live relayed call gather from the new TURN server after an ICE restart, with video still decoding', async () => {
    const other = await startCoturn({ secret: SECRET });
    try {
      const code = await bundleModule('client/ice/apply-ice-config.ts');
      // A string, so vitest's transform leaves this import() alone.
      await page.evaluate(`import(${JSON.stringify(`data:text/javascript,${encodeURIComponent(code)}`)}).then((m) => { window.applyIceConfig = m.applyIceConfig; })`);
      const first = await iceConfigFrom(server!);
      // The user's own list, say: the same credentials on another coturn.
      const moved = { ...first, iceServers: first.iceServers.map((s) => ({ ...s, urls: [other.udpUrl] })) };
      const result: SwitchResult = await page.evaluate(
        async ({ first, moved, newPorts, timeoutMs }) => {
          type Apply = (pc: RTCPeerConnection, config: unknown, options: { isRestarting: boolean }) => string;
          const { applyIceConfig } = window as unknown as { applyIceConfig: Apply };
          const trace: string[] = []; // what happened, for the failure message
          const deadline = <T>(promise: Promise<T>, what: string) =>
            Promise.race([
              promise,
              new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} within ${timeoutMs} ms; ${trace.join('; ')}`)), timeoutMs)),
            ]);
          const isNewServer = (candidate: RTCIceCandidate) =>
            candidate.type === 'relay' && candidate.port !== null && candidate.port >= newPorts.min && candidate.port <= newPorts.max;
          const fromNewServer: Record<'a' | 'b', () => void> = { a: () => undefined, b: () => undefined };
          const gathered = {
            a: new Promise<void>((resolve) => (fromNewServer.a = resolve)),
            b: new Promise<void>((resolve) => (fromNewServer.b = resolve)),
          };
          const a = new RTCPeerConnection(first);
          const b = new RTCPeerConnection(first);
          const forward =
            (name: 'a' | 'b', to: RTCPeerConnection) =>
            ({ candidate }: RTCPeerConnectionIceEvent) => {
              if (!candidate) return;
              trace.push(`${name}:${candidate.type}:${candidate.port}`);
              if (isNewServer(candidate)) fromNewServer[name]();
              void to.addIceCandidate(candidate);
            };
          a.onicecandidate = forward('a', b);
          b.onicecandidate = forward('b', a);
          const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
          for (const track of stream.getTracks()) a.addTrack(track, stream);
          const video = document.createElement('video');
          video.muted = true;
          document.body.append(video);
          const nextFrame = () => new Promise<void>((resolve) => video.requestVideoFrameCallback(() => resolve()));
          const firstTrack = new Promise<void>((resolve) => {
            b.ontrack = ({ streams }) => {
              video.srcObject = streams[0] ?? null;
              void video.play();
              resolve();
            };
          });
          const negotiate = async () => {
            await a.setLocalDescription(await a.createOffer());
            await b.setRemoteDescription(a.localDescription!);
            await b.setLocalDescription(await b.createAnswer());
            await a.setRemoteDescription(b.localDescription!);
          };
          const framesDecoded = async () => {
            let frames = 0;
            (await b.getStats()).forEach((s) => {
              if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded ?? 0;
            });
            return frames;
          };
          try {
            await negotiate();
            await deadline(firstTrack.then(nextFrame), 'no video over the first relay');
            const framesBefore = await framesDecoded();
            trace.push('restart');
            const outcomes = [applyIceConfig(a, moved, { isRestarting: true }), applyIceConfig(b, moved, { isRestarting: false })];
            await negotiate();
            await deadline(Promise.all([gathered.a, gathered.b]), 'no relay candidate from the new TURN server on both sides');
            await deadline(nextFrame().then(nextFrame), 'no video after the restart');
            outcomes.push(applyIceConfig(a, { ...moved, iceTransportPolicy: 'all' }, { isRestarting: true }));
            return { framesBefore, framesAfter: await framesDecoded(), outcomes, states: [a.iceConnectionState, b.iceConnectionState] };
          } finally {
            for (const track of stream.getTracks()) track.stop();
            a.close();
            b.close();
            video.remove();
          }
        },
        { first, moved, newPorts: other.relayPorts, timeoutMs: 20_000 },
      );
      expect(result.framesAfter).toBeGreaterThan(result.framesBefore);
      expect(
        result.states.every((state) => state === 'connected' || state === 'completed'),
        `ICE states ${result.states.join(',')}`,
      ).toBe(true);
      // A policy change is not applied in place (see apply-ice-config.ts).
      expect(result.outcomes).toEqual(['applied', 'applied', 'needs-new-connection']);
    } finally {
      await other.stop();
    }
  });
});
