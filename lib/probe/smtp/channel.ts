// One SMTP conversation over a socket: send a command, read one reply with a deadline.
// Deadlines are per step and never extended by incoming bytes, so a server trickling one byte
// a second cannot hold the probe. Every byte counts against the session cap.
import type net from "node:net";
import type { Limits, Reply, SessionError, SessionErrorCode, Stage } from "../types";
import { excerpt, ReplyParser } from "./reply-parser";
import type { Transcript } from "./transcript";

export type ReadResult = { ok: true; reply: Reply } | { ok: false; error: SessionError };

export class CommandInjectionError extends Error {
  constructor(line: string) {
    super(`refusing to send a command containing CR, LF or NUL: ${JSON.stringify(line.slice(0, 80))}`);
    this.name = "CommandInjectionError";
  }
}

export class SmtpChannel {
  private socket: net.Socket;
  private parser: ReplyParser;
  private readonly queue: Reply[] = [];
  private failure: SessionError | null = null;
  private waiter: ((r: ReadResult) => void) | null = null;
  private bytesRead = 0;
  private stage: Stage = "greeting";

  constructor(
    socket: net.Socket,
    private readonly limits: Limits,
    private readonly transcript: Transcript,
  ) {
    this.socket = socket;
    this.parser = this.newParser();
    this.attach(socket);
  }

  private newParser(): ReplyParser {
    return new ReplyParser({
      lineBytes: this.limits.lineBytes,
      replyBytes: this.limits.replyBytes,
      replyLines: this.limits.replyLines,
    });
  }

  private readonly onData = (chunk: Buffer) => {
    if (this.failure) return;
    this.bytesRead += chunk.length;
    if (this.bytesRead > this.limits.sessionBytes) {
      this.fail("session-byte-limit", `the server sent more than ${this.limits.sessionBytes} bytes in one session`);
      this.socket.destroy();
      return;
    }
    const { replies, error } = this.parser.push(chunk);
    for (const reply of replies) {
      this.transcript.addServer(reply.raw);
      this.queue.push(reply);
    }
    if (error) {
      this.fail(error.code, error.message);
      this.socket.destroy();
    }
    this.wake();
  };

  private readonly onClose = () => this.fail("closed", "the server closed the connection");
  private readonly onError = (err: NodeJS.ErrnoException) =>
    this.fail(err.code === "ECONNRESET" ? "reset" : "socket-error", err.message);

  private attach(socket: net.Socket): void {
    this.socket = socket;
    socket.on("data", this.onData);
    socket.on("close", this.onClose);
    socket.on("error", this.onError);
  }

  private detach(): void {
    this.socket.removeListener("data", this.onData);
    this.socket.removeListener("close", this.onClose);
    this.socket.removeListener("error", this.onError);
  }

  /** Record the first terminal failure, at the stage being read. */
  fail(code: SessionErrorCode, message: string): void {
    if (!this.failure) this.failure = { stage: this.stage, code, message };
    this.wake();
  }

  get error(): SessionError | null {
    return this.failure;
  }

  get current(): net.Socket {
    return this.socket;
  }

  private wake(): void {
    if (!this.waiter) return;
    const next = this.take();
    if (!next) return;
    const w = this.waiter;
    this.waiter = null;
    w(next);
  }

  /** Replies already received come first, even when the connection closed after them. */
  private take(): ReadResult | null {
    const reply = this.queue.shift();
    if (reply) return { ok: true, reply };
    if (this.failure) return { ok: false, error: this.failure };
    return null;
  }

  read(stage: Stage, timeoutMs: number): Promise<ReadResult> {
    this.stage = stage;
    const ready = this.take();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        const error: SessionError = {
          stage,
          code: "timeout",
          message: `no complete reply within ${formatSeconds(timeoutMs)}`,
        };
        this.failure ??= error;
        resolve({ ok: false, error });
      }, timeoutMs);
      this.waiter = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
    });
  }

  send(line: string, stage: Stage, shown: string = line): void {
    if (/[\r\n\0]/.test(line)) throw new CommandInjectionError(line);
    this.stage = stage;
    this.transcript.add("C", shown);
    if (!this.socket.destroyed) this.socket.write(`${line}\r\n`);
  }

  async command(line: string, stage: Stage, timeoutMs: number): Promise<ReadResult> {
    if (this.failure) return { ok: false, error: this.failure };
    // We never pipeline, so bytes waiting before we speak answer nothing we said: taking them as
    // the reply would let a server that spews "250" pass for an open relay.
    if (this.queue.length > 0 || this.parser.bufferedBytes() > 0) {
      const first = this.queue[0]?.raw.split(/\r?\n/)[0];
      const what = first === undefined ? "part of a reply" : `"${excerpt(first)}"`;
      const error: SessionError = {
        stage,
        code: "malformed-reply",
        message: `the server sent ${what} before our ${line.split(" ")[0]} command (an unsolicited reply)`,
      };
      this.stage = stage;
      this.failure = error;
      this.socket.destroy();
      return { ok: false, error };
    }
    this.send(line, stage);
    return this.read(stage, timeoutMs);
  }

  /**
   * Hand the raw socket over to TLS. Anything the server sent after "220 Ready" and before
   * the handshake is discarded (it would otherwise be trusted as if it came over TLS).
   * Returns how many bytes were dropped.
   */
  releaseForTls(): { socket: net.Socket; discardedBytes: number } {
    let discarded = this.parser.reset();
    for (const r of this.queue.splice(0)) discarded += Buffer.byteLength(r.raw);
    this.detach();
    // Keep a listener so a late error on the raw socket can never crash the process.
    this.socket.on("error", () => {});
    return { socket: this.socket, discardedBytes: discarded };
  }

  /** Continue the conversation over the TLS socket with a fresh parser. */
  adoptTls(socket: net.Socket): void {
    this.parser = this.newParser();
    this.attach(socket);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
