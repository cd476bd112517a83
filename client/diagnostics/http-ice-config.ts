// Fetches the diagnostics page's ICE configuration over HTTP (GET
// /diagnostics/ice-config) and checks it against the protocol's schema: the
// page must work even when the WebSocket path is what is broken.
import { checks } from 'virtual:browser-checks';
import type { IceConfig } from '../../shared/protocol.js';

const checkConfig = checks.IceConfig;

export async function fetchIceConfig(url = '/diagnostics/ice-config'): Promise<IceConfig> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const value: unknown = await response.json();
  if (!checkConfig.check(value)) throw new Error(`${url} sent an unexpected answer (${checkConfig.explain(value)})`);
  return value;
}
