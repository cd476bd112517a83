// The browser's parser for what the server sends: the shared FrameParser with
// the checks compiled at build time, so neither the schemas nor TypeBox are
// loaded by the page.
import { checks, serverFrameChecks } from 'virtual:browser-checks';
import { FrameParser } from '../../shared/frame-parser.js';
import type { ServerFrame } from '../../shared/protocol.js';

export function serverFrameParser(): FrameParser<ServerFrame> {
  return new FrameParser<ServerFrame>({ envelope: checks.Envelope, byType: serverFrameChecks });
}
