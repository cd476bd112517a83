// Launches Debian's Chromium through playwright-core with a fake camera and
// microphone and loopback ICE allowed, for the browser tests. Close the
// returned browser in afterAll.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/lib/chromium/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'],
  });
}
