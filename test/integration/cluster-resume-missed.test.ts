// What a client resuming on another node must not miss (issue 13,
// docs/cluster.md "Frames for a client whose node died"): frames the room
// and its peers sent it while its node was dead (killed with SIGKILL, so no
// node delivered or logged them) are kept in its Redis replay log and come
// once, in order, after those its old node logged; frames sent while
// another node takes it over are neither lost nor doubled; and it is told
// the room's lock, who set it included, as a joiner is. Real redis-server,
// real nodes (the one killed is its own process).
import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { ClusterClients, candidate, candidateNumber, ids, seen, tokenOf, untilRedis } from '../helpers/cluster-clients.js';
import type { Frame, TestClient } from '../helpers/ws-client.js';

const cluster = new ClusterClients();
afterEach(() => cluster.stop());

const GC = 'ground control';
/** Bob streams frames in the race test: a budget that never refuses him. */
const UNLIMITED = { RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '100000', FLOOD_TOLERANCE: '100000' };

/** Waits until Redis holds every frame Ada has seen in her replay log (the node mirrors them after each write), then kills her node. */
async function killAdasNode(look: Redis, room: string, ada: TestClient, kill: () => Promise<void>): Promise<void> {
  const slot = `parley:{${room}}:slot:${ada.id}`;
  await untilRedis(
    async () => Number(await look.hget(slot, 'first')) + (await look.llen(`parley:{${room}}:replay:${ada.id}`)) - 1,
    (last) => last === seen(ada),
  );
  const node = (JSON.parse((await look.hget(`parley:{${room}}:members`, ada.id)) ?? '{}') as { n?: string }).n;
  await kill();
  // Redis drops a dead process's subscriptions as soon as its socket closes.
  await untilRedis(
    async () => (await look.pubsub('NUMSUB', `parley:node:${node}`)) as [string, number],
    ([, count]) => count === 0,
  );
}

/** The frames after `back`'s session frame, up to and including the first one `isLast` accepts. */
async function framesUntil(back: TestClient, isLast: (f: Frame) => boolean): Promise<Frame[]> {
  const last = await back.next(isLast, 30_000);
  const start = back.frames.findIndex((f) => f.type === 'session');
  return back.frames.slice(start + 1, back.frames.indexOf(last) + 1);
}

describe('frames for a client whose node died', () => {
  it('are kept in Redis and replayed on the node it resumes on, after those its node logged, once and in order', async () => {
    const redis = await cluster.redis();
    const look = cluster.inspector(redis);
    const [nb, nc] = [await cluster.node(redis.url), await cluster.node(redis.url)];
    const doomed = await cluster.process(redis.url);
    const room = 'resume-dead-gap';
    const [ada, bob] = await cluster.pair(doomed.url, nb.url, room);
    const token = tokenOf(ada);
    bob.send(candidate(ada.id, 1));
    await ada.next((f) => f.type === 'icecandidate');
    // As if candidate 1 were still in the dead connection's buffers: she says she has not seen it.
    const seenBefore = seen(ada) - 1;
    await killAdasNode(look, room, ada, () => doomed.kill('SIGKILL'));
    // Nobody holds her now: Bob's node still routes to the dead one.
    // Back to back, through two scripts (the room's and hers): guards a reorder when Redis first sees one of them.
    bob.send({ receiver: 'room', type: 'text', data: { text: 'are you there?' } });
    bob.send({ receiver: ada.id, type: 'offer', data: { type: 'offer', sdp: 'while-dead' } });
    await untilRedis(
      () => look.llen(`parley:{${room}}:replay:${ada.id}`),
      (length) => length >= 3,
    );
    const back = await cluster.connect(nc.url, room, `?resume=${token}&seen=${seenBefore}`);
    expect(back.id).toBe(ada.id);
    expect((await back.next((f) => f.type === 'session')).data).toMatchObject({ resumed: true });
    const frames = await framesUntil(back, (f) => f.type === 'room-lock');
    const missed = frames.filter((f) => f.type === 'icecandidate' || f.type === 'text' || f.type === 'offer');
    expect(missed.map((f) => f.type)).toEqual(['icecandidate', 'text', 'offer']);
    expect(missed.every((f) => f.sender === bob.id)).toBe(true);
    expect(missed[1]!.data).toMatchObject({ text: 'are you there?' });
    expect(missed[2]!.data).toMatchObject({ sdp: 'while-dead' });
    // Then the room as it is, and its lock: open.
    expect(frames.slice(-2).map((f) => f.type)).toEqual(['room-info', 'room-lock']);
    expect(ids(frames.at(-2)!)).toEqual([ada.id, bob.id].sort());
    expect(frames.at(-1)!.data).toEqual({ locked: false, changed: false });
    // From now on, frames reach her live on her new node, none again.
    const offer = back.next((f) => f.type === 'offer' && (f.data as { sdp: string }).sdp === 'after');
    bob.send({ receiver: ada.id, type: 'offer', data: { type: 'offer', sdp: 'after' } });
    await offer;
    expect(back.frames.filter((f) => f.type === 'offer').map((f) => (f.data as { sdp: string }).sdp)).toEqual(['while-dead', 'after']);
    expect(back.frames.filter((f) => f.type === 'text')).toHaveLength(1);
  }, 180_000);

  it('neither loses nor doubles a frame sent while another node takes the client over', async () => {
    const redis = await cluster.redis();
    const look = cluster.inspector(redis);
    const [nb, nc] = [await cluster.node(redis.url, UNLIMITED), await cluster.node(redis.url)];
    const doomed = await cluster.process(redis.url);
    const room = 'resume-race';
    const [ada, bob] = await cluster.pair(doomed.url, nb.url, room);
    const token = tokenOf(ada);
    await killAdasNode(look, room, ada, () => doomed.kill('SIGKILL'));
    // Bob keeps sending, one frame a turn of the event loop, before, during and after her takeover.
    let sent = 0;
    let isResumed = false;
    const streaming = (async () => {
      while (!isResumed || sent < 50) {
        bob.send(candidate(ada.id, ++sent));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await untilRedis(
      () => look.llen(`parley:{${room}}:replay:${ada.id}`),
      (length) => length >= 5,
    );
    const back = await cluster.connect(nc.url, room, `?resume=${token}&seen=${seen(ada)}`);
    await back.next((f) => f.type === 'room-lock', 30_000);
    isResumed = true;
    await streaming;
    await back.next((f) => f.type === 'icecandidate' && candidateNumber(f) === `candidate:${sent}`, 30_000);
    const got = back.frames.filter((f) => f.type === 'icecandidate').map(candidateNumber);
    expect(got).toEqual(Array.from({ length: sent }, (_, i) => `candidate:${i + 1}`));
  }, 180_000);
});

describe('the room lock after a resumption on another node', () => {
  it('tells the client the room is locked and who locked it, as a joiner hears it', async () => {
    const redis = await cluster.redis();
    const [n0, n1, n2] = [await cluster.node(redis.url), await cluster.node(redis.url), await cluster.node(redis.url)];
    const room = 'resume-locked';
    // Bob sets the password in the lobby, on node 1; Ada gives it, on node 0.
    const bob = await cluster.join(n1.url, room, 'Bob', '&password=sesame');
    await bob.next((f) => f.type === 'room-info');
    const ada = await cluster.join(n0.url, room, 'Ada', '&password=sesame');
    await ada.next((f) => f.type === 'room-info' && ids(f).length === 2);
    const token = tokenOf(ada);
    const parked = new Promise((resolve) => n0.gatekeeper.once('parked', resolve));
    ada.ws.terminate();
    await parked;
    // Node 2 holds nobody of the room: what it says comes from Redis.
    const back = await cluster.connect(n2.url, room, `?resume=${token}&seen=${seen(ada)}`);
    expect((await back.next((f) => f.type === 'session')).data).toMatchObject({ resumed: true });
    const lock = await back.next((f) => f.type === 'room-lock', 30_000);
    expect(lock).toMatchObject({ sender: GC, data: { locked: true, changed: false, by: bob.id, name: 'Bob' } });
    // A joiner who gives the password anywhere is told it is locked too.
    const carol = await cluster.join(n2.url, room, 'Carol', '&password=sesame');
    expect((await carol.next((f) => f.type === 'room-lock')).data).toMatchObject({ locked: true, changed: false });
  }, 180_000);
});
