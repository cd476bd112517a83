// Ada and Bob in one call, both videos decoding, for a test file whose cases
// all act on that one call (the controls, the keyboard). Kept apart from
// call-fixture.ts, which closes every page after each case.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { closeAll, join, launchBrowser, openRoom, selfId, waitForRemoteVideos, type Participant } from './browser.js';

export interface TwoInCall {
  server: RunningServer;
  browser: Browser;
  ada: Participant;
  bob: Participant;
  adaId: string;
  /** Stops the server (a case may do it mid-call); a second call does nothing. */
  closeServer(): Promise<void>;
  /** Closes the pages, Chromium and the server. */
  close(): Promise<void>;
}

/** Call from beforeAll; stops whatever it started if the call cannot be set up. */
export async function startTwoInCall(room: string): Promise<TwoInCall> {
  const server = await startTestServer({}, path.resolve('dist/client'));
  let closing: Promise<void> | undefined;
  const closeServer = () => (closing ??= server.close());
  let browser: Browser | undefined;
  const people: Participant[] = [];
  try {
    browser = await launchBrowser();
    const ada = await openRoom(browser, server.url, room, 'Ada');
    people.push(ada);
    const bob = await openRoom(browser, server.url, room, 'Bob');
    people.push(bob);
    await join(ada);
    await join(bob);
    await waitForRemoteVideos(ada.page, 1);
    await waitForRemoteVideos(bob.page, 1);
    const adaId = await selfId(ada.page);
    const opened = browser;
    return {
      server,
      browser,
      ada,
      bob,
      adaId,
      closeServer,
      async close() {
        await closeAll(opened, people);
        await closeServer();
      },
    };
  } catch (error) {
    await closeAll(browser, people);
    await closeServer();
    throw error;
  }
}
