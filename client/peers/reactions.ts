// The emoji reactions offered, and the only ones accepted from a peer
// (peer-gesture.ts checks against them). Kept apart from the schema so the
// buttons that offer them do not bring TypeBox into the page: the browser's
// checks are compiled at build time (client/checks/).
export const REACTIONS = ['👍', '❤️', '😂', '🎉', '👏', '✋'] as const;
export type Reaction = (typeof REACTIONS)[number];
