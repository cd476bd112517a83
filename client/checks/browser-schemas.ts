// Every schema the browser checks, by the name its check has in the module
// 'virtual:browser-checks'. The build compiles these to code
// (build/compiled-checks-plugin.ts); the page never loads this file, nor
// TypeBox. A new check in the browser starts with a line here.
//
// Read by the build in Node: nothing this file imports may import
// 'virtual:browser-checks' (which is why peer-message.ts holds schemas only).
import { PeerMessage } from '../peers/peer-message.js';
import { Envelope, IceConfig, IceServerList, RoomStatus, ServerFrameSchemas } from '../../shared/protocol.js';

export const BrowserSchemas = {
  /** One Checker per name. */
  checks: { Envelope, IceConfig, IceServerList, PeerMessage, RoomStatus },
  /** One Checker per frame type the server sends, for the Signaler's FrameParser. */
  serverFrameChecks: ServerFrameSchemas,
};

/**
 * The checks whose failures are explained down to the field, because a person
 * reads them: the ICE server editor's list and /diagnostics' configuration.
 * The rest say what the whole value should have been (build/compiled-checks.ts).
 */
export const EXPLAINED_BY_PATH: ReadonlySet<string> = new Set(['IceConfig', 'IceServerList']);
