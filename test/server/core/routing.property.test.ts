// Property: whatever sequence of joins, leaves and sends happens across
// rooms, no frame reaches anyone outside its sender's room, none carries a
// sender other than the connection it came from, and nobody who left hears
// anything more. Driven against the ChatManager with fake sockets, so
// fast-check can try thousands of sequences and shrink a failure to a short one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledChecker } from '../../../shared/compiled-checker.js';
import { GROUND_CONTROL } from '../../../shared/protocol.js';
import type { ChatClient } from '../../../server/core/chat-client.js';
import { ChatManager } from '../../../server/core/chat-manager.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { MemoryCluster } from '../../helpers/memory-bus.js';

const ROOMS = ['red', 'green', 'blue'];

type Target = { kind: 'room' } | { kind: 'member'; index: number } | { kind: 'ground' } | { kind: 'junk'; id: string };
type Forge = { kind: 'none' } | { kind: 'member'; index: number } | { kind: 'ground' } | { kind: 'junk'; id: string };
type Command =
  | { kind: 'join'; room: number; name: string; node: number }
  | { kind: 'leave'; who: number; how: 'bye' | 'close' }
  | { kind: 'send'; who: number; type: string; to: Target; forge: Forge };

const target: fc.Arbitrary<Target> = fc.oneof(
  fc.constant({ kind: 'room' as const }),
  fc.nat(30).map((index) => ({ kind: 'member' as const, index })),
  fc.constant({ kind: 'ground' as const }),
  fc.string({ maxLength: 8 }).map((id) => ({ kind: 'junk' as const, id })),
);
const forge: fc.Arbitrary<Forge> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.nat(30).map((index) => ({ kind: 'member' as const, index })),
  fc.constant({ kind: 'ground' as const }),
  fc.string({ maxLength: 8 }).map((id) => ({ kind: 'junk' as const, id })),
);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('join' as const), room: fc.nat(ROOMS.length - 1), name: fc.string({ maxLength: 6 }), node: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), who: fc.nat(30), how: fc.constantFrom('bye' as const, 'close' as const) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      who: fc.nat(30),
      type: fc.constantFrom('ping', 'pong', 'greeting', 'bye', 'offer', 'answer', 'icecandidate', 'text', 'profile', 'get-room-info'),
      to: target,
      forge,
    }),
  },
);

const DATA: Record<string, unknown> = {
  ping: 1,
  pong: 2,
  greeting: 'hi',
  bye: null,
  offer: { type: 'offer', sdp: 'v=0' },
  answer: { type: 'answer', sdp: 'v=0' },
  icecandidate: { candidate: 'candidate:1', sdpMid: '0' },
  text: { text: 'hello' },
  profile: { username: 'Pat' },
  'get-room-info': undefined,
};

interface Member {
  client: ChatClient;
  socket: FakeTransport;
  room: string;
  isIn: boolean;
  /** How many of its socket's frames have been checked. */
  checked: number;
}

/** `nodes` > 1: that many ChatManagers joined by an in-memory bus (a cluster), each join on the node it names. */
function run(commands: Command[], nodes = 1): number {
  let nextId = 0;
  const cluster = new MemoryCluster();
  for (let node = 0; node < nodes; node++) {
    cluster.managers.push(
      new ChatManager({
        makeChecker: compiledChecker,
        maxTextLength: 100,
        maxUsernameLength: 20,
        iceServersFor: () => [],
        newId: () => `id${++nextId}`,
        bus: nodes > 1 ? cluster.busFor(node) : undefined,
      }),
    );
  }
  const managerOf = new Map<ChatClient, ChatManager>();
  const members: Member[] = [];
  const at = (index: number) => (members.length ? members[index % members.length] : undefined);

  for (const cmd of commands) {
    let sender: Member | undefined;
    if (cmd.kind === 'join') {
      const socket = new FakeTransport();
      const room = ROOMS[cmd.room]!;
      const manager = cluster.managers[cmd.node % nodes]!;
      const client = manager.handleConnect(room, socket);
      managerOf.set(client, manager);
      members.push({ client, socket, room, isIn: true, checked: 0 });
    } else if (cmd.kind === 'leave') {
      const member = at(cmd.who);
      if (!member) continue;
      // After a bye the core closes the socket, and the edge reports the close back, as here.
      const manager = managerOf.get(member.client)!;
      if (cmd.how === 'bye') manager.handleMessage(member.client, JSON.stringify({ receiver: GROUND_CONTROL, type: 'bye' }));
      manager.handleClose(member.client);
      member.isIn = false;
    } else {
      sender = at(cmd.who);
      if (!sender?.isIn) continue;
      const receiver =
        cmd.to.kind === 'room' ? 'room' : cmd.to.kind === 'ground' ? GROUND_CONTROL : cmd.to.kind === 'junk' ? cmd.to.id : (at(cmd.to.index)?.client.id ?? 'x');
      const frame: Record<string, unknown> = { receiver, type: cmd.type, data: DATA[cmd.type] };
      if (cmd.forge.kind === 'member') frame.sender = at(cmd.forge.index)?.client.id;
      if (cmd.forge.kind === 'ground') frame.sender = GROUND_CONTROL;
      if (cmd.forge.kind === 'junk') frame.sender = cmd.forge.id;
      const manager = managerOf.get(sender.client)!;
      manager.handleMessage(sender.client, JSON.stringify(frame));
      if (cmd.type === 'bye' && receiver === GROUND_CONTROL) {
        manager.handleClose(sender.client); // the edge reports the close that follows a bye
        sender.isIn = false;
      }
    }
    check(members, sender);
  }
  return cluster.crossings;
}

/** Every frame delivered since the last check obeys the room and sender rules. */
function check(members: Member[], sender: Member | undefined): void {
  for (const member of members) {
    const fresh = member.socket.frames().slice(member.checked);
    member.checked += fresh.length;
    for (const frame of fresh) {
      if (frame.sender === GROUND_CONTROL) {
        expect(frame.receiver).toBe(member.client.id);
        if (frame.type === 'room-info') {
          const ids = frame.data.clients.map((c: { id: string }) => c.id);
          const sameRoom = members.filter((m) => m.isIn && m.room === member.room).map((m) => m.client.id);
          expect(ids.every((id: string) => sameRoom.includes(id))).toBe(true);
        }
        continue;
      }
      // A frame from a peer: it came from this command's sender, stamped with
      // its real id, and reached only members of its room.
      expect(sender, `unexpected ${JSON.stringify(frame)}`).toBeDefined();
      expect(frame.sender).toBe(sender!.client.id);
      expect(member.room).toBe(sender!.room);
      expect(member.isIn || member === sender).toBe(true);
    }
  }
}

describe('routing across rooms (property)', () => {
  it('never delivers a frame outside its room, with a forged sender, or to someone who left', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 80 }), (commands) => {
        run(commands);
      }),
      { numRuns: 400 },
    );
  }, 30_000); // hundreds of runs: seconds on a loaded machine

  it('holds across three nodes joined by a bus: the rules are kept by the node the frame arrived at', () => {
    let crossings = 0;
    fc.assert(
      fc.property(fc.array(command, { maxLength: 80 }), (commands) => {
        crossings += run(commands, 3);
      }),
      { numRuns: 200 },
    );
    expect(crossings).toBeGreaterThan(0); // frames did cross between nodes
  }, 30_000);

  it('finds the fault when routing ignores rooms (the property can fail)', () => {
    // A deliberately broken run: deliver a frame to someone in another room
    // and check that the property notices.
    const manager = new ChatManager({ makeChecker: compiledChecker, maxTextLength: 100, maxUsernameLength: 20, iceServersFor: () => [] });
    const a = { socket: new FakeTransport(), room: 'red' };
    const b = { socket: new FakeTransport(), room: 'blue' };
    const members: Member[] = [a, b].map(({ socket, room }) => ({ client: manager.handleConnect(room, socket), socket, room, isIn: true, checked: 0 }));
    members[1]!.socket.send(JSON.stringify({ sender: members[0]!.client.id, receiver: 'room', type: 'ping' }));
    expect(() => check(members, members[0])).toThrow();
  });
});
