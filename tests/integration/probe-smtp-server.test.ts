// The engine against nodemailer's smtp-server over real loopback sockets, one address per case.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsServer, startDnsServer } from "../servers/dns-server";
import { startSilentServer } from "../servers/silent-server";
import { type SmtpFixture, type SmtpFixtureOptions, startSmtpServer } from "../servers/smtp-fixture";
import { FAST_TIMEOUTS, outcome, probe } from "./helpers";
import { testPki } from "./pki";

const pki = testPki();
const NAME = "mx.mailprobe.test";
const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

let nextIp = 1;
/** Each case gets its own loopback address, on the real SMTP ports. */
async function server(opts: Omit<SmtpFixtureOptions, "host" | "port"> & { port?: number }): Promise<SmtpFixture> {
  const s = await startSmtpServer({ host: `127.0.40.${nextIp++}`, port: 25, name: NAME, ...opts });
  servers.push(s);
  return s;
}

describe("STARTTLS server with a valid certificate", () => {
  it("passes every check and never sends DATA", async () => {
    const leaf = pki.valid(NAME);
    const s = await server({ keyPem: leaf.keyPem, certPem: leaf.chainPem });
    const run = await probe(s.host);
    // Probed by address with no DNS server, reverse DNS is unknowable (names.test.ts covers it).
    expect(outcome(run.check("names"))).toBe("inconclusive/dns-error");
    const failing = run.report.checks.filter((c) => !["pass", "info"].includes(c.status) && c.id !== "names");
    expect(failing.map(outcome)).toEqual([]);
    expect(run.check("starttls-offered").status).toBe("pass");
    expect(run.check("tls-handshake").status).toBe("pass");
    expect(run.check("open-relay").outcome).toBe("rejected");
    expect(run.report.state).toBe("finished");
    expect(run.report.status).not.toBe("fail");
    expect(s.dataCommands).toBe(0);
    // STARTTLS then EHLO again; RSET before QUIT. Later connections are the TLS version tests.
    const cmds = s.sessions[0].commands.map((c) => c.split(" ")[0].toUpperCase());
    expect(cmds).toContain("STARTTLS");
    expect(cmds.filter((c) => c === "EHLO").length).toBe(2);
    expect(cmds).toContain("RSET");
    expect(cmds.at(-1)).toBe("QUIT");
    expect(outcome(run.check("tls-versions"))).toBe("pass/modern");
    expect(outcome(run.check("cert-key"))).toBe("pass/ok");
  });
});

describe("certificate findings (through DNS, so the certificate is judged against the MX name)", () => {
  let dns: DnsServer;
  beforeAll(async () => {
    dns = await startDnsServer({});
    servers.push(dns);
  });

  it.each([
    ["expired", "cert-expiry", "fail/expired", (n: string) => pki.expired(n)],
    ["not yet valid", "cert-expiry", "fail/not-yet-valid", (n: string) => pki.notYetValid(n)],
    ["expiring in 5 days", "cert-expiry", "warn/expiring-soon", (n: string) => pki.expiresIn(n, 5)],
    ["wrong name", "cert-hostname", "fail/mismatch", (n: string) => pki.wrongName(n)],
    ["right name", "cert-hostname", "pass/match", (n: string) => pki.valid(n)],
    ["self-signed", "cert-trusted", "fail/self-signed", (n: string) => pki.selfSigned(n)],
    ["unknown CA", "cert-trusted", "fail/unknown-ca", (n: string) => pki.unknownCa(n)],
    ["intermediate not sent", "cert-trusted", "fail/incomplete-chain", (n: string) => pki.incompleteChain(n)],
    ["complete chain via intermediate", "cert-trusted", "pass/trusted", (n: string) => pki.viaIntermediate(n)],
  ])("%s → %s %s", async (_label, id, expected, make) => {
    const ip = `127.0.40.${nextIp++}`;
    const name = `mx-${ip.replaceAll(".", "-")}.mailprobe.test`;
    dns.zone[name] = { A: [ip] };
    const leaf = make(name);
    const s = await startSmtpServer({ host: ip, port: 25, name, keyPem: leaf.keyPem, certPem: leaf.chainPem });
    servers.push(s);
    const run = await probe(name, { relay: false, dns: dns.server });
    expect(outcome(run.check("mx-records"))).toBe("info/implicit");
    expect(run.check("tls-handshake").status).toBe("pass");
    expect(outcome(run.check(id))).toBe(expected);
  });

  it("an IP literal has no name to match the certificate against", async () => {
    const leaf = pki.valid(NAME);
    const s = await server({ keyPem: leaf.keyPem, certPem: leaf.chainPem });
    const run = await probe(s.host, { relay: false });
    expect(outcome(run.check("cert-hostname"))).toBe("info/ip-target");
  });
});

describe("no TLS, AUTH, relay", () => {
  it("a server without STARTTLS fails starttls-offered and skips the TLS checks", async () => {
    const s = await server({});
    const run = await probe(s.host, { relay: false });
    expect(outcome(run.check("starttls-offered"))).toBe("fail/not-offered");
    expect(run.check("tls-handshake").status).toBe("skipped");
    expect(run.check("cert-trusted").status).toBe("skipped");
  });

  it("AUTH PLAIN before STARTTLS on 587 fails auth-before-tls", async () => {
    const leaf = pki.valid(NAME);
    const s = await server({ port: 587, keyPem: leaf.keyPem, certPem: leaf.chainPem, authBeforeTls: true });
    const run = await probe(s.host, { ports: [587] });
    expect(outcome(run.check("auth-before-tls", { port: 587 }))).toBe("fail/plaintext-auth");
    // No relay test outside port 25.
    expect(run.report.checks.some((c) => c.id === "open-relay")).toBe(false);
  });

  it("a server accepting any recipient fails open-relay, without DATA", async () => {
    const s = await server({ acceptAnyRecipient: true });
    const run = await probe(s.host);
    expect(outcome(run.check("open-relay"))).toBe("fail/accepted");
    expect(run.report.status).toBe("fail");
    expect(s.dataCommands).toBe(0);
    expect(s.messagesReceived).toBe(0);
  });

  it("451 to RCPT (greylisting) is inconclusive, never pass or fail", async () => {
    const s = await server({ rcptTempFail: true });
    const run = await probe(s.host);
    expect(outcome(run.check("open-relay"))).toBe("inconclusive/temporary");
  });

  it("relay test off: no MAIL FROM is sent", async () => {
    const s = await server({});
    const run = await probe(s.host, { relay: false });
    expect(run.report.checks.some((c) => c.id === "open-relay")).toBe(false);
    expect(s.commands.some((c) => /^MAIL/i.test(c))).toBe(false);
  });
});

describe("implicit TLS on 465", () => {
  it("completes TLS before the greeting and judges the certificate", async () => {
    const leaf = pki.valid(NAME);
    const s = await server({ port: 465, secure: true, keyPem: leaf.keyPem, certPem: leaf.chainPem });
    const run = await probe(s.host, { ports: [465] });
    expect(outcome(run.check("tls-handshake", { port: 465 }))).toBe("pass/ok");
    expect(run.check("banner", { port: 465 }).status).toBe("pass");
    expect(run.check("cert-trusted", { port: 465 }).status).toBe("pass");
    expect(run.report.checks.some((c) => c.id === "starttls-offered")).toBe(false);
  });
});

describe("unreachable and unwilling servers", () => {
  it("a closed port fails tcp-connect fast", async () => {
    const run = await probe("127.0.40.250", { timeouts: { connectMs: 10_000 } });
    expect(outcome(run.check("tcp-connect"))).toBe("fail/refused");
    expect(run.check("banner").status).toBe("skipped");
    expect(run.ms).toBeLessThan(5000);
  });

  it("a silent server ends banner inconclusive at the greeting deadline", async () => {
    const silent = await startSilentServer("127.0.40.251", 25);
    servers.push(silent);
    const run = await probe("127.0.40.251", { timeouts: { ...FAST_TIMEOUTS, greetingMs: 1500 } });
    expect(outcome(run.check("banner"))).toBe("inconclusive/timeout");
    expect(run.report.state).toBe("finished");
    expect(run.ms).toBeGreaterThanOrEqual(1400);
    expect(run.ms).toBeLessThan(1500 + 3000);
  });

  it("421 at greeting is inconclusive and never reported as missing STARTTLS", async () => {
    const s = await server({ refuseConnection: { code: 421, message: "4.7.0 Too many connections, try later" } });
    const run = await probe(s.host);
    expect(outcome(run.check("banner"))).toBe("inconclusive/busy-421");
    expect(run.check("starttls-offered").status).toBe("skipped");
    expect(run.report.status).toBe("inconclusive");
  });

  it("554 greeting fails banner", async () => {
    const s = await server({ refuseConnection: { code: 554, message: "5.7.1 No SMTP service here" } });
    const run = await probe(s.host);
    expect(outcome(run.check("banner"))).toBe("fail/rejected-554");
  });
});

describe("target guard", () => {
  it("refuses loopback targets unless allowed", async () => {
    const run = await probe("127.0.40.1", { allow: "" });
    expect(run.report.state).toBe("failed");
    expect(run.report.error?.code).toBe("blocked-target");
    expect(run.report.error?.message).toMatch(/loopback/);
    expect(run.report.checks).toEqual([]);
  });
});
