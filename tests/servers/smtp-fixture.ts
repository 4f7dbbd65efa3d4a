// A real SMTP server (nodemailer's smtp-server) on a loopback address, configurable
// per test, that records every command it sees so tests can assert the prober's
// behaviour (above all: it never sends DATA).
import type { Socket } from "node:net";
import type { TlsOptions } from "node:tls";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export interface SmtpFixtureOptions {
  /** Loopback address, e.g. "127.0.20.5" or "::1". */
  host: string;
  /** 25, 587, 465… or 0 for an ephemeral port. */
  port: number;
  /** Host name in the greeting and EHLO reply. */
  name?: string;
  /** Text appended to the greeting after "ESMTP". */
  banner?: string;
  /** Implicit TLS from the first byte (port 465). Needs key/cert. */
  secure?: boolean;
  /** Offer STARTTLS (default: true when key/cert are given and not `secure`). */
  starttls?: boolean;
  keyPem?: string;
  /** Certificate chain to send (leaf first). */
  certPem?: string;
  /** Extra node:tls options (minVersion, maxVersion, ciphers…). */
  tls?: Pick<TlsOptions, "minVersion" | "maxVersion" | "ciphers" | "ecdhCurve" | "honorCipherOrder">;
  /** Offer AUTH PLAIN LOGIN before TLS (credentials in clear). Otherwise AUTH only after TLS. */
  authBeforeTls?: boolean;
  /** Disable AUTH entirely (default true unless authBeforeTls). */
  noAuth?: boolean;
  /** Open relay: accept every recipient. */
  acceptAnyRecipient?: boolean;
  /** Domains treated as local (default: the server name and its parent domain). */
  localDomains?: string[];
  /** Answer every RCPT with 451 4.7.1 (greylisting). */
  rcptTempFail?: boolean;
  /** Hold the greeting back this long (slow greeters). */
  greetingDelayMs?: number;
  /** Refuse the session instead of greeting, e.g. { code: 554, message: "5.7.1 go away" }. */
  refuseConnection?: { code: 421 | 554; message: string };
}

export interface SmtpSessionLog {
  id: string;
  remoteAddress: string;
  /** Client lines as received (AUTH arguments redacted by smtp-server). */
  commands: string[];
  /** Client and server lines in order, prefixed "C: " / "S: ". */
  transcript: string[];
}

export interface SmtpFixture {
  host: string;
  port: number;
  /** Every client command, all connections, in arrival order. */
  commands: string[];
  sessions: SmtpSessionLog[];
  /** DATA or BDAT commands seen (accepted or not). The prober must keep this at 0. */
  readonly dataCommands: number;
  /** Messages that reached the onData handler. */
  readonly messagesReceived: number;
  readonly connections: number;
  close(): Promise<void>;
}

// "550 5.7.1 text": smtp-server would otherwise prefix its own generic enhanced code.
const ENHANCED_PREFIX = /^[245]\.\d{1,3}\.\d{1,3} /;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function defaultLocalDomains(name: string): string[] {
  const parent = name.split(".").slice(1).join(".");
  return parent.includes(".") ? [name, parent] : [name];
}

export async function startSmtpServer(opts: SmtpFixtureOptions): Promise<SmtpFixture> {
  const name = opts.name ?? "mx.mailprobe.test";
  const hasCert = !!(opts.keyPem && opts.certPem);
  const starttls = opts.starttls ?? (hasCert && !opts.secure);
  if ((opts.secure || starttls) && !hasCert) {
    // Never fall back to smtp-server's built-in certificate: tests must know what is served.
    throw new Error("startSmtpServer: secure/starttls need keyPem and certPem");
  }
  const noAuth = opts.noAuth ?? !opts.authBeforeTls;
  const localDomains = (opts.localDomains ?? defaultLocalDomains(name)).map((d) => d.toLowerCase());

  const sessions = new Map<string, SmtpSessionLog>();
  const commands: string[] = [];
  let dataCommands = 0;
  let messagesReceived = 0;
  let connections = 0;

  const sessionLog = (id: string): SmtpSessionLog => {
    let log = sessions.get(id);
    if (!log) {
      log = { id, remoteAddress: "", commands: [], transcript: [] };
      sessions.set(id, log);
    }
    return log;
  };

  // smtp-server has no per-command hook; its debug log carries every client line.
  const record = (entry: { tnx?: string; cid?: string }, message: unknown, line: unknown) => {
    if (!entry?.cid || typeof line !== "string") return;
    const log = sessionLog(entry.cid);
    if (entry.tnx === "command") {
      log.commands.push(line);
      log.transcript.push(`C: ${line}`);
      commands.push(line);
      if (/^(DATA|BDAT)\b/i.test(line)) dataCommands++;
    } else if (entry.tnx === "send" && message === "S:") {
      log.transcript.push(`S: ${line}`);
    }
  };
  const noop = () => {};
  const logger = { trace: noop, debug: record, info: noop, warn: noop, error: noop, fatal: noop };

  const options: SMTPServerOptions = {
    ...opts.tls,
    name,
    banner: opts.banner,
    secure: !!opts.secure,
    key: opts.keyPem,
    cert: opts.certPem,
    hideSTARTTLS: !starttls,
    disabledCommands: [...(starttls ? [] : ["STARTTLS"]), ...(noAuth ? ["AUTH"] : [])],
    authMethods: ["PLAIN", "LOGIN"],
    authOptional: true,
    allowInsecureAuth: !!opts.authBeforeTls,
    disableReverseLookup: true, // no DNS lookups from tests
    closeTimeout: 200,
    socketTimeout: 60_000,
    logger: logger as unknown as SMTPServerOptions["logger"],
    onConnect(session, callback) {
      connections++;
      sessionLog(session.id).remoteAddress = session.remoteAddress;
      const finish = () => {
        const refuse = opts.refuseConnection;
        callback(refuse ? smtpError(refuse.code, refuse.message) : null);
      };
      // Always async so the per-connection send() patch below is installed first.
      setTimeout(finish, opts.greetingDelayMs ?? 0);
    },
    onAuth(_auth, _session, callback) {
      callback(smtpError(535, "5.7.8 Authentication credentials invalid"));
    },
    onMailFrom(_address, _session, callback) {
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (opts.rcptTempFail) return callback(smtpError(451, "4.7.1 Greylisted, please try again later"));
      const domain = address.address.split("@").pop()?.toLowerCase() ?? "";
      if (opts.acceptAnyRecipient || localDomains.includes(domain)) return callback();
      callback(smtpError(550, "5.7.1 Relaying denied"));
    },
    onData(stream, session, callback) {
      messagesReceived++;
      console.warn(`smtp-fixture ${opts.host}:${opts.port}: DATA received in session ${session.id}`);
      stream.resume();
      stream.on("end", () => callback(null, "2.0.0 Ok: discarded by test fixture"));
    },
  };

  const server = new SMTPServer(options);
  server.on("error", noop); // client resets are normal in tests

  // Let handler messages carry their own enhanced status code (see ENHANCED_PREFIX).
  const connect = server.connect.bind(server);
  server.connect = (socket, socketOptions) => {
    connect(socket, socketOptions);
    for (const conn of server.connections) {
      const c = conn as unknown as {
        _socket?: Socket;
        send: (code: number, data?: unknown, context?: unknown) => void;
        __mailprobePatched?: boolean;
      };
      if (c.__mailprobePatched) continue;
      const send = c.send.bind(c);
      c.send = (code, data, context) =>
        send(code, data, typeof data === "string" && ENHANCED_PREFIX.test(data) ? false : context);
      c.__mailprobePatched = true;
    }
  };

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.server.once("error", onError);
    server.listen(opts.port, opts.host, () => {
      server.server.off("error", onError);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;

  let closing: Promise<void> | null = null;
  return {
    host: opts.host,
    port,
    commands,
    get sessions() {
      return [...sessions.values()];
    },
    get dataCommands() {
      return dataCommands;
    },
    get messagesReceived() {
      return messagesReceived;
    },
    get connections() {
      return connections;
    },
    close() {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closing;
    },
  };
}
