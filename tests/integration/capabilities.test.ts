// Capabilities and AUTH over real sockets (block 127.0.80.0/24): the same server on 25 and 587
// is judged per port, and AUTH is shown before and after TLS as the server offered it.
import net from "node:net";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpServer } from "../servers/smtp-fixture";
import { outcome, probe } from "./helpers";
import { testPki } from "./pki";

const NAME = "mx.caps.mailprobe.test";
const CLEAR_AUTH = "127.0.80.20";
const SCRIPTED = "127.0.80.21";
const servers: { close(): Promise<void> }[] = [];

// What the scripted server advertises in clear text and after STARTTLS.
const BEFORE = ["SIZE 36700160", "PIPELINING", "8BITMIME", "STARTTLS", "ENHANCEDSTATUSCODES", "X-VENDOR-FEATURE on"];
const AFTER = [
  "SIZE 52428800",
  "PIPELINING",
  "8BITMIME",
  "SMTPUTF8",
  "CHUNKING",
  "DSN",
  "ENHANCEDSTATUSCODES",
  "REQUIRETLS",
  "AUTH PLAIN LOGIN",
  "X-VENDOR-FEATURE on",
];

/**
 * A server with a fixed EHLO list before and after STARTTLS (smtp-server cannot advertise SIZE,
 * REQUIRETLS, or AUTH only after TLS).
 */
async function scriptedServer(host: string, port: number, keyPem: string, certPem: string) {
  const context = tls.createSecureContext({ key: keyPem, cert: certPem });
  const sockets = new Set<net.Socket>();
  const server = net.createServer((raw) => {
    sockets.add(raw);
    raw.on("close", () => sockets.delete(raw));
    raw.on("error", () => {});
    let socket: net.Socket = raw;
    let buf = "";
    const onData = (chunk: Buffer) => {
      buf += chunk.toString("latin1");
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const verb = buf.slice(0, nl).trim().split(" ")[0].toUpperCase();
        buf = buf.slice(nl + 1);
        if (verb === "EHLO") {
          const lines = [NAME, ...(socket === raw ? BEFORE : AFTER)];
          socket.write(lines.map((l, i) => `250${i === lines.length - 1 ? " " : "-"}${l}\r\n`).join(""));
        } else if (verb === "STARTTLS" && socket === raw) {
          raw.write("220 2.0.0 Ready to start TLS\r\n");
          // Hand the connection to TLS before the client's handshake can arrive.
          raw.removeListener("data", onData);
          const secure = new tls.TLSSocket(raw, { isServer: true, secureContext: context });
          secure.on("error", () => {});
          secure.on("data", onData);
          socket = secure;
          buf = "";
          return;
        } else if (verb === "QUIT") socket.end("221 2.0.0 Bye\r\n");
        else socket.write("502 5.5.2 Command not recognized\r\n");
      }
    };
    raw.on("data", onData);
    raw.write(`220 ${NAME} ESMTP\r\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

beforeAll(async () => {
  const leaf = testPki().valid(NAME);
  servers.push(await scriptedServer(SCRIPTED, 587, leaf.keyPem, leaf.chainPem));
  const withCert = { name: NAME, keyPem: leaf.keyPem, certPem: leaf.chainPem };
  for (const port of [25, 587]) {
    // smtp-server advertises AUTH before TLS whenever AUTH is on: the same server on both ports.
    servers.push(await startSmtpServer({ host: CLEAR_AUTH, port, ...withCert, authBeforeTls: true }));
  }
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const capabilities = (c: { evidence: { label: string; value: string }[] }) =>
  c.evidence.find((e) => e.label === "Capabilities")?.value ?? "";

describe("auth-before-tls per port", () => {
  it("PLAIN/LOGIN in clear text fails on 587 and warns on 25, from the same server", async () => {
    const run = await probe(CLEAR_AUTH, { ports: [25, 587], relay: false });
    expect(outcome(run.check("auth-before-tls", { port: 587 }))).toBe("fail/plaintext-auth");
    expect(outcome(run.check("auth-before-tls", { port: 25 }))).toBe("warn/plaintext-auth-mx");
    for (const port of [25, 587]) {
      expect(run.check("auth-before-tls", { port }).params.cleartext).toBe("PLAIN LOGIN");
      expect(capabilities(run.check("ehlo", { port }))).toMatch(/AUTH PLAIN LOGIN/);
    }
  });

  it("ehlo-after-tls shows the mechanisms offered under TLS, without STARTTLS", async () => {
    const run = await probe(CLEAR_AUTH, { ports: [587], relay: false });
    const after = run.check("ehlo-after-tls", { port: 587 });
    expect(outcome(after)).toBe("pass/ok");
    expect(capabilities(after)).toMatch(/AUTH PLAIN LOGIN/);
    expect(capabilities(after)).not.toMatch(/STARTTLS/);
    // Offered in clear text too, so not the "only after TLS" case.
    expect(after.evidence.some((e) => e.label === "AUTH")).toBe(false);
  });

  it("shows smtp-server's real capabilities in the well-known order", async () => {
    const run = await probe(CLEAR_AUTH, { ports: [587], relay: false });
    const list = capabilities(run.check("ehlo", { port: 587 })).split(", ");
    expect(list).toEqual(expect.arrayContaining(["PIPELINING", "8BITMIME", "SMTPUTF8", "STARTTLS"]));
    expect(list.indexOf("PIPELINING")).toBeLessThan(list.indexOf("STARTTLS"));
    expect(run.check("ehlo", { port: 587 }).evidence[0]).toEqual({ label: "Server name", value: NAME });
  });
});

describe("capabilities before and after TLS", () => {
  it("lists each EHLO's extensions readably: SIZE in units, AUTH only under TLS, unknown ones as sent", async () => {
    const run = await probe(SCRIPTED, { ports: [587], relay: false });
    expect(capabilities(run.check("ehlo"))).toBe(
      "SIZE 35 MiB (36700160 bytes), PIPELINING, 8BITMIME, ENHANCEDSTATUSCODES, STARTTLS, X-VENDOR-FEATURE on",
    );
    const after = run.check("ehlo-after-tls");
    expect(outcome(after)).toBe("pass/ok");
    expect(capabilities(after)).toBe(
      "SIZE 50 MiB (52428800 bytes), PIPELINING, 8BITMIME, SMTPUTF8, CHUNKING, DSN, ENHANCEDSTATUSCODES, REQUIRETLS, AUTH PLAIN LOGIN, X-VENDOR-FEATURE on",
    );
    expect(after.evidence).toContainEqual({ label: "AUTH", value: "offered only after TLS (good)" });
    expect(outcome(run.check("auth-before-tls"))).toBe("pass/none");
    // The structured extensions reach the report for the page's capabilities table.
    expect(run.report.sessions[0].extensions?.size).toBe(36700160);
    expect(run.report.sessions[0].extensionsAfterTls?.auth).toEqual(["PLAIN", "LOGIN"]);
  });
});
