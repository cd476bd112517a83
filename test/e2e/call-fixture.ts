// One server and one Chromium per test file, set up and torn down by vitest
// hooks: the pages a test opens close when it ends (so calls never pile up
// on the CPU), and the browser and server stop after the file, also when a
// test fails. Kept apart from browser.ts, which the screenshot script uses
// outside vitest.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { closeAll, launchBrowser, openRoom, type Participant } from './browser.js';

export interface CallFixture {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** Opens /r/<room> as a new person (their own browser context); closed after the test. */
  enter: (room: string, name: string, initScripts?: string[]) => Promise<Participant>;
}

/**
 * Call at the top of a test file. `env` is the server's configuration (e.g.
 * MAX_ROOM_SIZE); `deviceCount` gives every page that many fake cameras.
 */
export function useCallFixture(env: Record<string, string> = {}, { deviceCount = 1 } = {}): CallFixture {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const people: Participant[] = [];
  beforeAll(async () => {
    server = await startTestServer(env, path.resolve('dist/client'));
    browser = await launchBrowser({ deviceCount });
  });
  afterEach(async () => {
    await closeAll(undefined, people.splice(0));
  });
  afterAll(async () => {
    await closeAll(browser, people.splice(0));
    await server?.close();
  });
  const fixture: CallFixture = {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll; use the fixture inside a test');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('Chromium starts in beforeAll; use the fixture inside a test');
      return browser;
    },
    async enter(room, name, initScripts = []) {
      const p = await openRoom(fixture.browser, fixture.server.url, room, name, undefined, initScripts);
      people.push(p);
      return p;
    },
  };
  return fixture;
}
