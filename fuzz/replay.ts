// After a crash: finds which frame of the suspect batch stops the server, by
// sending them one at a time, each checked, to a fresh server process, and
// writes the report (seed, frames, culprit, the server's last words) to
// fuzz-crashes/<time>.json, which .gitignore keeps out of the repository.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FuzzFailure } from './campaign.js';
import type { FuzzFrame } from './frame-generator.js';
import { FuzzRoom, type RoomLimits } from './fuzz-room.js';
import { ServerCrash, startFuzzServer } from './server-target.js';

export interface SavedFrame {
  cls: string;
  isBinary: boolean;
  length: number;
  /** The first characters, for reading; `base64` is the frame itself. */
  preview: string;
  base64: string;
}

export interface Culprit {
  frame: SavedFrame;
  crash: string;
}

export function saveFrame(frame: FuzzFrame): SavedFrame {
  return {
    cls: frame.cls,
    isBinary: frame.isBinary,
    length: frame.bytes.length,
    preview: frame.bytes.subarray(0, 200).toString('latin1'),
    base64: frame.bytes.toString('base64'),
  };
}

/** The frame whose sending, alone, stops a fresh server; undefined if none does. */
export async function findCulprit(failure: FuzzFailure, env: Record<string, string>, entry: 'tsx' | 'dist', limits: RoomLimits): Promise<Culprit | undefined> {
  const server = await startFuzzServer(env, entry);
  let room: FuzzRoom | undefined;
  try {
    for (const frame of failure.frames) {
      room ??= await FuzzRoom.open(server.url, 'replay', limits);
      const live = retarget(frame, failure.ids, room);
      try {
        await room.runBatch(() => live, 1, server.failed, 10_000);
      } catch (error) {
        if (error instanceof ServerCrash) return { frame: saveFrame(frame), crash: error.outputTail.slice(-4000) };
        // Some other disagreement (the ids differ from the original run): carry on in a fresh room.
        room.close();
        room = undefined;
      }
    }
    return undefined;
  } finally {
    room?.close();
    await server.stop();
  }
}

/** The frame with the original run's ids replaced by the replay room's (ids are uuids, all the same length). */
function retarget(frame: FuzzFrame, ids: FuzzFailure['ids'], room: FuzzRoom): FuzzFrame {
  if (!ids) return frame;
  let text = frame.bytes.toString('latin1');
  const pairs: [string, string][] = [[ids.self, room.fuzzerId], ...ids.members.map((id, i): [string, string] => [id, room.memberIds[i]!])];
  for (const [from, to] of pairs) text = text.split(from).join(to);
  return { ...frame, bytes: Buffer.from(text, 'latin1') };
}

export function saveFailure(dir: string, failure: FuzzFailure, culprit: Culprit | undefined, kind: 'crash' | 'violation'): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const report = {
    kind,
    seed: failure.seed,
    message: failure.message,
    room: failure.room,
    frameIndex: failure.frameIndex,
    culprit,
    server: failure.reason instanceof ServerCrash ? { exit: failure.reason.exit, outputTail: failure.reason.outputTail } : undefined,
    batch: failure.frames.map(saveFrame),
  };
  writeFileSync(file, JSON.stringify(report, null, 2));
  return file;
}
