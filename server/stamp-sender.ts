// Sets `sender` on a relayed frame without re-serializing it when that can be
// avoided: the relay path's main cost is JSON work, and most frames pass
// through unchanged. The result always parses to the frame with `sender` set
// to the connection's id, whatever the client wrote there.

/**
 * @param raw the frame as received; it parsed to an object, so it ends with "}"
 * @param frame the parsed frame
 * @param senderId the id of the connection it came from
 */
export function stampSender(raw: string, frame: { sender?: string }, senderId: string): string {
  if (frame.sender === senderId) return raw;
  if (frame.sender === undefined) {
    // No sender key at the top level, so appending one cannot create a
    // duplicate. A valid frame has `type` and `receiver`, so the object is
    // not empty and the comma is always right.
    const end = raw.lastIndexOf('}');
    return `${raw.slice(0, end)},"sender":${JSON.stringify(senderId)}}`;
  }
  return JSON.stringify({ ...frame, sender: senderId });
}
