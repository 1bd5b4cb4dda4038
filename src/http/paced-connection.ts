import type { Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';

/** How a {@link PacedConnection} feeds its HTTP parser. */
export interface PacingOptions {
  /** Requests the connection may have unanswered before no more data is parsed. */
  readonly maxUnanswered: number;
  /** Most bytes handed to the parser at once. */
  readonly sliceBytes: number;
}

/**
 * A connection as the HTTP server sees it: a Duplex over a socket that hands
 * the received bytes on in slices of at most `sliceBytes`, and none while
 * `maxUnanswered` requests read from it are unanswered.
 *
 * Node's HTTP parser parses all it is given at once and makes a request and a
 * response object for every request in it before any handler runs; fed from
 * the socket itself it is given whole reads (up to 64 KB, some thousand
 * pipelined requests). Fed from here it sees a slice's worth beyond
 * `maxUnanswered` at a time (src/http/limit-pipelining.ts refuses the
 * request after them, and the requests never answered behind the refusal
 * keep the connection shut until it closes). Bytes not handed on yet are
 * held (one read at most: the socket is paused while any are held) and
 * handed on as answers finish ({@link PacedConnection.track}); the socket's
 * end follows the bytes held.
 *
 * Writes, ends, timeouts and destruction go to the socket, so the server's
 * timeouts, keep-alive and closeAllConnections() work as on the socket.
 */
export class PacedConnection extends Duplex {
  /** The socket underneath. */
  readonly socket: Socket;
  readonly #options: PacingOptions;
  /** Received and not handed on yet, oldest first. */
  readonly #held: Buffer[] = [];
  #unanswered = 0;
  /** Whether the reading side takes more (push() said so, or _read() asked since). */
  #wanted = true;
  #ended = false;
  #socketPaused = false;

  constructor(socket: Socket, options: PacingOptions) {
    // Strings are written as they come: the socket encodes them itself, without a Buffer in between.
    super({ allowHalfOpen: true, decodeStrings: false, readableHighWaterMark: options.sliceBytes, writableHighWaterMark: socket.writableHighWaterMark });
    this.socket = socket;
    this.#options = options;
    socket.on('data', (chunk: Buffer) => {
      this.#held.push(chunk);
      this.#handOn();
    });
    socket.on('end', () => {
      this.#ended = true;
      this.#handOn();
    });
    socket.on('timeout', () => this.emit('timeout'));
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => this.destroy());
  }

  /** Requests read from this connection whose responses have not finished yet. */
  get unanswered(): number {
    return this.#unanswered;
  }

  /** Counts `res`'s request as unanswered until `res` has finished. */
  track(res: ServerResponse): void {
    this.#unanswered++;
    res.once('finish', () => {
      this.#unanswered--;
      this.#handOn();
    });
  }

  #handOn(): void {
    const { sliceBytes, maxUnanswered } = this.#options;
    const held = this.#held;
    // Each push() runs the parser on the slice (and emits its requests) before it returns.
    while (held.length > 0 && this.#wanted && this.#unanswered < maxUnanswered && !this.destroyed) {
      let slice = held[0] as Buffer;
      if (slice.length > sliceBytes) {
        held[0] = slice.subarray(sliceBytes);
        slice = slice.subarray(0, sliceBytes);
      } else {
        held.shift();
      }
      this.#wanted = this.push(slice);
    }
    if (held.length > 0) this.#pauseSocket(true);
    else if (this.#ended) this.push(null);
    else this.#pauseSocket(false);
  }

  /** Pauses or resumes the socket, calling it only when that changes. */
  #pauseSocket(pause: boolean): void {
    if (pause === this.#socketPaused) return;
    this.#socketPaused = pause;
    if (pause) this.socket.pause();
    else this.socket.resume();
  }

  override _read(): void {
    this.#wanted = true;
    this.#handOn();
  }

  override _write(chunk: string | Buffer, encoding: BufferEncoding, callback: () => void): void {
    if (this.socket.write(chunk, encoding)) callback();
    else this.socket.once('drain', callback);
  }

  override _final(callback: () => void): void {
    this.socket.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }

  /** As `Socket.setTimeout`: the socket's idle timeout; 'timeout' is emitted here too. */
  setTimeout(ms: number): this {
    this.socket.setTimeout(ms);
    return this;
  }

  /** As `Socket.destroySoon`: ends, and destroys once everything written is out. */
  destroySoon(): void {
    // The callback also runs (with an error) when the writing side had finished already.
    this.end(() => this.destroy());
  }

  /** The peer's address, as on the socket. */
  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  /** The peer's port, as on the socket. */
  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }
}
