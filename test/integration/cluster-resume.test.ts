// Session resume across nodes (issue 13, docs/cluster.md): a client whose
// socket dropped comes back on ANOTHER node, with the same id and the frames
// it missed in order, whether its old node is alive (it lets go) or was
// killed with SIGKILL (the slot and replay log outlived it in Redis). A
// resume after the grace period, with a made-up token, or with a token for
// another room, is a fresh join (`resumed: false`, a new id); with Redis
// down, a client resumes only on the node that held it. Real redis-server,
// real nodes (one a separate process, to be killed).
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterClients, candidate, candidateNumber, ids, infoWithIds, seen, tokenOf, untilRedis } from '../helpers/cluster-clients.js';

const cluster = new ClusterClients();
afterEach(() => cluster.stop());

describe('resuming on another node', () => {
  it('takes the slot from a live node: same id, the frames sent meanwhile in order, peers never see a leave', async () => {
    const redis = await cluster.redis();
    const look = cluster.inspector(redis);
    const [n0, n1, n2] = [await cluster.node(redis.url), await cluster.node(redis.url), await cluster.node(redis.url)];
    const room = 'resume-live';
    const [ada, bob] = await cluster.pair(n0.url, n1.url, room);
    const token = tokenOf(ada);
    const parked = new Promise((resolve) => n0.gatekeeper.once('parked', resolve));
    ada.ws.terminate(); // the network vanished: no close frame
    await parked;
    for (const n of [1, 2, 3]) bob.send(candidate(ada.id, n));
    // Bob's node hands them to Ada's node, which logs them for her and mirrors them into Redis.
    await untilRedis(
      () => look.llen(`parley:{${room}}:replay:${ada.id}`),
      (length) => length >= 3,
    );
    const moved = new Promise<{ reason: string }>((resolve) => n0.gatekeeper.once('ended', resolve));
    const back = await cluster.connect(n2.url, room, `?resume=${token}&seen=${seen(ada)}`);
    expect(back.id).toBe(ada.id);
    expect((await back.next((f) => f.type === 'session')).data).toMatchObject({ resumed: true });
    const held = [
      await back.next((f) => f.type === 'icecandidate'),
      await back.next((f) => f.type === 'icecandidate'),
      await back.next((f) => f.type === 'icecandidate'),
    ];
    expect(held.map(candidateNumber)).toEqual(['candidate:1', 'candidate:2', 'candidate:3']);
    expect(held.every((f) => f.sender === bob.id)).toBe(true);
    // Node 0 let go of her without telling the room: she moved, she did not leave.
    expect((await moved).reason).toBe('moved');
    expect(n0.manager.room(room)).toBeUndefined();
    const info = await bob.request({ receiver: 'ground control', type: 'get-room-info' });
    expect(ids(info)).toEqual([ada.id, bob.id].sort());
    expect(bob.frames.filter((f) => f.type === 'room-info' && f.id === undefined && !ids(f).includes(ada.id))).toEqual([]);
    // Both ways across nodes from her new one, stamped with her id.
    const offer = back.next((f) => f.type === 'offer');
    bob.send({ receiver: ada.id, type: 'offer', data: { type: 'offer', sdp: 'to-new-node' } });
    expect(await offer).toMatchObject({ sender: bob.id, data: { sdp: 'to-new-node' } });
    const answer = bob.next((f) => f.type === 'answer');
    back.send({ receiver: bob.id, type: 'answer', data: { type: 'answer', sdp: 'from-new-node' } });
    expect(await answer).toMatchObject({ sender: ada.id, data: { sdp: 'from-new-node' } });
    // The token was spent: the old one resumes nothing, anywhere.
    const again = await cluster.connect(n1.url, room, `?resume=${token}&seen=0`);
    expect((await again.next((f) => f.type === 'session')).data).toMatchObject({ resumed: false });
    expect(again.id).not.toBe(ada.id);
  }, 180_000);

  it('takes the slot from a node killed with SIGKILL: the frames it wrote but she never read come again, in order', async () => {
    const redis = await cluster.redis();
    const look = cluster.inspector(redis);
    const [n1, n2] = [await cluster.node(redis.url), await cluster.node(redis.url)];
    const doomed = await cluster.process(redis.url);
    const room = 'resume-killed';
    const [ada, bob] = await cluster.pair(doomed.url, n1.url, room);
    const token = tokenOf(ada);
    const seenBefore = seen(ada);
    for (const n of [1, 2, 3]) bob.send(candidate(ada.id, n));
    await ada.next((f) => f.type === 'icecandidate' && candidateNumber(f) === 'candidate:3');
    await untilRedis(
      () => look.llen(`parley:{${room}}:replay:${ada.id}`),
      (length) => length >= 3,
    );
    await doomed.kill('SIGKILL');
    // As if the three were still in the dead connection's buffers: she says she has not seen them.
    const back = await cluster.connect(n2.url, room, `?resume=${token}&seen=${seenBefore}`);
    expect(back.id).toBe(ada.id);
    expect((await back.next((f) => f.type === 'session')).data).toMatchObject({ resumed: true });
    const held = [
      await back.next((f) => f.type === 'icecandidate'),
      await back.next((f) => f.type === 'icecandidate'),
      await back.next((f) => f.type === 'icecandidate'),
    ];
    expect(held.map(candidateNumber)).toEqual(['candidate:1', 'candidate:2', 'candidate:3']);
    // Redis now has her on node 2: the dead node's lease ending will not take her out of the room.
    const record = await look.hget(`parley:{${room}}:members`, ada.id);
    expect(JSON.parse(record ?? '{}')).toMatchObject({ i: ada.id, u: 'Ada', n: n2.cluster!.nodeId });
    const offer = back.next((f) => f.type === 'offer');
    bob.send({ receiver: ada.id, type: 'offer', data: { type: 'offer', sdp: 'after-kill' } });
    expect(await offer).toMatchObject({ sender: bob.id });
    const info = await bob.request({ receiver: 'ground control', type: 'get-room-info' });
    expect(ids(info)).toEqual([ada.id, bob.id].sort());
  }, 180_000);

  it('refuses a resume after the grace period, with a made-up token, or with a token for another room: a fresh join', async () => {
    const redis = await cluster.redis();
    const look = cluster.inspector(redis);
    const n1 = await cluster.node(redis.url);
    const doomed = await cluster.process(redis.url, { RESUME_GRACE_MS: '1500' });
    const room = 'resume-refused';
    const [ada, bob] = await cluster.pair(doomed.url, n1.url, room);
    const token = tokenOf(ada);
    // Someone who knows Ada's id (everyone in the room does) but not her token.
    const forged = await cluster.connect(n1.url, room, `?resume=${'x'.repeat(43)}&seen=0`);
    expect((await forged.next((f) => f.type === 'session')).data).toMatchObject({ resumed: false });
    expect(forged.id).not.toBe(ada.id);
    const elsewhere = await cluster.connect(n1.url, 'another-room', `?resume=${token}&seen=${seen(ada)}`);
    expect((await elsewhere.next((f) => f.type === 'session')).data).toMatchObject({ resumed: false });
    expect(elsewhere.id).not.toBe(ada.id);
    await doomed.kill('SIGKILL');
    // The slot lives RESUME_GRACE_MS after the dead node's last renewal, and no longer.
    await untilRedis(
      () => look.exists(`parley:{${room}}:slot:${ada.id}`),
      (count) => count === 0,
    );
    const late = await cluster.connect(n1.url, room, `?resume=${token}&seen=${seen(ada)}`);
    expect((await late.next((f) => f.type === 'session')).data).toMatchObject({ resumed: false });
    expect(late.id).not.toBe(ada.id);
    // Ada's old id leaves Bob's room-info with the dead node's lease.
    await infoWithIds(bob, [bob.id, forged.id, late.id], 15_000);
  }, 180_000);

  it('with Redis down, resumes only on the node that held the slot', async () => {
    const redis = await cluster.redis();
    const [n0, n1] = [await cluster.node(redis.url), await cluster.node(redis.url)];
    const room = 'resume-no-redis';
    const [ada] = await cluster.pair(n0.url, n1.url, room);
    await redis.kill9();
    await untilRedis(
      async () => n0.cluster!.isUp || n1.cluster!.isUp,
      (isUp) => !isUp,
    );
    const token = tokenOf(ada);
    const parked = new Promise((resolve) => n0.gatekeeper.once('parked', resolve));
    ada.ws.terminate();
    await parked;
    const onOther = await cluster.connect(n1.url, room, `?resume=${token}&seen=${seen(ada)}`);
    expect((await onOther.next((f) => f.type === 'session')).data).toMatchObject({ resumed: false });
    expect(onOther.id).not.toBe(ada.id);
    const onHolder = await cluster.connect(n0.url, room, `?resume=${token}&seen=${seen(ada)}`);
    expect((await onHolder.next((f) => f.type === 'session')).data).toMatchObject({ resumed: true });
    expect(onHolder.id).toBe(ada.id);
  }, 180_000);
});
