// The control bar's device chevrons in real Chromium, at desktop and phone
// width: each chevron and the round button after it read as one pill, as in
// Meet. The chevron is drawn beside the button, not under it, a press on it
// opens its menu and a press on the button still reaches the button, and
// where the pill meets the button's circle there is no notch of background
// (the earlier layout overlapped two full pills, so the circle cut into the
// chevron's pill and it looked half hidden behind the button).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleModule } from '../helpers/bundle.js';
import { launchChromium } from '../helpers/chromium.js';

let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  const [bar, menu] = await Promise.all([bundleModule('client/ui/control-bar.ts'), bundleModule('client/ui/device-menu.ts')]);
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body style="margin:0;background:#0e1014"></body></html>');
  for (const code of [bar, menu]) await page.addScriptTag({ content: code, type: 'module' });
  await page.waitForFunction(() => customElements.get('control-bar') !== undefined && customElements.get('device-menu') !== undefined);
});

afterAll(async () => {
  await browser?.close();
});

/** Renders the bar as the call view does, both device menus slotted, and records its `control` events. */
async function mount(width: number): Promise<void> {
  await page.setViewportSize({ width, height: 800 });
  await page.evaluate(async () => {
    document.body.innerHTML = `<control-bar>
      <device-menu slot="mic-menu" kinds="mic speaker" label="Choose microphone and speaker"></device-menu>
      <device-menu slot="camera-menu" kinds="camera" label="Choose camera"></device-menu>
    </control-bar>`;
    const bar = document.querySelector('control-bar')!;
    const controls: string[] = [];
    Object.assign(window, { controls });
    bar.addEventListener('control', (e) => controls.push((e as CustomEvent<{ action: string }>).detail.action));
    await bar.updateComplete;
    await Promise.all([...document.querySelectorAll('device-menu')].map((m) => m.updateComplete));
  });
}

interface Pill {
  /** The chevron icon's box, the round button's box, the toggle's box. */
  icon: DOMRect;
  button: DOMRect;
  toggle: DOMRect;
  /** What is hit just inside the pill's top and bottom edges, from the chevron to the button's centre: 'toggle', 'button' or something else. */
  edges: string[];
}

/** The geometry of the chevron labelled `label` and the button named `buttonName`, and what each point along the join hits. */
function pill(label: string, buttonName: string): Promise<Pill> {
  return page.evaluate(
    ({ label, buttonName }) => {
      const bar = document.querySelector('control-bar')!.shadowRoot!;
      const menu = document.querySelector(`device-menu[label="${label}"]`)!;
      const toggle = menu.shadowRoot!.querySelector('.toggle')!;
      const button = bar.querySelector(`button[aria-label="${buttonName}"]`)!;
      const hit = (x: number, y: number) => {
        const inMenu = menu.shadowRoot!.elementFromPoint(x, y);
        if (inMenu === toggle || toggle.contains(inMenu)) return 'toggle';
        const inBar = bar.elementFromPoint(x, y);
        return inBar === button || button.contains(inBar) ? 'button' : (inBar?.tagName.toLowerCase() ?? 'nothing');
      };
      const icon = toggle.querySelector('svg')!.getBoundingClientRect();
      const b = button.getBoundingClientRect();
      const t = toggle.getBoundingClientRect();
      const edges: string[] = [];
      for (let x = Math.ceil(icon.right) + 1; x < b.left + b.width / 2 - 1; x += 2) edges.push(hit(x, t.top + 2), hit(x, t.bottom - 2));
      return { icon: icon.toJSON() as DOMRect, button: b.toJSON() as DOMRect, toggle: t.toJSON() as DOMRect, edges };
    },
    { label, buttonName },
  );
}

describe('the device chevrons beside the microphone and camera buttons', () => {
  for (const [viewport, width] of [
    ['desktop', 1280],
    ['phone', 390],
  ] as const) {
    it(`at ${viewport} width (${width} px) make one pill with their button: beside it, no notch, each press to its own control`, async () => {
      await mount(width);
      for (const [label, buttonName, action] of [
        ['Choose microphone and speaker', 'Microphone', 'mic'],
        ['Choose camera', 'Camera', 'camera'],
      ] as const) {
        const { icon, button, toggle, edges } = await pill(label, buttonName);
        expect(icon.right, `${label}: the chevron ends before the button starts`).toBeLessThanOrEqual(button.left);
        expect([toggle.top, toggle.height]).toEqual([button.top, button.height]);
        expect(edges.length, `${label}: points sampled along the join`).toBeGreaterThan(4);
        expect(new Set(edges), `${label}: along the pill's top and bottom edges, only the pill or the button`).toEqual(new Set(['toggle', 'button']));

        // A press where the chevron is drawn opens its menu; one on the button's centre is the button's.
        await page.mouse.click(icon.left + icon.width / 2, icon.top + icon.height / 2);
        await page.waitForFunction((l) => document.querySelector(`device-menu[label="${l}"]`)!.shadowRoot!.querySelector('[role=menu]') !== null, label);
        await page.keyboard.press('Escape');
        await page.mouse.click(button.left + button.width / 2, button.top + button.height / 2);
        await expect(page.evaluate(() => (window as unknown as { controls: string[] }).controls.at(-1))).resolves.toBe(action);
      }
    });
  }
});
