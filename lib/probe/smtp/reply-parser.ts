import type { Reply } from "../types";

// Incremental SMTP reply parser (RFC 5321 §4.2). Bytes arrive in arbitrary chunks; a reply is
// emitted only once its final line ("ddd " or bare "ddd") is complete. Hostile servers are the
// norm here, so every buffer is capped and a failure is sticky.

export interface ReplyLimits {
  /** Max bytes of one line, not counting its CRLF/LF. */
  lineBytes: number;
  /** Max bytes of one reply, line terminators included. */
  replyBytes: number;
  /** Max lines of one reply. */
  replyLines: number;
}

export const DEFAULT_REPLY_LIMITS: Readonly<ReplyLimits> = Object.freeze({
  lineBytes: 4096,
  replyBytes: 65536,
  replyLines: 200,
});

export type ParseErrorCode = "line-too-long" | "reply-too-long" | "malformed-reply";

export interface ParseError {
  code: ParseErrorCode;
  message: string;
}

export interface ParseResult {
  replies: Reply[];
  error: ParseError | null;
}

const LF = 0x0a;
const CR = 0x0d;
const EXCERPT_CHARS = 40;
// "x.y.z" per RFC 3463: class 2/4/5, subject and detail 1-3 digits, followed by space or end.
const ENHANCED_RE = /^([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)/;
const LINE_RE = /^(\d{3})([ -]|$)/;

/** Printable, bounded excerpt of hostile text for error messages. */
export function excerpt(text: string): string {
  const cut = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

export class ReplyParser {
  private readonly limits: ReplyLimits;
  /** Bytes of the current line not yet terminated by LF (at most lineBytes + 1). */
  private partial: Buffer[] = [];
  private partialLen = 0;
  /** The reply being assembled: lines completed so far. */
  private code: number | null = null;
  private texts: string[] = [];
  private raws: string[] = [];
  private replyLen = 0;
  private failure: ParseError | null = null;

  constructor(limits: Partial<ReplyLimits> = {}) {
    this.limits = { ...DEFAULT_REPLY_LIMITS, ...limits };
  }

  push(chunk: Buffer): ParseResult {
    const replies: Reply[] = [];
    if (this.failure) return { replies, error: this.failure };
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      if (lf === -1) {
        const rest = chunk.subarray(start);
        const error = this.checkPartial(rest);
        if (error) return this.fail(error, replies);
        // Copy: the caller may reuse its buffer.
        this.partial.push(Buffer.from(rest));
        this.partialLen += rest.length;
        break;
      }
      const piece = chunk.subarray(start, lf + 1);
      start = lf + 1;
      // Reject before concatenating so an over-long line is never assembled in memory.
      if (this.partialLen + piece.length > this.limits.lineBytes + 2) {
        return this.fail(this.lineTooLong(), replies);
      }
      const line = this.partialLen === 0 ? piece : Buffer.concat([...this.partial, piece]);
      this.partial = [];
      this.partialLen = 0;
      const error = this.takeLine(line, replies);
      if (error) return this.fail(error, replies);
    }
    return { replies, error: null };
  }

  /** Bytes received that are not yet part of a complete reply. */
  bufferedBytes(): number {
    return this.replyLen + this.partialLen;
  }

  /**
   * Drops buffered bytes (e.g. plaintext injected after "220" to STARTTLS) and returns how many
   * were dropped. A failed parser stays failed.
   */
  reset(): number {
    const dropped = this.bufferedBytes();
    this.partial = [];
    this.partialLen = 0;
    this.clearReply();
    return dropped;
  }

  /** The sticky error, if the parser has failed. */
  error(): ParseError | null {
    return this.failure;
  }

  /** Checks an unterminated tail so the cap trips as soon as it is crossed. */
  private checkPartial(rest: Buffer): ParseError | null {
    const len = this.partialLen + rest.length;
    const max = this.limits.lineBytes;
    // One extra byte is tolerated only if it is the CR of a CRLF whose LF has not arrived yet.
    if (len > max + 1 || (len === max + 1 && rest[rest.length - 1] !== CR)) return this.lineTooLong();
    return null;
  }

  /** Consumes one LF-terminated line; completes a reply when it is a final line. */
  private takeLine(line: Buffer, replies: Reply[]): ParseError | null {
    const contentLen = line.length - (line.length >= 2 && line[line.length - 2] === CR ? 2 : 1);
    if (contentLen > this.limits.lineBytes) return this.lineTooLong();
    if (this.replyLen + line.length > this.limits.replyBytes) {
      return {
        code: "reply-too-long",
        message: `server sent a reply longer than ${this.limits.replyBytes} bytes`,
      };
    }
    if (this.texts.length + 1 > this.limits.replyLines) {
      return {
        code: "reply-too-long",
        message: `server sent a reply with more than ${this.limits.replyLines} lines`,
      };
    }
    // LF never occurs inside a UTF-8 sequence, so decoding per line is chunk-safe.
    const raw = line.toString("utf8");
    const content = raw.slice(0, raw.length - (line.length - contentLen));
    const m = LINE_RE.exec(content);
    if (!m) {
      return {
        code: "malformed-reply",
        message: `server sent a line that is not an SMTP reply (no 3-digit code): "${excerpt(content)}"`,
      };
    }
    const code = Number(m[1]);
    if (this.code !== null && code !== this.code) {
      return {
        code: "malformed-reply",
        message: `server changed the reply code inside a multi-line reply (${this.code} then ${code}): "${excerpt(content)}"`,
      };
    }
    this.code = code;
    this.texts.push(content.slice(4));
    this.raws.push(raw);
    this.replyLen += line.length;
    if (m[2] === "-") return null;
    replies.push(this.buildReply(code));
    this.clearReply();
    return null;
  }

  private buildReply(code: number): Reply {
    const e = ENHANCED_RE.exec(this.texts[0]);
    const enhanced = e && Number(e[1]) === Math.floor(code / 100) ? `${e[1]}.${e[2]}.${e[3]}` : null;
    return { code, enhanced, lines: this.texts, raw: this.raws.join("") };
  }

  private clearReply(): void {
    this.code = null;
    this.texts = [];
    this.raws = [];
    this.replyLen = 0;
  }

  private lineTooLong(): ParseError {
    return {
      code: "line-too-long",
      message: `server sent a line longer than ${this.limits.lineBytes} bytes without CRLF`,
    };
  }

  private fail(error: ParseError, replies: Reply[]): ParseResult {
    this.failure = error;
    // Free everything held: a failed parser accepts nothing more.
    this.partial = [];
    this.partialLen = 0;
    this.clearReply();
    return { replies, error };
  }
}
