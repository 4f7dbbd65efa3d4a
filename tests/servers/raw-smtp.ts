// A deliberately tiny SMTP client for fixture tests: reads whole (multi-line) replies,
// sends one command at a time, can upgrade with STARTTLS. Not the product's client.
import net from "node:net";
import tls from "node:tls";

export interface RawReply {
  code: number;
  lines: string[];
  text: string;
}

export class RawSmtp {
  private buf = "";
  private waiters: Array<() => void> = [];
  private ended = false;

  private constructor(public socket: net.Socket) {
    this.attach(socket);
  }

  static async connect(host: string, port: number, tlsOptions?: tls.ConnectionOptions): Promise<RawSmtp> {
    const socket = tlsOptions ? tls.connect({ host, port, ...tlsOptions }) : net.connect({ host, port });
    await new Promise<void>((resolve, reject) => {
      socket.once(tlsOptions ? "secureConnect" : "connect", () => resolve());
      socket.once("error", reject);
    });
    return new RawSmtp(socket);
  }

  private attach(socket: net.Socket): void {
    // Buffers, not setEncoding: the raw socket may later carry TLS.
    socket.on("data", (d: Buffer) => {
      this.buf += d.toString("latin1");
      this.wake();
    });
    socket.on("close", () => {
      this.ended = true;
      this.wake();
    });
    socket.on("error", () => {});
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Reads one complete reply (all continuation lines). */
  async read(timeoutMs = 10_000): Promise<RawReply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = /^(?:\d{3}-[^\n]*\n)*\d{3}(?: [^\n]*)?\r?\n/.exec(this.buf);
      if (m) {
        this.buf = this.buf.slice(m[0].length);
        const lines = m[0].split(/\r?\n/).filter(Boolean);
        return { code: Number(lines[0].slice(0, 3)), lines: lines.map((l) => l.slice(4)), text: m[0] };
      }
      if (this.ended) throw new Error(`connection closed, unparsed: ${JSON.stringify(this.buf)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply in ${timeoutMs} ms, buffered: ${JSON.stringify(this.buf)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async cmd(line: string, timeoutMs?: number): Promise<RawReply> {
    this.socket.write(`${line}\r\n`);
    return this.read(timeoutMs);
  }

  /** Sends STARTTLS and, on 220, performs the handshake (permissive unless told otherwise). */
  async starttls(options: tls.ConnectionOptions = {}): Promise<tls.TLSSocket> {
    const reply = await this.cmd("STARTTLS");
    if (reply.code !== 220) throw new Error(`STARTTLS refused: ${reply.text}`);
    this.buf = "";
    this.socket.removeAllListeners("data");
    this.socket.removeAllListeners("close");
    const secure = tls.connect({ rejectUnauthorized: false, ...options, socket: this.socket });
    await new Promise<void>((resolve, reject) => {
      secure.once("secureConnect", () => resolve());
      secure.once("error", reject);
    });
    this.socket = secure;
    this.attach(secure);
    return secure;
  }

  async quit(): Promise<void> {
    if (!this.ended) await this.cmd("QUIT", 2000).catch(() => null);
    this.socket.destroy();
  }
}
