// Runs one screenshot set on its own (`npx tsx test/screenshots-lock.ts [dir]`):
// a browser of its own, PNGs into docs/screenshots or the folder given, and
// every page and the browser closed however the set ends. test/screenshots.ts
// runs all the sets with one browser.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { closeAll, launchBrowser, type Participant } from './e2e/browser.js';

export type Shot = (page: Page, name: string) => Promise<void>;

/** How long a screenshot page's action or wait may take before it fails. */
const PATIENCE_MS = 120_000;

/**
 * Gives every context `browser` makes PATIENCE_MS instead of Playwright's
 * 30 s: on this shared 2-core machine (load 40 seen) a page's click or fill
 * once took longer while other calls ran. A wait that cannot succeed still
 * fails, later.
 */
export function withPatience(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(PATIENCE_MS);
    return context;
  };
  return browser;
}
export type ShotSet = (browser: Browser, shot: Shot, people: Participant[]) => Promise<void>;

/** Runs `shots` when `moduleUrl` is the script node was started with. */
export async function runIfMain(moduleUrl: string, shots: ShotSet): Promise<void> {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');
  mkdirSync(outDir, { recursive: true });
  const browser = withPatience(await launchBrowser());
  const people: Participant[] = [];
  try {
    await shots(
      browser,
      async (page, name) => {
        await page.screenshot({ path: path.join(outDir, `${name}.png`) });
        console.log(`wrote ${name}.png`);
      },
      people,
    );
  } finally {
    await closeAll(browser, people);
  }
}
