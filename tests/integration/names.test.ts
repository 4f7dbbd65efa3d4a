// The names check end to end: PTR and forward lookups through the in-process DNS server, the
// greeting and EHLO names from real SMTP servers on loopback (block 127.0.80.0/24).
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResolver } from "../../lib/probe/net/resolve";
import { type DnsServer, startDnsServer } from "../servers/dns-server";
import { type SmtpFixture, startSmtpServer } from "../servers/smtp-fixture";
import { outcome, probe } from "./helpers";

const servers: { close(): Promise<void> }[] = [];
let dns: DnsServer;

/** An SMTP server that greets with one name and answers EHLO with another (smtp-server cannot). */
async function splitNameServer(
  host: string,
  greetingName: string,
  ehloName: string,
): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.write(`220 ${greetingName} ESMTP ready\r\n`);
    let buf = "";
    socket.on("data", (chunk) => {
      buf += chunk.toString("latin1");
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const verb = buf.slice(0, nl).trim().split(" ")[0].toUpperCase();
        buf = buf.slice(nl + 1);
        if (verb === "EHLO") socket.write(`250-${ehloName} hello\r\n250-PIPELINING\r\n250 8BITMIME\r\n`);
        else if (verb === "MAIL" || verb === "RSET") socket.write("250 2.0.0 Ok\r\n");
        else if (verb === "RCPT") socket.write("554 5.7.1 Relay access denied\r\n");
        else if (verb === "QUIT") socket.end("221 2.0.0 Bye\r\n");
        else socket.write("502 5.5.2 Command not recognized\r\n");
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(25, host, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function smtp(host: string, name: string): Promise<SmtpFixture> {
  const s = await startSmtpServer({ host, port: 25, name });
  servers.push(s);
  return s;
}

beforeAll(async () => {
  dns = await startDnsServer({
    // PTR that points back and equals the greeting name.
    "mx.good.names.test": { A: ["127.0.80.1"] },
    "1.80.0.127.in-addr.arpa": { PTR: "mx.good.names.test." },
    // No PTR at all.
    "mx.noptr.names.test": { A: ["127.0.80.2"] },
    // PTR to a name that resolves elsewhere.
    "mx.elsewhere.names.test": { A: ["127.0.80.3"] },
    "3.80.0.127.in-addr.arpa": { PTR: "mail.other.names.test" },
    "mail.other.names.test": { A: ["127.0.80.99"] },
    // PTR confirmed, but the server calls itself something else (a provider's generic name).
    "mx.generic.names.test": { A: ["127.0.80.4"] },
    "4.80.0.127.in-addr.arpa": { PTR: "host-4.isp.names.test" },
    "host-4.isp.names.test": { A: ["127.0.80.4"] },
    // Greeting name differs from the EHLO name; the EHLO name is the confirmed PTR.
    "mx.split.names.test": { A: ["127.0.80.5"] },
    "5.80.0.127.in-addr.arpa": { PTR: "mx.split.names.test" },
    // A server calling itself localhost.
    "mx.local.names.test": { A: ["127.0.80.6"] },
    "6.80.0.127.in-addr.arpa": { PTR: "mx.local.names.test" },
    // Five PTR names; only the first three are checked, the second points back.
    "mx.multi.names.test": { A: ["127.0.80.7"] },
    "7.80.0.127.in-addr.arpa": {
      PTR: [
        "a.multi.names.test",
        "mx.multi.names.test",
        "c.multi.names.test",
        "d.multi.names.test",
        "e.multi.names.test",
      ],
    },
    "a.multi.names.test": { A: ["127.0.80.70"] },
    // A reverse zone that never answers in time, and one that fails.
    "mx.slow.names.test": { A: ["127.0.80.8"] },
    "8.80.0.127.in-addr.arpa": { PTR: "mx.slow.names.test", delayMs: 8000 },
    "mx.broken.names.test": { A: ["127.0.80.9"] },
    "9.80.0.127.in-addr.arpa": { servfail: true },
    // IPv6 loopback, nibble format (no SMTP needed: resolver-level test).
    "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa": { PTR: "six.names.test" },
  });
  servers.push(dns);
  await Promise.all([
    smtp("127.0.80.1", "mx.good.names.test"),
    smtp("127.0.80.2", "mx.noptr.names.test"),
    smtp("127.0.80.3", "mx.elsewhere.names.test"),
    smtp("127.0.80.4", "mx.generic.names.test"),
    smtp("127.0.80.6", "localhost"),
    smtp("127.0.80.7", "mx.multi.names.test"),
    smtp("127.0.80.8", "mx.slow.names.test"),
    smtp("127.0.80.9", "mx.broken.names.test"),
    splitNameServer("127.0.80.5", "gw.split.names.test", "mx.split.names.test").then((s) => servers.push(s)),
  ]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const evidence = (c: { evidence: { label: string; value: string }[] }, label: string) =>
  c.evidence.find((e) => e.label === label)?.value;

describe("names through real DNS and SMTP", () => {
  it("a PTR that points back and equals the greeting name passes, with the table on the session", async () => {
    const run = await probe("mx.good.names.test", { dns: dns.server, relay: false });
    const names = run.check("names");
    expect(outcome(names)).toBe("pass/consistent");
    expect(evidence(names, "PTR")).toBe("mx.good.names.test (points back to 127.0.80.1)");
    expect(evidence(names, "Greeting name")).toBe("mx.good.names.test");
    expect(run.report.sessions[0].names).toEqual({
      mx: "mx.good.names.test",
      ip: "127.0.80.1",
      ptr: ["mx.good.names.test"],
      ptrConfirmed: ["mx.good.names.test"],
      greetingHost: "mx.good.names.test",
      ehloHost: "mx.good.names.test",
      certNames: [],
    });
    // Reverse and forward lookups really went through DNS.
    const asked = dns.queries.map((q) => `${q.type} ${q.name}`);
    expect(asked).toContain("PTR 1.80.0.127.in-addr.arpa");
    expect(asked.filter((q) => q === "A mx.good.names.test").length).toBeGreaterThanOrEqual(2);
  });

  it("an IP target gets the same table, without an MX name", async () => {
    const run = await probe("127.0.80.1", { dns: dns.server, relay: false });
    const names = run.check("names");
    expect(outcome(names)).toBe("pass/consistent");
    expect(evidence(names, "MX name")).toBe("none (the target was an IP address)");
  });

  it("no PTR warns", async () => {
    const run = await probe("mx.noptr.names.test", { dns: dns.server, relay: false });
    expect(outcome(run.check("names"))).toBe("warn/no-ptr");
    expect(evidence(run.check("names"), "PTR")).toBe("none");
    // The SMTP side is fine: only the names check speaks about it.
    expect(outcome(run.check("banner"))).toBe("pass/ok");
  });

  it("a PTR whose name does not resolve back warns", async () => {
    const run = await probe("mx.elsewhere.names.test", { dns: dns.server, relay: false });
    expect(outcome(run.check("names"))).toBe("warn/not-confirmed");
    expect(evidence(run.check("names"), "PTR")).toBe("mail.other.names.test (resolves to 127.0.80.99, not 127.0.80.3)");
  });

  it("a confirmed PTR that differs from the server name is info", async () => {
    const run = await probe("mx.generic.names.test", { dns: dns.server, relay: false });
    const names = run.check("names");
    expect(outcome(names)).toBe("info/ptr-mismatch");
    expect(names.params).toMatchObject({ confirmed: "host-4.isp.names.test", name: "mx.generic.names.test" });
  });

  it("a greeting name that differs from the EHLO name is info", async () => {
    const run = await probe("mx.split.names.test", { dns: dns.server, relay: false });
    const names = run.check("names");
    expect(outcome(names)).toBe("info/greeting-mismatch");
    expect(names.params).toMatchObject({ greetingHost: "gw.split.names.test", ehloHost: "mx.split.names.test" });
  });

  it("a server calling itself localhost warns", async () => {
    const run = await probe("mx.local.names.test", { dns: dns.server, relay: false });
    expect(outcome(run.check("names"))).toBe("warn/not-fqdn");
  });

  it("checks only three PTR names, and one pointing back is enough", async () => {
    const before = dns.queries.length;
    const run = await probe("mx.multi.names.test", { dns: dns.server, relay: false });
    const names = run.check("names");
    expect(outcome(names)).toBe("pass/consistent");
    expect(evidence(names, "PTR")).toBe(
      "a.multi.names.test (resolves to 127.0.80.70, not 127.0.80.7); mx.multi.names.test (points back to 127.0.80.7); c.multi.names.test (has no address of this family: does not point back); 2 more not checked",
    );
    const asked = new Set(
      dns.queries
        .slice(before)
        .filter((q) => q.type === "A")
        .map((q) => q.name),
    );
    expect(asked).toEqual(new Set(["mx.multi.names.test", "a.multi.names.test", "c.multi.names.test"]));
  });

  it("a reverse zone that fails is inconclusive", async () => {
    const run = await probe("mx.broken.names.test", { dns: dns.server, relay: false });
    expect(outcome(run.check("names"))).toBe("inconclusive/dns-error");
    expect(run.check("names").params.message).toMatch(/SERVFAIL/);
  });

  it("a reverse zone slower than the budget does not hold the probe", async () => {
    // A patient PTR lookup (10 s), so only discovery's own deadline can cut it short. Its own
    // resolver: c-ares shortens the timeout of a channel that has seen fast answers.
    const patient = createResolver({ servers: [dns.server], timeoutMs: 10_000, tries: 1 });
    const resolver = { ...createResolver({ servers: [dns.server], timeoutMs: 1000, tries: 1 }), ptr: patient.ptr };
    const run = await probe("mx.slow.names.test", { relay: false, extra: { resolver } });
    const names = run.check("names");
    expect(outcome(names)).toBe("inconclusive/dns-error");
    expect(names.params.message).toBe("reverse DNS of 127.0.80.8 did not complete within 3 s");
    expect(outcome(run.check("banner"))).toBe("pass/ok");
    expect(run.ms).toBeLessThan(3000 + 2000);
  });
});

describe("the resolver's PTR lookups", () => {
  const resolver = () => createResolver({ servers: [dns.server], timeoutMs: 1000, tries: 1 });

  it("ask DNS for the in-addr.arpa and ip6.arpa names, never the hosts file", async () => {
    expect(await resolver().ptr("127.0.80.1")).toEqual({ ok: true, value: ["mx.good.names.test"] });
    expect(await resolver().ptr("::1")).toEqual({ ok: true, value: ["six.names.test"] });
    expect(dns.queries.map((q) => `${q.type} ${q.name}`)).toContain(
      "PTR 1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa",
    );
    // /etc/hosts names 127.0.0.1 ("localhost"): Resolver#reverse would answer from it.
    const local = await resolver().ptr("127.0.0.1");
    expect(local.ok ? local.value : local.error.code).toBe("nxdomain");
  });

  it("returns every PTR name, lower-cased, without the trailing dot", async () => {
    dns.zone["10.80.0.127.in-addr.arpa"] = { PTR: ["One.Names.Test.", "two.names.test"] };
    expect(await resolver().ptr("127.0.80.10")).toEqual({ ok: true, value: ["one.names.test", "two.names.test"] });
  });
});
