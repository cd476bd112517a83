// Raised hands and emoji reactions in the call: ours go to every peer over
// the data channel (peer-gesture.ts), theirs come from it. Keys are the
// participant's id, and SELF_KEY for ourselves (our id changes when the
// server gives us a new one; our hand does not). A raised hand is shown to
// each peer again when its data channel opens, so someone who joins later
// sees it too; a peer's hand and reactions go when its connection does.
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { PeerMesh } from '../peers/peer-mesh.js';
import type { Reaction } from '../peers/peer-gesture.js';
import { RaisedHands } from './raised-hands.js';
import { ReactionBoard } from './reaction-board.js';

/** Our own key in `hands` and `reactions`. */
export const SELF_KEY = 'self';

export interface GesturesEvents extends Record<string, unknown> {
  /** A hand went up or down, or a reaction came or went. */
  change: undefined;
  /** Someone else raised their hand. */
  'hand-raised': { id: string };
}

export type GestureMesh = Pick<PeerMesh, 'on' | 'sendGesture' | 'sendGestureTo'>;

export class Gestures extends TypedEmitter<GesturesEvents> {
  readonly hands = new RaisedHands();
  readonly reactions: ReactionBoard;
  readonly #mesh: GestureMesh;
  readonly #offs: (() => void)[];

  constructor(mesh: GestureMesh, options: { now?: () => number } = {}) {
    super();
    this.#mesh = mesh;
    this.reactions = new ReactionBoard(options);
    this.#offs = [
      mesh.on('peer-open', ({ id }) => {
        if (this.isHandRaised) mesh.sendGestureTo(id, { type: 'hand', raised: true });
      }),
      mesh.on('hand', ({ id, raised }) => this.hands.set(id, raised)),
      mesh.on('reaction', ({ id, emoji }) => this.reactions.add(id, emoji)),
      mesh.on('peer-removed', ({ id }) => {
        this.hands.forget(id);
        this.reactions.forget(id);
      }),
      this.hands.on('change', () => this.emit('change', undefined)),
      this.hands.on('raised', ({ key }) => key !== SELF_KEY && this.emit('hand-raised', { id: key })),
      this.reactions.on('change', () => this.emit('change', undefined)),
    ];
  }

  get isHandRaised(): boolean {
    return this.hands.isRaised(SELF_KEY);
  }

  /** Raises or lowers our hand, for us and everyone. */
  setHandRaised(isRaised: boolean): void {
    if (this.hands.set(SELF_KEY, isRaised)) this.#mesh.sendGesture({ type: 'hand', raised: isRaised });
  }

  /** Shows `emoji` over our tile, here and on every page; not when we are over our own limit. */
  react(emoji: Reaction): void {
    if (this.reactions.add(SELF_KEY, emoji)) this.#mesh.sendGesture({ type: 'reaction', emoji });
  }

  dispose(): void {
    for (const off of this.#offs.splice(0)) off();
    this.reactions.dispose();
  }
}
