// Discovery through a real (in-process) DNS server: MX order, implicit MX, null MX, dangling MX.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsServer, startDnsServer } from "../servers/dns-server";
import { type SmtpFixture, startSmtpServer } from "../servers/smtp-fixture";
import { outcome, probe } from "./helpers";

let dns: DnsServer;
let good: SmtpFixture;
let v6: SmtpFixture | null = null;

beforeAll(async () => {
  good = await startSmtpServer({ host: "127.0.41.1", port: 25, name: "mx2.two.mailprobe.test" });
  try {
    v6 = await startSmtpServer({ host: "::1", port: 25, name: "mx6.mailprobe.test" });
  } catch {
    v6 = null; // a machine without IPv6 loopback: the IPv6 case says so below
  }
  dns = await startDnsServer({
    "two.mailprobe.test": {
      MX: [
        { preference: 20, exchange: "mx2.two.mailprobe.test" },
        { preference: 10, exchange: "mx1.two.mailprobe.test" },
      ],
    },
    "mx1.two.mailprobe.test": { A: ["127.0.41.2"] }, // nothing listens: refused
    "mx2.two.mailprobe.test": { A: ["127.0.41.1"] },
    "implicit.mailprobe.test": { A: ["127.0.41.1"] },
    "nullmx.mailprobe.test": { MX: [{ preference: 0, exchange: "." }], A: ["127.0.41.1"] },
    "dangling.mailprobe.test": { MX: [{ preference: 10, exchange: "gone.mailprobe.test" }] },
    "broken.mailprobe.test": { servfail: true },
    "private.mailprobe.test": { MX: [{ preference: 10, exchange: "mx.private.mailprobe.test" }] },
    "mx.private.mailprobe.test": { A: ["10.1.2.3"] },
    "v6.mailprobe.test": { MX: [{ preference: 10, exchange: "mx6.mailprobe.test" }] },
    "mx6.mailprobe.test": { AAAA: ["::1"] },
  });
});
afterAll(async () => {
  await Promise.all([dns?.close(), good?.close(), v6?.close()]);
});

describe("MX discovery", () => {
  it("tests every MX in preference order: the refusing one fails, the good one passes", async () => {
    const run = await probe("two.mailprobe.test", { dns: dns.server, relay: false });
    const mx = run.check("mx-records");
    expect(outcome(mx)).toBe("pass/found");
    const listed = mx.evidence.map((e) => `${e.label} ${e.value}`).join(" ");
    expect(listed.indexOf("mx1.two")).toBeLessThan(listed.indexOf("mx2.two"));
    expect(outcome(run.check("tcp-connect", { ip: "127.0.41.2" }))).toBe("fail/refused");
    expect(outcome(run.check("tcp-connect", { ip: "127.0.41.1" }))).toBe("pass/connected");
    expect(outcome(run.check("banner", { ip: "127.0.41.1" }))).toBe("pass/ok");
    expect(run.check("banner", { ip: "127.0.41.1" }).subject.host).toBe("mx2.two.mailprobe.test");
  });

  it("no MX but an address: implicit MX is info and the domain itself is tested", async () => {
    const run = await probe("implicit.mailprobe.test", { dns: dns.server, relay: false });
    expect(outcome(run.check("mx-records"))).toBe("info/implicit");
    expect(outcome(run.check("banner"))).toBe("pass/ok");
  });

  it("null MX: accepts no mail, nothing is probed", async () => {
    const before = good.connections;
    const run = await probe("nullmx.mailprobe.test", { dns: dns.server });
    expect(outcome(run.check("mx-records"))).toBe("fail/null-mx");
    expect(run.report.checks.some((c) => c.id === "tcp-connect")).toBe(false);
    expect(good.connections).toBe(before);
    expect(run.report.state).toBe("finished");
  });

  it("an email address tests its domain", async () => {
    const run = await probe("postmaster@implicit.mailprobe.test", { dns: dns.server, relay: false });
    expect(run.report.normalizedTarget?.kind).toBe("email");
    expect(outcome(run.check("banner"))).toBe("pass/ok");
  });

  it("a dangling MX is reported, not thrown", async () => {
    const run = await probe("dangling.mailprobe.test", { dns: dns.server });
    expect(outcome(run.check("mx-address", { host: "gone.mailprobe.test" }))).toBe("fail/no-address");
    expect(run.report.state).toBe("finished");
  });

  it("a domain that does not exist fails mx-records", async () => {
    const run = await probe("nowhere.mailprobe.test", { dns: dns.server });
    expect(outcome(run.check("mx-records"))).toBe("fail/nxdomain");
  });

  it("a resolver failure is inconclusive, not fail", async () => {
    const run = await probe("broken.mailprobe.test", { dns: dns.server });
    expect(outcome(run.check("mx-records"))).toBe("inconclusive/dns-error");
  });

  it("an MX leading to a private address is refused, naming the record", async () => {
    const run = await probe("private.mailprobe.test", { dns: dns.server });
    expect(run.report.state).toBe("failed");
    expect(run.report.error?.code).toBe("blocked-target");
    expect(run.report.error?.message).toContain("mx.private.mailprobe.test");
    expect(run.report.error?.message).toContain("10.1.2.3");
  });

  it("an IPv6-only MX is tested over IPv6", async () => {
    expect(v6, "IPv6 loopback (::1) is needed for this test").not.toBeNull();
    const run = await probe("v6.mailprobe.test", { dns: dns.server, relay: false });
    expect(outcome(run.check("banner", { ip: "::1" }))).toBe("pass/ok");
  });
});
