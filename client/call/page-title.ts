// The tab's title: the room, and how many chat messages are unread, so a
// call in a background tab still says something was written:
// "(2) standup · Parley".

export function pageTitle(room: string, unread = 0): string {
  const base = room ? `${room} · Parley` : 'Parley';
  return unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${base}` : base;
}
