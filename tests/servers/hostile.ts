// Scripted SMTP servers that misbehave on purpose: each connection runs a small async script
// with helpers to write, read the client's commands, trickle, flood or switch to TLS. The
// prober must end every one of them in a named outcome within its deadline.
import net from "node:net";
import tls from "node:tls";

export interface ScriptHelpers {
  /** The socket in use now: the raw one, or the TLS one after startTls(). */
  readonly socket: net.Socket;
  /** Commands received on this connection, CR/LF stripped. */
  readonly commands: string[];
  /** True once the client closed (or the server was shut down). */
  readonly closed: boolean;
  /** Write raw text or bytes; resolves once handed to the kernel (or the socket is gone). */
  write(data: string | Buffer): Promise<void>;
  /** One reply, multi-line when given several texts: ("250", ["a", "b"]) → "250-a", "250 b". */
  reply(code: number | string, texts?: string | string[], eol?: string): Promise<void>;
  /** The next command line, or null when the client closed or `timeoutMs` passed. */
  nextCommand(timeoutMs?: number): Promise<string | null>;
  /** Sleep, waking early if the client goes away. */
  sleep(ms: number): Promise<void>;
  /** Resolves when the client closes the connection. */
  untilClosed(): Promise<void>;
  /** Write `data` one byte at a time, `intervalMs` apart, until done or the client closes. */
  trickle(data: string, intervalMs: number): Promise<number>;
  /** Write `chunk` again and again (honouring backpressure) until `maxBytes` or the client closes. */
  flood(chunk: Buffer, maxBytes: number): Promise<number>;
  /** Server side of a TLS upgrade on the current socket (STARTTLS after "220"). */
  startTls(): Promise<void>;
}

export interface ScriptedServerOptions {
  host: string;
  port: number;
  /** Key and chain for startTls() and for `implicitTls`. */
  keyPem?: string;
  certPem?: string;
  /** Complete a TLS handshake before running the script (port 465). */
  implicitTls?: boolean;
  onConnection(h: ScriptHelpers): Promise<void>;
}

export interface ScriptedServer {
  host: string;
  port: number;
  readonly connections: number;
  /** Commands from every connection, in arrival order. */
  readonly commands: string[];
  /** Commands per connection, in connection order (the probe may open more than one). */
  readonly sessions: string[][];
  /** Bytes the scripts managed to write, all connections. */
  readonly bytesWritten: number;
  /** Errors thrown by scripts (a broken script should fail its test, not hide). */
  readonly scriptErrors: unknown[];
  /** Connections still open now. */
  readonly open: number;
  close(): Promise<void>;
}

class Connection implements ScriptHelpers {
  readonly commands: string[] = [];
  closed = false;
  private buf = "";
  private waiters: (() => void)[] = [];
  private current: net.Socket;

  constructor(
    raw: net.Socket,
    private readonly server: { commands: string[]; bytesWritten: number; track(s: net.Socket): void },
    private readonly context: tls.SecureContext | null,
  ) {
    this.current = raw;
    raw.on("close", () => this.markClosed());
    this.listen(raw);
  }

  get socket(): net.Socket {
    return this.current;
  }

  private readonly onData = (d: Buffer) => {
    this.buf += d.toString("latin1");
    this.wake();
  };

  private listen(socket: net.Socket): void {
    socket.on("data", this.onData);
    socket.on("error", () => this.markClosed());
  }

  private markClosed(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private waitForEvent(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  write(data: string | Buffer): Promise<void> {
    const s = this.current;
    if (this.closed || s.destroyed || !s.writable) return Promise.resolve();
    const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : data;
    this.server.bytesWritten += bytes.length;
    return new Promise((resolve) => s.write(bytes, () => resolve()));
  }

  reply(code: number | string, texts: string | string[] = "", eol = "\r\n"): Promise<void> {
    const list = Array.isArray(texts) ? texts : [texts];
    const lines = list.map((t, i) => `${code}${i < list.length - 1 ? "-" : " "}${t}${eol}`);
    return this.write(lines.join(""));
  }

  async nextCommand(timeoutMs = 30_000): Promise<string | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lf = this.buf.indexOf("\n");
      if (lf !== -1) {
        const line = this.buf.slice(0, lf).replace(/\r$/, "");
        this.buf = this.buf.slice(lf + 1);
        this.commands.push(line);
        this.server.commands.push(line);
        return line;
      }
      const left = deadline - Date.now();
      if (this.closed || left <= 0) return null;
      await this.waitForEvent(left);
    }
  }

  async sleep(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!this.closed && Date.now() < until) await this.waitForEvent(until - Date.now());
  }

  async untilClosed(): Promise<void> {
    while (!this.closed) await this.waitForEvent(60_000);
  }

  async trickle(data: string, intervalMs: number): Promise<number> {
    let sent = 0;
    for (const ch of data) {
      if (this.closed) break;
      await this.write(ch);
      sent++;
      await this.sleep(intervalMs);
    }
    return sent;
  }

  async flood(chunk: Buffer, maxBytes: number): Promise<number> {
    let sent = 0;
    const s = this.current;
    while (!this.closed && !s.destroyed && sent < maxBytes) {
      sent += chunk.length;
      this.server.bytesWritten += chunk.length;
      if (!s.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            s.off("drain", done);
            s.off("close", done);
            resolve();
          };
          s.on("drain", done);
          s.on("close", done);
        });
      }
    }
    return sent;
  }

  async startTls(): Promise<void> {
    if (!this.context) throw new Error("startTls() needs keyPem and certPem");
    const raw = this.current;
    raw.off("data", this.onData);
    this.buf = "";
    const secure = new tls.TLSSocket(raw, { isServer: true, secureContext: this.context });
    this.server.track(secure);
    this.current = secure;
    this.listen(secure);
    await new Promise<void>((resolve) => {
      const done = () => {
        secure.off("secure", done);
        secure.off("close", done);
        resolve();
      };
      secure.once("secure", done);
      secure.once("close", done);
    });
  }
}

export async function startScriptedServer(opts: ScriptedServerOptions): Promise<ScriptedServer> {
  const context =
    opts.keyPem && opts.certPem ? tls.createSecureContext({ key: opts.keyPem, cert: opts.certPem }) : null;
  if (opts.implicitTls && !context) throw new Error("implicitTls needs keyPem and certPem");
  const sockets = new Set<net.Socket>();
  const state = {
    commands: [] as string[],
    bytesWritten: 0,
    track(s: net.Socket) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    },
  };
  const scriptErrors: unknown[] = [];
  const sessions: string[][] = [];
  let connections = 0;

  const run = async (raw: net.Socket) => {
    const conn = new Connection(raw, state, context);
    sessions.push(conn.commands);
    try {
      if (opts.implicitTls) await conn.startTls();
      await opts.onConnection(conn);
    } catch (err) {
      scriptErrors.push(err);
    } finally {
      // A script that returns hangs up; one that wants to keep the line open awaits untilClosed().
      conn.socket.destroy();
      raw.destroy();
    }
  };

  const server = net.createServer((raw) => {
    connections++;
    state.track(raw);
    raw.on("error", () => {});
    void run(raw);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  let closing: Promise<void> | null = null;
  return {
    host: opts.host,
    port: typeof address === "object" && address ? address.port : opts.port,
    get connections() {
      return connections;
    },
    get commands() {
      return state.commands;
    },
    get sessions() {
      return sessions;
    },
    get bytesWritten() {
      return state.bytesWritten;
    },
    get scriptErrors() {
      return scriptErrors;
    },
    get open() {
      return sockets.size;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

// ---- Presets: small building blocks for the usual hostile behaviours ----

export type Script = (h: ScriptHelpers) => Promise<void>;

export interface DialogOptions {
  /** Greeting text after "220 " (default "mx.hostile.test ESMTP"). */
  greeting?: string;
  /** EHLO reply lines after the host line (default: PIPELINING, STARTTLS when `tls`). */
  ehloLines?: string[];
  /** Answer EHLO with this instead of 250 (e.g. "500 5.5.1 unrecognized"). */
  ehloRaw?: string;
  /** Offer STARTTLS and run the TLS upgrade (needs key/cert on the server). */
  tls?: boolean;
  /** Answer STARTTLS with this line instead of 220 (e.g. "454 4.7.0 TLS not available"). */
  starttlsRaw?: string;
  /** Bytes sent in the same write as "220 Ready" to STARTTLS (injection). */
  afterStarttls220?: string;
  /** Answer to MAIL FROM (default "250 2.1.0 Ok"). */
  mail?: string;
  /** Answer to RCPT TO (default "554 5.7.1 Relay access denied"). */
  rcpt?: string;
  /** Do not answer QUIT; keep the connection open until the client leaves. */
  ignoreQuit?: boolean;
  /** Line ending for every server line (default CRLF; "\n" for bare LF servers). */
  eol?: string;
  /** Close the connection right after this command is answered (e.g. "MAIL"). */
  hangUpAfter?: string;
  /** Wait this long before answering each command (slow but within the reply deadline). */
  replyDelayMs?: number;
}

/** A scripted, mostly polite SMTP server; options bend one behaviour at a time. */
export function dialog(o: DialogOptions = {}): Script {
  const eol = o.eol ?? "\r\n";
  const line = (h: ScriptHelpers, text: string) => h.write(`${text}${eol}`);
  return async (h) => {
    await line(h, `220 ${o.greeting ?? "mx.hostile.test ESMTP"}`);
    let secure = false;
    for (;;) {
      const cmd = await h.nextCommand();
      if (cmd === null) return;
      const verb = cmd.split(/[\s:]/)[0].toUpperCase();
      if (o.replyDelayMs) await h.sleep(o.replyDelayMs);
      if (verb === "EHLO") {
        if (o.ehloRaw) await line(h, o.ehloRaw);
        else {
          const extra = o.ehloLines ?? ["PIPELINING", ...(o.tls && !secure ? ["STARTTLS"] : [])];
          await h.reply(250, [`mx.hostile.test${secure ? " secure" : ""}`, ...extra], eol);
        }
      } else if (verb === "HELO") await line(h, "250 mx.hostile.test");
      else if (verb === "STARTTLS" && o.starttlsRaw) await line(h, o.starttlsRaw);
      else if (verb === "STARTTLS" && o.tls && !secure) {
        await h.write(`220 2.0.0 Ready${eol}${o.afterStarttls220 ?? ""}`);
        await h.startTls();
        secure = true;
      } else if (verb === "MAIL") await line(h, o.mail ?? "250 2.1.0 Ok");
      else if (verb === "RCPT") await line(h, o.rcpt ?? "554 5.7.1 Relay access denied");
      else if (verb === "RSET") await line(h, "250 2.0.0 Ok");
      else if (verb === "QUIT") {
        if (o.ignoreQuit) return h.untilClosed();
        await line(h, "221 2.0.0 Bye");
        return;
      } else await line(h, "502 5.5.2 Error: command not recognized");
      if (o.hangUpAfter && verb === o.hangUpAfter) return;
    }
  };
}

/** Accept and never say a word; keep the line open. */
export const silent: Script = (h) => h.untilClosed();

/** Greet after `ms`, then behave. */
export function delayedGreeting(ms: number, rest: DialogOptions = {}): Script {
  return async (h) => {
    await h.sleep(ms);
    if (!h.closed) await dialog(rest)(h);
  };
}

/** The greeting one byte every `intervalMs`. */
export function trickleGreeting(intervalMs: number): Script {
  return async (h) => {
    await h.trickle("220 mx.hostile.test ESMTP slowly, very slowly, one byte at a time\r\n", intervalMs);
    await h.untilClosed();
  };
}

/** Greet, then answer EHLO one byte every `intervalMs`. */
export function trickleEhlo(intervalMs: number): Script {
  return async (h) => {
    await h.reply(220, "mx.hostile.test ESMTP");
    if ((await h.nextCommand()) === null) return;
    await h.trickle("250-mx.hostile.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n", intervalMs);
    await h.untilClosed();
  };
}

/** Greet, then answer EHLO with "250-…" lines that never end. */
export function endlessEhlo(maxBytes = 256 * 1024 * 1024): Script {
  return async (h) => {
    await h.reply(220, "mx.hostile.test ESMTP");
    if ((await h.nextCommand()) === null) return;
    await h.write("250-mx.hostile.test\r\n");
    await h.flood(
      Buffer.from("250-X-NEVER-ENDING-CAPABILITY and more text to fill the line\r\n".repeat(256)),
      maxBytes,
    );
    await h.untilClosed();
  };
}

/** A greeting line that never ends: bytes without CR or LF, up to `maxBytes`. */
export function giantLine(maxBytes: number): Script {
  return async (h) => {
    await h.write("220 ");
    await h.flood(Buffer.alloc(64 * 1024, "A"), maxBytes);
    await h.untilClosed();
  };
}

/** Deterministic pseudo-random bytes (xorshift32), so a failure can be replayed. */
export function garbageBytes(length: number, seed = 0x2545f491): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Binary garbage instead of a greeting, then silence. */
export function garbageGreeting(bytes: Buffer): Script {
  return async (h) => {
    await h.write(bytes);
    await h.untilClosed();
  };
}

/** A greeting, then hang up at once. */
export const closeAfterGreeting: Script = async (h) => {
  await h.reply(220, "mx.hostile.test ESMTP");
};

/** A greeting with this code and text, then a polite dialog for QUIT. */
export function greetWith(code: number, text: string): Script {
  return async (h) => {
    await h.reply(code, text);
    const cmd = await h.nextCommand(10_000);
    if (cmd?.toUpperCase() === "QUIT") await h.reply(221, "2.0.0 Bye");
  };
}

/** Answer STARTTLS with 220, then keep speaking plaintext SMTP to whatever comes. */
export function plaintextAfterStarttls(): Script {
  return async (h) => {
    await h.reply(220, "mx.hostile.test ESMTP");
    for (;;) {
      const cmd = await h.nextCommand();
      if (cmd === null) return;
      const verb = cmd.split(" ")[0].toUpperCase();
      if (verb === "EHLO") await h.reply(250, ["mx.hostile.test", "STARTTLS"]);
      else if (verb === "STARTTLS") {
        await h.reply(220, "2.0.0 Ready");
        // The ClientHello has no line ending we can wait for: answer its first bytes in SMTP.
        await h.sleep(100);
        await h.reply(500, "5.5.2 Error: bad syntax");
        return h.untilClosed();
      } else await h.reply(502, "5.5.2 Error: command not recognized");
    }
  };
}

/** Answer STARTTLS with 220, then never take part in the handshake. */
export function stallAfterStarttls(): Script {
  return async (h) => {
    await h.reply(220, "mx.hostile.test ESMTP");
    for (;;) {
      const cmd = await h.nextCommand();
      if (cmd === null) return;
      const verb = cmd.split(" ")[0].toUpperCase();
      if (verb === "EHLO") await h.reply(250, ["mx.hostile.test", "STARTTLS"]);
      else if (verb === "STARTTLS") {
        await h.reply(220, "2.0.0 Ready");
        return h.untilClosed();
      } else await h.reply(502, "5.5.2 Error: command not recognized");
    }
  };
}
