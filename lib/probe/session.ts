// One host × address × port session: connect, greeting, EHLO (HELO fallback), STARTTLS and
// the TLS upgrade (or implicit TLS on 465), EHLO again, the relay test on port 25, QUIT.
// It only gathers facts; checks judge them. It reports progress after every stage so checks
// can stream while the session goes on.
import type net from "node:net";
import { type ConnectFn, tcpConnect } from "./net/connect";
import { upgradeToTls } from "./net/tls-upgrade";
import { probeTlsVersions } from "./net/tls-versions";
import { SmtpChannel } from "./smtp/channel";
import { parseExtensions } from "./smtp/extensions";
import { Transcript } from "./smtp/transcript";
import type { Limits, ProbePort, Reply, ReverseFacts, SessionError, SessionFacts, Stage, Timeouts } from "./types";

export interface SessionOptions {
  host: string;
  ip: string;
  port: ProbePort;
  heloName: string;
  relay: boolean;
  timeouts: Timeouts;
  limits: Limits;
  connect?: ConnectFn;
  signal?: AbortSignal;
  /** Called after each completed stage (facts are a live object: read, do not keep). */
  onProgress?: (facts: SessionFacts, stage: Stage) => void;
  /** Reverse DNS of `ip` from discovery, carried into the facts for the names check. */
  reverse?: ReverseFacts | null;
}

/** Outside domains for the relay test: reserved names (RFC 2606), never a real mailbox. */
export const RELAY_FROM = "mailprobe-relay-test@example.org";
export const RELAY_TO = "mailprobe-relay-test@example.net";

// Only politeness: the verdicts are out before QUIT, so a server that never answers it must
// hold the end of the probe for a moment at most.
const QUIT_WAIT_MS = 2000;

export function newSessionFacts(
  host: string,
  ip: string,
  port: ProbePort,
  relay: boolean,
  reverse: ReverseFacts | null = null,
): SessionFacts {
  return {
    host,
    ip,
    port,
    tlsMode: port === 465 ? "implicit" : "starttls",
    startedAt: new Date().toISOString(),
    connect: null,
    greeting: null,
    greetingMs: null,
    ehlo: null,
    heloFallback: false,
    heloReply: null,
    extensions: null,
    starttlsReply: null,
    tls: null,
    tlsError: null,
    ehloAfterTls: null,
    extensionsAfterTls: null,
    relay: null,
    relayRequested: relay && port === 25,
    stages: [],
    error: null,
    transcript: [],
    durationMs: 0,
    reverse,
    tlsVersions: null,
  };
}

const isPositive = (r: Reply) => r.code >= 200 && r.code < 400;

/** The SMTP session, then (when it showed the server speaks TLS) one short handshake per TLS version. */
export async function runSession(opts: SessionOptions): Promise<SessionFacts> {
  const facts = await runSmtpSession(opts);
  // Our own deadline or the user's stop is not a reason to open more connections.
  const cut = facts.error?.code === "aborted" || facts.error?.code === "session-deadline";
  if (facts.tls && !cut && !opts.signal?.aborted) await testTlsVersions(facts, opts);
  return facts;
}

/** Stage "tls-versions": after QUIT, on fresh connections, one at a time (this address is ours until we return). */
async function testTlsVersions(facts: SessionFacts, opts: SessionOptions): Promise<void> {
  const t0 = performance.now();
  const base = facts.durationMs;
  const at = () => base + Math.round(performance.now() - t0);
  const note = (text: string) => facts.transcript.push({ dir: "I", text, atMs: at() });
  note("testing each TLS version on a new connection, one at a time");
  facts.tlsVersions = await probeTlsVersions({
    host: opts.host,
    ip: opts.ip,
    port: opts.port,
    tlsMode: facts.tlsMode,
    heloName: opts.heloName,
    timeouts: opts.timeouts,
    limits: opts.limits,
    connect: opts.connect,
    signal: opts.signal,
    negotiated: facts.tls,
    budgetMs: opts.timeouts.sessionMs,
    onResult: (r) => {
      const how = r.fromSession ? " (negotiated in the session above)" : "";
      const what = r.result === "accepted" ? `accepted${r.cipher ? `, ${r.cipher}` : ""}` : `${r.result}: ${r.detail}`;
      note(`${r.version}: ${what}${how}`);
    },
  });
  facts.durationMs = at();
  facts.stages.push("tls-versions");
  opts.onProgress?.(facts, "tls-versions");
}

async function runSmtpSession(opts: SessionOptions): Promise<SessionFacts> {
  const facts = newSessionFacts(opts.host, opts.ip, opts.port, opts.relay, opts.reverse ?? null);
  const transcript = new Transcript();
  const t0 = performance.now();
  const { timeouts } = opts;
  let channel: SmtpChannel | null = null;
  let sessionTimer: NodeJS.Timeout | undefined;
  // Set when we end the session ourselves (deadline, abort), so a TLS handshake we cut short is
  // reported as our deadline rather than as "the server closed the connection".
  let rawSocket: net.Socket | null = null;
  let killed: SessionError | null = null;

  const done = (stage: Stage) => {
    facts.stages.push(stage);
    opts.onProgress?.(facts, stage);
  };
  const stop = (error: SessionError) => {
    facts.error ??= error;
  };

  // The whole session has one deadline on top of the per-step ones; abort also ends it.
  const killWith = (error: SessionError) => {
    killed ??= error;
    if (channel) channel.fail(error.code, error.message);
    channel?.destroy();
    // During a TLS handshake no channel owns the socket (always so on 465): end it directly.
    rawSocket?.destroy();
  };
  const tlsFailure = (error: SessionError): SessionError => (killed ? { ...killed, stage: "tls" } : error);
  const abortMessage = () => {
    const reason: unknown = opts.signal?.reason;
    return reason instanceof Error ? reason.message : "the probe was stopped";
  };
  const onAbort = () => killWith({ stage: facts.stages.at(-1) ?? "connect", code: "aborted", message: abortMessage() });
  opts.signal?.addEventListener("abort", onAbort, { once: true });

  try {
    if (opts.signal?.aborted) {
      stop({ stage: "connect", code: "aborted", message: abortMessage() });
      return facts;
    }
    transcript.add("I", `connecting to ${opts.ip} port ${opts.port}`);
    const conn = await (opts.connect ?? tcpConnect)(opts.ip, opts.port, timeouts.connectMs);
    facts.connect = conn.ok ? { ok: true, ms: conn.ms } : { ok: false, ms: conn.ms, error: conn.error };
    if (!conn.ok) {
      transcript.add("I", conn.error.message);
      stop(conn.error);
      done("connect");
      return facts;
    }
    transcript.add("I", `connected in ${conn.ms} ms`);
    rawSocket = conn.socket;
    done("connect");
    sessionTimer = setTimeout(
      () =>
        killWith({
          stage: facts.stages.at(-1) ?? "connect",
          code: "session-deadline",
          message: `the session did not finish within ${Math.round(timeouts.sessionMs / 1000)} s`,
        }),
      timeouts.sessionMs,
    );

    let socket: net.Socket = conn.socket;
    if (facts.tlsMode === "implicit") {
      const tlsResult = await upgradeToTls(socket, {
        servername: opts.host,
        timeoutMs: timeouts.tlsMs,
        discardedBytes: 0,
      });
      if (!tlsResult.ok) {
        const error = tlsFailure(tlsResult.error);
        facts.tlsError = error;
        transcript.add("I", `TLS failed: ${error.message}`);
        stop(error);
        done("tls");
        return facts;
      }
      facts.tls = tlsResult.facts;
      transcript.add("I", `TLS established: ${tlsResult.facts.protocol} ${tlsResult.facts.cipher}`);
      socket = tlsResult.socket;
      done("tls");
    }

    channel = new SmtpChannel(socket, opts.limits, transcript);
    const ch = channel;
    if (opts.signal?.aborted) onAbort();

    const greetingStart = performance.now();
    const greeting = await ch.read("greeting", timeouts.greetingMs);
    if (!greeting.ok) {
      stop(greeting.error);
      done("greeting");
      return facts;
    }
    facts.greeting = greeting.reply;
    facts.greetingMs = Math.round(performance.now() - greetingStart);
    done("greeting");
    if (greeting.reply.code !== 220) {
      // 421 / 554 and the like: say goodbye politely and stop here.
      await quit(ch);
      return facts;
    }

    if (!(await sayHello(ch, facts, opts, "ehlo"))) return facts;
    done("ehlo");

    if (facts.tlsMode === "starttls" && facts.extensions?.starttls) {
      const st = await ch.command("STARTTLS", "starttls", timeouts.replyMs);
      if (!st.ok) {
        stop(st.error);
        done("starttls");
        return facts;
      }
      facts.starttlsReply = st.reply;
      done("starttls");
      if (st.reply.code !== 220) {
        // Refused (e.g. 454 TLS not available): carry on in plaintext for the remaining tests.
        if (facts.relayRequested) await relayTest(ch, facts, opts, done);
        await quit(ch);
        return facts;
      }
      const released = ch.releaseForTls();
      if (released.discardedBytes > 0) {
        transcript.add("I", `discarded ${released.discardedBytes} bytes sent before the TLS handshake`);
      }
      const tlsResult = await upgradeToTls(released.socket, {
        servername: opts.host,
        timeoutMs: timeouts.tlsMs,
        discardedBytes: released.discardedBytes,
      });
      if (!tlsResult.ok) {
        const error = tlsFailure(tlsResult.error);
        facts.tlsError = error;
        transcript.add("I", `TLS failed: ${error.message}`);
        stop(error);
        done("tls");
        released.socket.destroy();
        return facts;
      }
      facts.tls = tlsResult.facts;
      transcript.add("I", `TLS established: ${tlsResult.facts.protocol} ${tlsResult.facts.cipher}`);
      ch.adoptTls(tlsResult.socket);
      done("tls");
      if (!(await sayHello(ch, facts, opts, "ehlo-tls"))) return facts;
      done("ehlo-tls");
    }

    if (facts.relayRequested) {
      const ok = await relayTest(ch, facts, opts, done);
      if (!ok) return facts;
    }
    await quit(ch);
    return facts;
  } finally {
    clearTimeout(sessionTimer);
    opts.signal?.removeEventListener("abort", onAbort);
    // Read failures were recorded where they happened; what the channel saw after QUIT is not a finding.
    channel?.destroy();
    transcript.add("I", facts.error ? `session ended: ${facts.error.message}` : "session ended");
    facts.transcript = transcript.finish();
    facts.durationMs = Math.round(performance.now() - t0);
  }
}

/** EHLO, falling back to HELO when EHLO is refused. Returns false when the session must end. */
async function sayHello(
  ch: SmtpChannel,
  facts: SessionFacts,
  opts: SessionOptions,
  stage: "ehlo" | "ehlo-tls",
): Promise<boolean> {
  const r = await ch.command(`EHLO ${opts.heloName}`, stage, opts.timeouts.replyMs);
  if (!r.ok) {
    facts.error ??= r.error;
    return false;
  }
  if (stage === "ehlo-tls") {
    facts.ehloAfterTls = r.reply;
    if (r.reply.code === 250) facts.extensionsAfterTls = parseExtensions(r.reply);
    if (r.reply.code !== 250) {
      await quit(ch);
      return false;
    }
    return true;
  }
  facts.ehlo = r.reply;
  if (r.reply.code === 250) {
    facts.extensions = parseExtensions(r.reply);
    return true;
  }
  if (r.reply.code === 421) {
    facts.error ??= { stage, code: "closed", message: `the server refused service: ${r.reply.lines.join(" ")}` };
    return false;
  }
  // RFC 5321 §3.2: a client whose EHLO is refused may fall back to HELO (no extensions then).
  const helo = await ch.command(`HELO ${opts.heloName}`, stage, opts.timeouts.replyMs);
  if (!helo.ok) {
    facts.error ??= helo.error;
    return false;
  }
  facts.heloFallback = true;
  facts.heloReply = helo.reply;
  if (helo.reply.code !== 250) {
    await quit(ch);
    return false;
  }
  return true;
}

/** MAIL FROM / RCPT TO between two outside domains, then RSET. Never DATA. */
async function relayTest(
  ch: SmtpChannel,
  facts: SessionFacts,
  opts: SessionOptions,
  done: (stage: Stage) => void,
): Promise<boolean> {
  const relay = { from: RELAY_FROM, to: RELAY_TO, mailReply: null as Reply | null, rcptReply: null as Reply | null };
  facts.relay = relay;
  const mail = await ch.command(`MAIL FROM:<${RELAY_FROM}>`, "relay", opts.timeouts.replyMs);
  if (!mail.ok) {
    facts.error ??= mail.error;
    return false;
  }
  relay.mailReply = mail.reply;
  if (isPositive(mail.reply)) {
    const rcpt = await ch.command(`RCPT TO:<${RELAY_TO}>`, "relay", opts.timeouts.replyMs);
    if (!rcpt.ok) {
      facts.error ??= rcpt.error;
      return false;
    }
    relay.rcptReply = rcpt.reply;
    const rset = await ch.command("RSET", "relay", opts.timeouts.replyMs);
    if (!rset.ok) {
      facts.error ??= rset.error;
      // The relay verdict is already known: report it before ending.
      done("relay");
      return false;
    }
  }
  done("relay");
  return true;
}

/** Best effort: a server that never answers QUIT must not hold us; its silence is not a finding. */
async function quit(ch: SmtpChannel): Promise<void> {
  if (ch.error) return;
  ch.send("QUIT", "quit");
  await ch.read("quit", QUIT_WAIT_MS);
}
