// Which TLS versions does the server accept? One short handshake per version, pinned with
// minVersion = maxVersion, each on a fresh connection and strictly one after another: on 25/587
// greeting → EHLO → STARTTLS → handshake → QUIT, on 465 the handshake alone. The version the main
// session negotiated is already known to work and costs no extra connection.
import net from "node:net";
import tls from "node:tls";
import { SmtpChannel } from "../smtp/channel";
import { parseExtensions } from "../smtp/extensions";
import { Transcript } from "../smtp/transcript";
import type { Limits, ProbePort, Reply, Stage, Timeouts, TlsVersionName, TlsVersionProbe } from "../types";
import { type ConnectFn, tcpConnect } from "./connect";

export const TLS_VERSIONS: readonly TlsVersionName[] = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

export interface TlsVersionsOptions {
  host: string;
  ip: string;
  port: ProbePort;
  tlsMode: "starttls" | "implicit";
  heloName: string;
  timeouts: Timeouts;
  limits: Limits;
  connect?: ConnectFn;
  signal?: AbortSignal;
  /** The main session's handshake: its version counts as accepted without another connection. */
  negotiated?: { protocol: string | null; cipher: string | null; handshakeMs: number } | null;
  /** Time for all attempts together; versions not tried by then are reported as errors. */
  budgetMs: number;
  /** Called after each version, e.g. to add a transcript line. */
  onResult?: (result: TlsVersionProbe) => void;
}

// OpenSSL errors that describe our side, not the server's answer.
const LOCAL_ERRORS = new Set([
  "ERR_SSL_NO_PROTOCOLS_AVAILABLE",
  "ERR_SSL_NO_CIPHERS_AVAILABLE",
  "ERR_TLS_INVALID_PROTOCOL_VERSION",
  "ERR_TLS_PROTOCOL_VERSION_CONFLICT",
]);

const QUIT_WAIT_MS = 2000;

type Outcome = Pick<TlsVersionProbe, "result" | "stage" | "detail" | "cipher">;

const failed = (result: "rejected" | "error", stage: Stage, detail: string): Outcome => ({
  result,
  stage,
  detail,
  cipher: null,
});

/** "error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:…" → the reason words. */
export function tlsErrorText(err: NodeJS.ErrnoException): string {
  const reason = /error:[0-9A-Fa-f]+:SSL routines:[^:]*:([^:]+)/.exec(err.message)?.[1]?.trim();
  const alert = /SSL alert number (\d+)/.exec(err.message)?.[1];
  const text = reason ?? err.message.split("\n")[0].trim();
  return `${text}${alert ? ` (alert ${alert})` : ""}${err.code && !text.includes(err.code) ? ` [${err.code}]` : ""}`;
}

/** A TLS alert or handshake failure is the server saying no; a timeout or hang-up tells nothing. */
export function isRejection(err: NodeJS.ErrnoException): boolean {
  const code = err.code ?? "";
  return code.startsWith("ERR_SSL_") && !LOCAL_ERRORS.has(code);
}

type Handshake =
  | { ok: true; socket: tls.TLSSocket; cipher: string | null }
  | { ok: false; rejected: boolean; detail: string };

function pinnedHandshake(
  socket: net.Socket,
  version: TlsVersionName,
  servername: string,
  timeoutMs: number,
): Promise<Handshake> {
  return new Promise((resolve) => {
    let secure: tls.TLSSocket;
    try {
      secure = tls.connect({
        socket,
        servername: net.isIP(servername) === 0 ? servername : undefined,
        rejectUnauthorized: false,
        minVersion: version,
        maxVersion: version,
        // OpenSSL 3 refuses TLS 1.0/1.1 (SHA-1 based) above security level 0.
        ciphers: "DEFAULT:@SECLEVEL=0",
      });
    } catch (err) {
      resolve({ ok: false, rejected: false, detail: (err as Error).message });
      return;
    }
    secure.on("error", () => {});
    let settled = false;
    const finish = (r: Handshake) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!r.ok) secure.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          rejected: false,
          detail: `the handshake did not complete within ${Math.round(timeoutMs / 1000)} s`,
        }),
      timeoutMs,
    );
    secure.once("secureConnect", () => {
      const c = secure.getCipher();
      finish({ ok: true, socket: secure, cipher: c?.standardName ?? c?.name ?? null });
    });
    secure.once("error", (err: NodeJS.ErrnoException) =>
      finish({ ok: false, rejected: isRejection(err), detail: tlsErrorText(err) }),
    );
    secure.once("close", () =>
      finish({ ok: false, rejected: false, detail: "the server closed the connection during the handshake" }),
    );
  });
}

const quote = (reply: Reply) => `the server answered "${reply.code} ${reply.lines.join(" ").slice(0, 160)}"`;

/** Send close_notify and FIN, and give the server a moment to close its side. */
function closeGently(socket: tls.TLSSocket): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, QUIT_WAIT_MS);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end();
  });
}

async function quit(ch: SmtpChannel): Promise<void> {
  if (ch.error) return;
  ch.send("QUIT", "quit");
  await ch.read("quit", QUIT_WAIT_MS);
}

/** Everything before the handshake on 25/587; returns the raw socket ready for TLS. */
async function startTls(
  ch: SmtpChannel,
  opts: TlsVersionsOptions,
): Promise<{ ok: true; socket: net.Socket } | { ok: false; outcome: Outcome }> {
  const { greetingMs, replyMs } = opts.timeouts;
  const greeting = await ch.read("greeting", greetingMs);
  if (!greeting.ok) return { ok: false, outcome: failed("error", "greeting", greeting.error.message) };
  if (greeting.reply.code !== 220) {
    await quit(ch);
    return { ok: false, outcome: failed("error", "greeting", quote(greeting.reply)) };
  }
  const ehlo = await ch.command(`EHLO ${opts.heloName}`, "ehlo", replyMs);
  if (!ehlo.ok) return { ok: false, outcome: failed("error", "ehlo", ehlo.error.message) };
  if (ehlo.reply.code !== 250 || !parseExtensions(ehlo.reply).starttls) {
    await quit(ch);
    const why = ehlo.reply.code === 250 ? "STARTTLS was not offered on this connection" : quote(ehlo.reply);
    return { ok: false, outcome: failed("error", "ehlo", why) };
  }
  const st = await ch.command("STARTTLS", "starttls", replyMs);
  if (!st.ok) return { ok: false, outcome: failed("error", "starttls", st.error.message) };
  if (st.reply.code !== 220) {
    await quit(ch);
    return { ok: false, outcome: failed("error", "starttls", quote(st.reply)) };
  }
  return { ok: true, socket: ch.releaseForTls().socket };
}

async function attempt(
  version: TlsVersionName,
  opts: TlsVersionsOptions,
  track: (socket: net.Socket) => void,
): Promise<Outcome> {
  const conn = await (opts.connect ?? tcpConnect)(opts.ip, opts.port, opts.timeouts.connectMs);
  if (!conn.ok) return failed("error", "connect", conn.error.message);
  const raw = conn.socket;
  track(raw);
  // The per-attempt conversation is not kept: the session transcript gets one line per version.
  const ch = opts.tlsMode === "starttls" ? new SmtpChannel(raw, opts.limits, new Transcript()) : null;
  try {
    if (ch) {
      const ready = await startTls(ch, opts);
      if (!ready.ok) return ready.outcome;
    }
    const hs = await pinnedHandshake(raw, version, opts.host, opts.timeouts.tlsMs);
    if (!hs.ok) return failed(hs.rejected ? "rejected" : "error", "tls", hs.detail);
    track(hs.socket);
    if (ch) {
      // Say goodbye over TLS rather than dropping the connection mid-session.
      ch.adoptTls(hs.socket);
      await quit(ch);
    } else {
      // 465: nothing was said yet; close_notify ends it cleanly.
      await closeGently(hs.socket);
    }
    return { result: "accepted", stage: null, detail: null, cipher: hs.cipher };
  } finally {
    ch?.destroy();
    raw.destroy();
  }
}

export async function probeTlsVersions(opts: TlsVersionsOptions): Promise<TlsVersionProbe[]> {
  const local = new AbortController();
  let active: net.Socket | null = null;
  let stopReason = "";
  const stop = (reason: string) => {
    if (local.signal.aborted) return;
    stopReason = reason;
    local.abort();
    active?.destroy();
  };
  const onAbort = () => stop("not tested: the probe was stopped");
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const budget = setTimeout(
    () => stop(`not tested: the version tests ran out of time (${Math.round(opts.budgetMs / 1000)} s)`),
    opts.budgetMs,
  );

  const results: TlsVersionProbe[] = [];
  const record = (r: TlsVersionProbe) => {
    results.push(r);
    opts.onResult?.(r);
  };
  try {
    for (const version of TLS_VERSIONS) {
      if (opts.negotiated?.protocol === version) {
        const { cipher, handshakeMs } = opts.negotiated;
        record({ version, result: "accepted", stage: null, detail: null, cipher, fromSession: true, ms: handshakeMs });
        continue;
      }
      const earlier = results.find((r) => r.result === "error" && r.stage !== "tls" && !r.fromSession);
      if (local.signal.aborted || earlier) {
        const detail = local.signal.aborted ? stopReason : "not tested: an earlier attempt failed before TLS";
        record({ version, result: "error", stage: null, detail, cipher: null, fromSession: false, ms: 0 });
        continue;
      }
      const started = performance.now();
      const outcome = await attempt(version, opts, (socket) => {
        active = socket;
        if (local.signal.aborted) socket.destroy();
      });
      active = null;
      // A socket we destroyed ourselves (deadline, abort) is our doing, not the server's answer.
      const judged =
        local.signal.aborted && outcome.result !== "accepted" ? failed("error", "tls-versions", stopReason) : outcome;
      record({ version, ...judged, fromSession: false, ms: Math.round(performance.now() - started) });
    }
  } finally {
    clearTimeout(budget);
    opts.signal?.removeEventListener("abort", onAbort);
  }
  return results;
}
