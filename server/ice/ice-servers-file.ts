// Reads ICE_SERVERS_FILE: a JSON list of RTCIceServer objects that replaces
// STUN_URLS and TURN_*. Everything a browser would choke on is caught here, at
// start-up, so a typo stops the server instead of silently breaking calls.
import { readFileSync } from 'node:fs';
import { compiledChecker } from '../../shared/compiled-checker.js';
import { iceServerListProblem } from '../../shared/ice-uri.js';
import { IceServerList, type IceServer } from '../../shared/protocol.js';

export type IceServersFileResult = { ok: true; servers: IceServer[] } | { ok: false; problem: string };

const checkList = compiledChecker(IceServerList);

export function readIceServersFile(file: string): IceServersFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problem: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `${file} is not valid JSON (${(error as Error).message})` };
  }
  if (!checkList.check(value)) {
    return { ok: false, problem: `${file} is not a list of {urls, username?, credential?} (${checkList.explain(value)})` };
  }
  if (value.length === 0) return { ok: false, problem: `${file} holds an empty list` };
  const problem = iceServerListProblem(value);
  if (problem) return { ok: false, problem: `${file}: ${problem}` };
  return { ok: true, servers: value };
}
