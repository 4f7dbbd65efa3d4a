// TLS in depth over real loopback sockets: which versions a server accepts (one pinned handshake
// per version, never two connections at once), and the certificate's key and signature.
// smtp-server fixtures on 127.0.70.0/24; real Postfix on 127.0.10.30 and .31 where the
// behaviour is a Postfix configuration (protocol list, chain file).
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConnectFn, tcpConnect } from "../../lib/probe/net/connect";
import type { SessionSummary } from "../../lib/probe/types";
import { type PostfixInstance, postfixAvailable, startPostfix } from "../servers/postfix";
import { type SmtpFixture, type SmtpFixtureOptions, startSmtpServer } from "../servers/smtp-fixture";
import { outcome, type ProbeRun, probe } from "./helpers";
import { testPki } from "./pki";

const pki = testPki();
const NAME = "mx.tls-depth.mailprobe.test";
const LEGACY_CIPHERS = "DEFAULT:@SECLEVEL=0";
const closers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
});

/**
 * The engine's connect, watched: how many connections it opened, and the most it still held
 * (not yet destroyed by us) when opening another. Seen from our side, so no timing races.
 */
function watchedConnect() {
  const sockets: net.Socket[] = [];
  let maxHeld = 0;
  const connect: ConnectFn = async (ip, port, timeoutMs) => {
    maxHeld = Math.max(maxHeld, sockets.filter((s) => !s.destroyed).length + 1);
    const r = await tcpConnect(ip, port, timeoutMs);
    if (r.ok) sockets.push(r.socket);
    return r;
  };
  return {
    extra: { connect },
    get connections() {
      return sockets.length;
    },
    get maxHeld() {
      return maxHeld;
    },
  };
}

interface Gate {
  readonly connections: number;
  close(): Promise<void>;
}

/** A TCP relay in front of a fixture: from connection `refuseFrom` on it answers 421 itself. */
async function gate(host: string, port: number, upstream: SmtpFixture, refuseFrom: number) {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections++;
    sockets.add(client);
    client.on("error", () => {});
    client.once("close", () => sockets.delete(client));
    if (connections >= refuseFrom) {
      client.end("421 4.7.0 mx.tls-depth.mailprobe.test Too many connections from your host\r\n");
      return;
    }
    const up = net.connect({ host: upstream.host, port: upstream.port });
    sockets.add(up);
    up.on("error", () => client.destroy());
    up.once("close", () => {
      sockets.delete(up);
      client.destroy();
    });
    client.once("close", () => up.destroy());
    client.pipe(up).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const g: Gate = {
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  closers.push(g);
  return g;
}

let nextIp = 1;
/** A STARTTLS (or, with secure, implicit TLS) fixture on the next address of the block. */
async function fixture(
  opts: Omit<SmtpFixtureOptions, "host" | "port" | "keyPem" | "certPem"> & {
    host?: string;
    port?: number;
    leaf?: { keyPem: string; chainPem: string };
  },
): Promise<SmtpFixture> {
  const { leaf = pki.valid(NAME), host, port = 25, ...rest } = opts;
  const s = await startSmtpServer({
    host: host ?? `127.0.70.${nextIp++}`,
    port,
    name: NAME,
    keyPem: leaf.keyPem,
    certPem: leaf.chainPem,
    ...rest,
  });
  closers.push(s);
  return s;
}

function session(run: ProbeRun, port = 25): SessionSummary {
  const found = run.report.sessions.find((s) => s.port === port);
  if (!found) throw new Error(`no session on port ${port}`);
  return found;
}

const results = (s: SessionSummary) => (s.tlsVersions ?? []).map((v) => `${v.version} ${v.result}`);

describe("TLS versions on smtp-server fixtures", () => {
  it("a modern server (Node's default, TLS 1.2+) passes, one connection per extra version, never two at once", async () => {
    const s0 = await fixture({});
    const watch = watchedConnect();
    const run = await probe(s0.host, { relay: false, extra: watch.extra });
    expect(outcome(run.check("tls-versions"))).toBe("pass/modern");
    expect(outcome(run.check("tls-version"))).toBe("pass/tls13");
    const s = session(run);
    expect(results(s)).toEqual(["TLSv1 rejected", "TLSv1.1 rejected", "TLSv1.2 accepted", "TLSv1.3 accepted"]);
    expect(s.tlsVersions?.find((v) => v.version === "TLSv1.3")?.fromSession).toBe(true);
    expect(s.tlsVersions?.[0]).toMatchObject({ stage: "tls", detail: expect.stringMatching(/alert|protocol/) });
    // The main session, then 1.0, 1.1 and 1.2 each on a new connection; 1.3 came from the session.
    expect(watch.connections).toBe(4);
    expect(watch.maxHeld).toBe(1);
    // Each extra connection speaks SMTP up to STARTTLS; the accepted one says QUIT over TLS.
    const extra = s0.sessions.slice(1).map((x) => x.commands.map((c) => c.split(" ")[0]).join(" "));
    expect(extra).toEqual(["EHLO STARTTLS", "EHLO STARTTLS", "EHLO STARTTLS QUIT"]);
    expect(s.transcript.some((l) => l.dir === "I" && /^TLSv1\.1: rejected/.test(l.text))).toBe(true);
    expect(s.tls?.forwardSecrecy).toBe(true);
  });

  it("a server accepting TLS 1.0 to 1.3 warns legacy-enabled", async () => {
    const s = await fixture({ tls: { minVersion: "TLSv1", ciphers: LEGACY_CIPHERS } });
    const run = await probe(s.host, { relay: false });
    expect(outcome(run.check("tls-versions"))).toBe("warn/legacy-enabled");
    expect(outcome(run.check("tls-version"))).toBe("pass/tls13");
    expect(results(session(run))).toEqual([
      "TLSv1 accepted",
      "TLSv1.1 accepted",
      "TLSv1.2 accepted",
      "TLSv1.3 accepted",
    ]);
    expect(run.check("tls-versions").params.legacy).toBe("TLS 1.0, TLS 1.1");
  });

  it("on 465 a TLS 1.0/1.1-only server is reported as such, not as a failed handshake", async () => {
    const s = await fixture({
      port: 465,
      secure: true,
      tls: { minVersion: "TLSv1", maxVersion: "TLSv1.1", ciphers: LEGACY_CIPHERS },
    });
    const watch = watchedConnect();
    const run = await probe(s.host, { ports: [465], extra: watch.extra });
    expect(outcome(run.check("tls-handshake", { port: 465 }))).toBe("pass/ok");
    expect(outcome(run.check("tls-version", { port: 465 }))).toBe("fail/tls11");
    expect(outcome(run.check("tls-versions", { port: 465 }))).toBe("fail/legacy-only");
    expect(results(session(run, 465))).toEqual([
      "TLSv1 accepted",
      "TLSv1.1 accepted",
      "TLSv1.2 rejected",
      "TLSv1.3 rejected",
    ]);
    // Main session (1.1), then 1.0, 1.2 and 1.3 straight on 465, one at a time, without SMTP.
    expect(watch.connections).toBe(4);
    expect(watch.maxHeld).toBe(1);
    expect(s.sessions.slice(1).every((x) => x.commands.length === 0)).toBe(true);
  });

  it("a TLS 1.0-only server fails tls-version with tls10 over STARTTLS", async () => {
    const s = await fixture({ tls: { minVersion: "TLSv1", maxVersion: "TLSv1", ciphers: LEGACY_CIPHERS } });
    const run = await probe(s.host, { relay: false });
    expect(outcome(run.check("tls-handshake"))).toBe("pass/ok");
    expect(outcome(run.check("tls-version"))).toBe("fail/tls10");
    expect(outcome(run.check("tls-versions"))).toBe("fail/legacy-only");
    expect(results(session(run))).toEqual([
      "TLSv1 accepted",
      "TLSv1.1 rejected",
      "TLSv1.2 rejected",
      "TLSv1.3 rejected",
    ]);
  });

  it("a modern server on 465 passes", async () => {
    const s = await fixture({ port: 465, secure: true });
    const run = await probe(s.host, { ports: [465] });
    expect(outcome(run.check("tls-versions", { port: 465 }))).toBe("pass/modern");
  });

  it("a server that turns further connections away leaves it inconclusive, quoting it, and stops trying", async () => {
    const upstream = await fixture({
      host: "127.0.70.102",
      port: 0,
      tls: { minVersion: "TLSv1", ciphers: LEGACY_CIPHERS },
    });
    const g = await gate(`127.0.70.${nextIp++}`, 25, upstream, 2);
    const run = await probe(`127.0.70.${nextIp - 1}`, { relay: false });
    const check = run.check("tls-versions");
    expect(outcome(check)).toBe("inconclusive/partial");
    expect(check.params).toMatchObject({ stage: "the greeting", untested: "TLS 1.0, TLS 1.1, TLS 1.2" });
    expect(String(check.params.detail)).toContain("421 4.7.0");
    // One refused attempt, then no more connections.
    expect(g.connections).toBe(2);
    expect(run.report.checks.filter((c) => c.status === "fail")).toEqual([]);
  });
});

describe("certificate key and signature", () => {
  it("an RSA-1024 leaf fails weak-key; the handshake itself is fine", async () => {
    const s = await fixture({
      leaf: pki.issueLeaf({ names: [NAME], keyBits: 1024 }),
      tls: { ciphers: LEGACY_CIPHERS },
    });
    const run = await probe(s.host, { relay: false });
    expect(outcome(run.check("tls-handshake"))).toBe("pass/ok");
    expect(outcome(run.check("cert-key"))).toBe("fail/weak-key");
    expect(run.check("cert-key").params.key).toBe("RSA 1024");
    expect(session(run).tls?.chain[0]).toMatchObject({ keyType: "RSA", keyBits: 1024 });
  });

  it("a SHA-1 signed leaf fails weak-signature", async () => {
    // Node's TLS server refuses to load a SHA-1 certificate above security level 0.
    const s = await fixture({
      leaf: pki.issueLeaf({ names: [NAME], signatureHash: "sha1" }),
      tls: { ciphers: LEGACY_CIPHERS },
    });
    const run = await probe(s.host, { relay: false });
    expect(outcome(run.check("cert-key"))).toBe("fail/weak-signature");
    expect(run.check("cert-key").params).toMatchObject({ hash: "SHA-1", weakSignature: "sha1WithRSAEncryption" });
  });

  it("a good leaf (RSA 2048, SHA-256) passes, with every chain certificate described", async () => {
    const s = await fixture({ leaf: pki.viaIntermediate(NAME) });
    const run = await probe(s.host, { relay: false });
    expect(outcome(run.check("cert-key"))).toBe("pass/ok");
    // Leaf and intermediate as sent (Node appends the root it found in the trust store).
    const chain = (session(run).tls?.chain ?? []).slice(0, 2);
    expect(chain).toHaveLength(2);
    for (const c of chain) {
      expect(c).toMatchObject({ keyType: "RSA", keyBits: 2048, signatureAlgorithm: "sha256WithRSAEncryption" });
      expect(c.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    }
  });
});

// postfixAvailable() throws under CI when Postfix is missing: never a silent skip there.
describe.skipIf(!postfixAvailable())("real Postfix", () => {
  const OLD = "127.0.10.30";
  const CHAIN = "127.0.10.31";
  const WEAK = "127.0.10.32";
  let old: PostfixInstance;
  let leafOnly: PostfixInstance;
  let weak: PostfixInstance;

  beforeAll(async () => {
    [old, leafOnly, weak] = await Promise.all([
      startPostfix({
        address: OLD,
        name: NAME,
        tls: pki.valid(NAME),
        // OpenSSL 3 needs security level 0 for the SHA-1 based handshakes of TLS 1.0/1.1.
        extraMainCf: {
          smtpd_tls_protocols: ">=TLSv1, <=TLSv1.1",
          smtpd_tls_mandatory_protocols: ">=TLSv1, <=TLSv1.1",
          tls_medium_cipherlist: LEGACY_CIPHERS,
        },
      }),
      // The chain file holds the leaf only, though an intermediate issued it.
      startPostfix({ address: CHAIN, name: NAME, tls: pki.incompleteChain(NAME) }),
      // A 1024-bit RSA key: OpenSSL 3 at its default security level refuses to even load it.
      startPostfix({
        address: WEAK,
        name: NAME,
        tls: pki.issueLeaf({ names: [NAME], keyBits: 1024 }),
        extraMainCf: { tls_medium_cipherlist: LEGACY_CIPHERS },
      }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([old?.stop(), leafOnly?.stop(), weak?.stop()]);
  }, 60_000);

  it("TLS 1.0/1.1 only: tls-version fails with the old version, tls-versions fails legacy-only", async () => {
    const run = await probe(OLD, { relay: false });
    expect(outcome(run.check("tls-handshake"))).toBe("pass/ok");
    expect(outcome(run.check("tls-version"))).toBe("fail/tls11");
    expect(outcome(run.check("tls-versions"))).toBe("fail/legacy-only");
    expect(results(session(run))).toEqual([
      "TLSv1 accepted",
      "TLSv1.1 accepted",
      "TLSv1.2 rejected",
      "TLSv1.3 rejected",
    ]);
    // Postfix saw the TLS 1.0 handshake, and we said QUIT afterwards.
    const log = old.maillog();
    expect(log).toMatch(/TLS connection established from .*: TLSv1 with cipher/);
    expect(log).toMatch(/disconnect from .* quit=1/);
  });

  it("a 1024-bit RSA key fails cert-key weak-key, while the handshake and trust pass", async () => {
    const run = await probe(WEAK, { relay: false });
    expect(outcome(run.check("tls-handshake"))).toBe("pass/ok");
    expect(outcome(run.check("cert-trusted"))).toBe("pass/trusted");
    expect(outcome(run.check("cert-key"))).toBe("fail/weak-key");
    expect(session(run).tls?.chain[0].keyBits).toBe(1024);
  });

  it("a chain file with only the leaf fails cert-trusted incomplete-chain", async () => {
    const run = await probe(CHAIN, { relay: false });
    expect(outcome(run.check("tls-handshake"))).toBe("pass/ok");
    expect(outcome(run.check("cert-trusted"))).toBe("fail/incomplete-chain");
    expect(session(run).tls?.chain).toHaveLength(1);
    // Stock Postfix settings: whether 1.0/1.1 pass depends on the system's OpenSSL; either way
    // every version gets a definite answer from a local Postfix.
    expect(["pass/modern", "warn/legacy-enabled"]).toContain(outcome(run.check("tls-versions")));
    expect(session(run).tlsVersions?.every((v) => v.result !== "error")).toBe(true);
  });
});
