import { startCoturn } from './helpers/coturn.js';
import { launchChromium } from './helpers/chromium.js';
import { startTestServer } from './helpers/test-server.js';
const DEFAULT_CLIENT_DIR = (await import('node:path')).resolve('dist/client');
const c = await startCoturn({ secret: 'x' });
const s = await startTestServer({ STUN_URLS: `stun:127.0.0.1:${c.port}`, TURN_URLS: `${c.udpUrl},${c.tcpUrl}`, TURN_SECRET: 'x' }, DEFAULT_CLIENT_DIR);
const b = await launchChromium();
try {
  const p = await b.newPage({ viewport: { width: 1280, height: 800 } });
  p.on('console', (m) => console.log('console', m.type(), m.text()));
  p.on('pageerror', (e) => console.log('pageerror', e.message));
  await p.goto(`${s.url}/diagnostics`);
  await new Promise((r) => setTimeout(r, 12000));
  await p.screenshot({ path: '.screens/dbg.png', fullPage: true });
  console.log(await p.locator('ice-diagnostics').evaluate((el) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').slice(0, 1500)));
} finally { await b.close(); await s.close(); await c.stop(); }
