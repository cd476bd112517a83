// A frame on its way to one or more clients, held as whatever form it came in
// (the bytes a client sent, or text the server wrote) and converted at most
// once: the socket wants bytes, a resumable session's replay log wants text,
// and a frame sent to a whole room should not be encoded once per member.
export class OutgoingFrame {
  #text: string | undefined;
  #bytes: Uint8Array | undefined;

  private constructor(text: string | undefined, bytes: Uint8Array | undefined) {
    this.#text = text;
    this.#bytes = bytes;
  }

  static ofText(text: string): OutgoingFrame {
    return new OutgoingFrame(text, undefined);
  }

  /** `bytes` must be valid UTF-8 (ws checks incoming text frames) and must not change afterwards. */
  static ofBytes(bytes: Uint8Array): OutgoingFrame {
    return new OutgoingFrame(undefined, bytes);
  }

  get text(): string {
    return (this.#text ??= Buffer.from(this.#bytes!.buffer, this.#bytes!.byteOffset, this.#bytes!.byteLength).toString());
  }

  get bytes(): Uint8Array {
    return (this.#bytes ??= Buffer.from(this.#text!));
  }
}

/** What the core hands a socket: text, or a frame it may share between sockets. */
export type Payload = string | OutgoingFrame;
