// Proves every test fixture works over real sockets before other tests rely on it.
// Addresses used here (keep them unique across test files): 127.0.20.250-253, 127.0.10.250-251.
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { promises as dnsPromises } from "node:dns";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import dnsPacket from "dns-packet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsServer, startDnsServer } from "../servers/dns-server";
import { type PostfixInstance, postfixAvailable, startPostfix } from "../servers/postfix";
import { RawSmtp } from "../servers/raw-smtp";
import { startSilentServer } from "../servers/silent-server";
import { type SmtpFixture, startSmtpServer } from "../servers/smtp-fixture";
import { createTestPki, type Leaf, type TestPki } from "../servers/test-ca";

const MX = "mx.mailprobe.test";
let workDir: string;
let pki: TestPki;

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), "mailprobe-fixtures-"));
  pki = createTestPki(path.join(workDir, "pki"));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe("test PKI", () => {
  it("issues a leaf with SAN and serverAuth that chains to the root", () => {
    const leaf = new X509Certificate(pki.valid(MX).certPem);
    const root = new X509Certificate(pki.rootCa.certPem);
    expect(leaf.subjectAltName).toBe(`DNS:${MX}`);
    expect(leaf.keyUsage).toContain("1.3.6.1.5.5.7.3.1");
    expect(leaf.checkIssued(root)).toBe(true);
    expect(leaf.verify(root.publicKey)).toBe(true);
    expect(leaf.checkHost(MX)).toBe(MX);
    expect(root.ca).toBe(true);
  });

  it("caches material per process", () => {
    expect(pki.valid(MX).certPem).toBe(pki.valid(MX).certPem);
    expect(createTestPki(path.join(workDir, "pki2")).rootCa.certPem).toBe(pki.rootCa.certPem);
  });

  it("shares one CA per directory across processes", () => {
    const dir = path.join(workDir, "shared-pki");
    const script = path.join(workDir, "make-pki.mts");
    const testCa = path.resolve(__dirname, "../servers/test-ca.ts");
    writeFileSync(
      script,
      `import { createTestPki } from ${JSON.stringify(testCa)};\ncreateTestPki(${JSON.stringify(dir)});\n`,
    );
    const r = spawnSync(path.resolve(__dirname, "../../node_modules/.bin/tsx"), [script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    const fromOtherProcess = readFileSync(path.join(dir, "ca.pem"), "utf8");
    expect(fromOtherProcess).not.toBe(pki.rootCa.certPem);
    const here = createTestPki(dir);
    expect(here.rootCa.certPem).toBe(fromOtherProcess);
    const leaf = new X509Certificate(here.valid(MX).certPem);
    expect(leaf.verify(new X509Certificate(fromOtherProcess).publicKey)).toBe(true);
  });
});

describe("smtp-server fixture", () => {
  const fixtures: SmtpFixture[] = [];
  const start = async (opts: Parameters<typeof startSmtpServer>[0]) => {
    const f = await startSmtpServer(opts);
    fixtures.push(f);
    return f;
  };
  afterAll(async () => {
    await Promise.all(fixtures.map((f) => f.close()));
  });

  it("upgrades with STARTTLS to a certificate the test CA verifies, denies relaying, logs commands", async () => {
    const leaf = pki.valid(MX);
    const server = await start({
      host: "127.0.20.250",
      port: 25,
      name: MX,
      keyPem: leaf.keyPem,
      certPem: leaf.chainPem,
    });
    const c = await RawSmtp.connect(server.host, server.port);
    expect((await c.read()).text).toMatch(new RegExp(`^220 ${MX} ESMTP`));
    const ehlo = await c.cmd("EHLO probe.mailprobe.test");
    expect(ehlo.lines).toContain("STARTTLS");
    expect(ehlo.lines.some((l) => l.startsWith("AUTH"))).toBe(false);
    const secure = await c.starttls({ ca: pki.rootCa.certPem, servername: MX, rejectUnauthorized: true });
    expect(secure.authorized).toBe(true);
    expect(secure.getProtocol()).toBe("TLSv1.3");
    const ehlo2 = await c.cmd("EHLO probe.mailprobe.test");
    expect(ehlo2.lines).not.toContain("STARTTLS");
    expect((await c.cmd("MAIL FROM:<a@outside-one.example>")).code).toBe(250);
    expect((await c.cmd("RCPT TO:<b@outside-two.example>")).text).toMatch(/^550 5\.7\.1 Relaying denied/);
    expect((await c.cmd(`RCPT TO:<postmaster@${MX}>`)).code).toBe(250);
    expect((await c.cmd("RSET")).code).toBe(250);
    await c.quit();
    expect(server.commands.map((l) => l.split(/[ :]/)[0])).toEqual([
      "EHLO",
      "STARTTLS",
      "EHLO",
      "MAIL",
      "RCPT",
      "RCPT",
      "RSET",
      "QUIT",
    ]);
    expect(server.sessions[0].transcript[0]).toMatch(/^S: 220 /);
    expect(server.dataCommands).toBe(0);
  });

  it("counts DATA, offers AUTH before TLS, relays openly or greylists when asked", async () => {
    const open = await start({
      host: "127.0.20.251",
      port: 25,
      name: MX,
      acceptAnyRecipient: true,
      authBeforeTls: true,
    });
    const c = await RawSmtp.connect(open.host, open.port);
    await c.read();
    const ehlo = await c.cmd("EHLO probe.mailprobe.test");
    expect(ehlo.lines).toContain("AUTH PLAIN LOGIN");
    expect(ehlo.lines).not.toContain("STARTTLS");
    expect((await c.cmd("STARTTLS")).code).toBeGreaterThanOrEqual(500);
    await c.cmd("MAIL FROM:<a@outside-one.example>");
    expect((await c.cmd("RCPT TO:<b@outside-two.example>")).code).toBe(250);
    expect((await c.cmd("DATA")).code).toBe(354);
    expect((await c.cmd("Subject: x\r\n\r\nbody\r\n.")).code).toBe(250);
    await c.quit();
    expect(open.dataCommands).toBe(1);
    expect(open.messagesReceived).toBe(1);

    const grey = await start({ host: "127.0.20.251", port: 587, name: MX, rcptTempFail: true });
    const g = await RawSmtp.connect(grey.host, grey.port);
    await g.read();
    await g.cmd("EHLO probe.mailprobe.test");
    await g.cmd("MAIL FROM:<a@outside-one.example>");
    expect((await g.cmd(`RCPT TO:<postmaster@${MX}>`)).text).toMatch(/^451 4\.7\.1 /);
    expect((await g.cmd("DATA")).code).toBe(503);
    await g.quit();
    expect(grey.dataCommands).toBe(1); // refused, but still counted: the prober must send none
    expect(grey.messagesReceived).toBe(0);
  });

  it("refuses or delays the greeting when asked", async () => {
    const refusing = await start({
      host: "127.0.20.251",
      port: 2525,
      refuseConnection: { code: 554, message: "5.7.1 No SMTP service here" },
    });
    const c = await RawSmtp.connect(refusing.host, refusing.port);
    expect((await c.read()).text).toMatch(/^554 5\.7\.1 No SMTP service here/);
    await c.quit();

    const slow = await start({ host: "127.0.20.251", port: 0, greetingDelayMs: 300 });
    const t0 = Date.now();
    const s = await RawSmtp.connect(slow.host, slow.port);
    expect((await s.read()).code).toBe(220);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    await s.quit();
  });

  // Implicit TLS (465) with each certificate variant: what Node's verification says.
  const variants: Array<[string, () => Leaf, string | null]> = [
    ["valid", () => pki.valid(MX), null],
    ["via intermediate, full chain", () => pki.viaIntermediate(MX), null],
    ["incomplete chain", () => pki.incompleteChain(MX), "UNABLE_TO_VERIFY_LEAF_SIGNATURE"],
    ["expired", () => pki.expired(MX), "CERT_HAS_EXPIRED"],
    ["not yet valid", () => pki.notYetValid(MX), "CERT_NOT_YET_VALID"],
    ["self-signed", () => pki.selfSigned(MX), "DEPTH_ZERO_SELF_SIGNED_CERT"],
    ["unknown CA", () => pki.unknownCa(MX), "SELF_SIGNED_CERT_IN_CHAIN"],
    [
      "unknown CA, leaf only",
      () => pki.issueLeaf({ names: [MX], issuer: "unknown", omitIntermediate: true }),
      "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    ],
    ["wrong name", () => pki.wrongName(MX), "ERR_TLS_CERT_ALTNAME_INVALID"],
  ];
  it.each(variants)("serves a %s certificate on implicit TLS", async (_label, make, expected) => {
    const leaf = make();
    const server = await start({
      host: "127.0.20.252",
      port: 0,
      secure: true,
      name: MX,
      keyPem: leaf.keyPem,
      certPem: leaf.chainPem,
    });
    const socket = tls.connect({
      host: server.host,
      port: server.port,
      servername: MX,
      ca: pki.rootCa.certPem,
      rejectUnauthorized: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("secureConnect", () => resolve());
      socket.once("error", reject);
    });
    const authError = socket.authorizationError as (Error & { code?: string }) | string | null;
    const hostError = tls.checkServerIdentity(MX, socket.getPeerCertificate()) as
      | (Error & { code?: string })
      | undefined;
    const code = authError ? (typeof authError === "string" ? authError : authError.code) : (hostError?.code ?? null);
    expect(code).toBe(expected);
    socket.destroy();
    await server.close();
  });
});

describe("DNS server", () => {
  let dns: DnsServer;
  let resolver: dnsPromises.Resolver;
  beforeAll(async () => {
    dns = await startDnsServer({
      "mailprobe.test": {
        MX: [
          { preference: 20, exchange: "mx2.mailprobe.test" },
          { preference: 10, exchange: MX },
        ],
      },
      [MX]: { A: ["127.0.10.1"], AAAA: ["::1"] },
      "alias.mailprobe.test": { CNAME: MX },
      "nullmx.test": { MX: [{ preference: 0, exchange: "." }] },
      "gone.test": { nxdomain: true },
      "broken.test": { servfail: true },
      "slow.test": { noAnswer: true },
      "host.deep.test.": { A: ["127.0.10.2"] },
    });
    resolver = new dnsPromises.Resolver({ timeout: 300, tries: 1 });
    resolver.setServers([dns.server]);
  });
  afterAll(async () => {
    await dns.close();
  });

  it("answers MX, A, AAAA and follows CNAMEs", async () => {
    expect(dns.server).toBe(`127.0.0.1:${dns.port}`);
    const mx = await resolver.resolveMx("mailprobe.test");
    expect(mx.sort((a, b) => a.priority - b.priority)).toEqual([
      { exchange: MX, priority: 10 },
      { exchange: "mx2.mailprobe.test", priority: 20 },
    ]);
    expect(await resolver.resolve4(MX)).toEqual(["127.0.10.1"]);
    expect(await resolver.resolve6(MX.toUpperCase())).toEqual(["::1"]);
    expect(await resolver.resolve4("alias.mailprobe.test")).toEqual(["127.0.10.1"]);
    expect(dns.queries.some((q) => q.name === "mailprobe.test" && q.type === "MX")).toBe(true);
  });

  it("distinguishes NODATA, NXDOMAIN, SERVFAIL, null MX and silence", async () => {
    await expect(resolver.resolveMx(MX)).rejects.toMatchObject({ code: "ENODATA" });
    await expect(resolver.resolve4("deep.test")).rejects.toMatchObject({ code: "ENODATA" }); // empty non-terminal
    await expect(resolver.resolveMx("unknown.test")).rejects.toMatchObject({ code: "ENOTFOUND" });
    await expect(resolver.resolveMx("gone.test")).rejects.toMatchObject({ code: "ENOTFOUND" });
    await expect(resolver.resolve4("broken.test")).rejects.toMatchObject({ code: "ESERVFAIL" });
    expect(await resolver.resolveMx("nullmx.test")).toEqual([{ exchange: "", priority: 0 }]);
    await expect(resolver.resolve4("slow.test")).rejects.toMatchObject({ code: "ETIMEOUT" });
  });

  it("answers over TCP on the same port", async () => {
    const socket = net.connect({ host: dns.address, port: dns.port });
    await new Promise((r) => socket.once("connect", r));
    socket.write(dnsPacket.streamEncode({ type: "query", id: 7, questions: [{ type: "A", name: MX }] }));
    const reply = await new Promise<Buffer>((r) => socket.once("data", r));
    socket.destroy();
    const packet = dnsPacket.streamDecode(reply);
    expect(packet.id).toBe(7);
    expect(packet.answers?.map((a) => ("data" in a ? a.data : null))).toEqual(["127.0.10.1"]);
  });
});

describe("silent server", () => {
  it("accepts and never writes", async () => {
    const silent = await startSilentServer("127.0.20.253", 25);
    const socket = net.connect({ host: silent.host, port: silent.port });
    const got: Buffer[] = [];
    socket.on("data", (d) => got.push(d));
    await new Promise((r) => socket.once("connect", r));
    socket.write("EHLO early\r\n");
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual([]);
    expect(silent.accepted).toBe(1);
    expect(silent.received.toString()).toBe("EHLO early\r\n");
    const closed = new Promise((r) => socket.once("close", r));
    await silent.close();
    await closed; // close() destroyed the open connection
  });
});

describe.skipIf(!postfixAvailable())("Postfix", () => {
  const instances: PostfixInstance[] = [];
  let leaf: Leaf;
  beforeAll(async () => {
    leaf = pki.viaIntermediate(MX); // Postfix must send the intermediate too
    const [withTls, plain] = await Promise.all([
      startPostfix({ address: "127.0.10.250", name: MX, tls: leaf, ports: [25, 587, 465] }),
      startPostfix({ address: "127.0.10.251", name: MX, tls: null }),
    ]);
    instances.push(withTls, plain);
  });
  afterAll(async () => {
    await Promise.all(instances.map((p) => p.stop()));
  });

  it("offers STARTTLS and the chain verifies against the test CA", async () => {
    const c = await RawSmtp.connect("127.0.10.250", 25);
    expect((await c.read()).text).toMatch(new RegExp(`^220 ${MX} ESMTP`));
    expect((await c.cmd("EHLO probe.mailprobe.test")).lines).toContain("STARTTLS");
    const secure = await c.starttls({ ca: pki.rootCa.certPem, servername: MX, rejectUnauthorized: true });
    expect(secure.authorized).toBe(true);
    expect((await c.cmd("EHLO probe.mailprobe.test")).lines).not.toContain("STARTTLS");
    await c.quit();
  });

  it("verifies with openssl s_client -starttls smtp", () => {
    const r = spawnSync(
      "openssl",
      [
        "s_client",
        "-starttls",
        "smtp",
        "-connect",
        "127.0.10.250:25",
        "-CAfile",
        pki.caPath,
        "-servername",
        MX,
        "-verify_hostname",
        MX,
        "-verify_return_error",
        "-brief",
      ],
      { input: "", encoding: "utf8", timeout: 20_000 },
    );
    expect(`${r.stdout}${r.stderr}`).toMatch(/Verification: OK/);
    expect(r.status).toBe(0);
  });

  it("requires TLS on 587 and speaks implicit TLS on 465", async () => {
    const sub = await RawSmtp.connect("127.0.10.250", 587);
    await sub.read();
    expect((await sub.cmd("EHLO probe.mailprobe.test")).lines).toContain("STARTTLS");
    expect((await sub.cmd("MAIL FROM:<a@outside-one.example>")).code).toBe(530);
    await sub.quit();

    const smtps = await RawSmtp.connect("127.0.10.250", 465, { ca: pki.rootCa.certPem, servername: MX });
    expect((smtps.socket as tls.TLSSocket).authorized).toBe(true);
    expect((await smtps.read()).code).toBe(220);
    await smtps.quit();
  });

  it("without TLS does not advertise STARTTLS", async () => {
    const c = await RawSmtp.connect("127.0.10.251", 25);
    await c.read();
    expect((await c.cmd("EHLO probe.mailprobe.test")).lines).not.toContain("STARTTLS");
    await c.quit();
  });

  it("rejects relaying to an outside domain (and we never send DATA)", async () => {
    const c = await RawSmtp.connect("127.0.10.251", 25);
    await c.read();
    await c.cmd("EHLO probe.mailprobe.test");
    expect((await c.cmd("MAIL FROM:<a@outside-one.example>")).code).toBe(250);
    const rcpt = await c.cmd("RCPT TO:<b@outside-two.example>");
    expect(rcpt.text).toMatch(/^55[04] 5\.7\.1 .*Relay access denied/);
    expect((await c.cmd(`RCPT TO:<postmaster@${MX}>`)).code).toBe(250);
    expect((await c.cmd("RSET")).code).toBe(250);
    await c.quit();
  });
});
