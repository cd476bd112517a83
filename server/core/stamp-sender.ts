// Sets `sender` on a relayed frame without re-serializing it when that can be
// avoided: the relay path's main cost is JSON work, and most frames pass
// through unchanged. The result always parses to the frame with `sender` set
// to the connection's id, whatever the client wrote there.

/** The bytes `,"sender":"<id>"}` that replace a frame's closing brace. */
export function senderTail(senderId: string): Buffer {
  return Buffer.from(`,"sender":${JSON.stringify(senderId)}}`);
}

const CLOSING_BRACE = 0x7d;

/**
 * Stamps the bytes the client sent, so a relayed frame is never encoded
 * again: a right sender passes through as is, and the common case (no
 * sender) copies the bytes once with the tail spliced in at the last `}`
 * byte. In UTF-8 a byte below 0x80 is always the ASCII character itself,
 * and only whitespace may follow the object's closing brace, so the last
 * 0x7d byte is that brace.
 * @param raw the frame's UTF-8 bytes; it parsed to an object
 * @param tail senderTail(senderId)
 * @returns bytes, or text when a forged sender forced re-serializing
 */
export function stampSender(raw: Uint8Array, frame: { sender?: string }, senderId: string, tail: Uint8Array): Uint8Array | string {
  if (frame.sender === senderId) return raw;
  if (frame.sender === undefined) {
    // No sender key at the top level, so adding one cannot create a
    // duplicate. A valid frame has `type` and `receiver`, so the object is
    // not empty and the comma is always right.
    const end = raw.lastIndexOf(CLOSING_BRACE);
    const out = Buffer.allocUnsafe(end + tail.length);
    out.set(raw.subarray(0, end), 0);
    out.set(tail, end);
    return out;
  }
  return JSON.stringify({ ...frame, sender: senderId });
}
