// The target guard with a spy on the socket layer: a blocked address never sees a connection
// attempt, whatever route DNS takes to it. The spy answers "refused" itself, so no packet leaves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectFn } from "../../lib/probe/net/connect";
import { type DnsServer, startDnsServer } from "../servers/dns-server";
import { probe } from "./helpers";

// A public unicast address used only as data: the spy below intercepts every connect.
const PUBLIC_V4 = "1.2.3.4";

let dns: DnsServer;
beforeAll(async () => {
  dns = await startDnsServer({
    "loop.mailprobe.test": { MX: [{ preference: 10, exchange: "mx.loop.mailprobe.test" }] },
    "mx.loop.mailprobe.test": { A: ["127.0.0.1"], AAAA: ["::1"] },
    "meta.mailprobe.test": { MX: [{ preference: 10, exchange: "mx.meta.mailprobe.test" }] },
    "mx.meta.mailprobe.test": { A: ["169.254.169.254"] },
    "mixed.mailprobe.test": { MX: [{ preference: 10, exchange: "mx.mixed.mailprobe.test" }] },
    "mx.mixed.mailprobe.test": { A: [PUBLIC_V4, "10.0.0.5"], AAAA: ["::1"] },
    "mapped.mailprobe.test": { AAAA: ["::ffff:127.0.0.1"] },
  });
});
afterAll(async () => {
  await dns?.close();
});

function spy() {
  const attempts: string[] = [];
  const connect: ConnectFn = async (ip, port) => {
    attempts.push(`${ip}:${port}`);
    return { ok: false, ms: 0, error: { stage: "connect", code: "refused", message: "refused by the test spy" } };
  };
  return { attempts, connect };
}

describe("no connection attempt ever reaches a blocked address", () => {
  it.each([
    ["an MX that resolves to loopback only", "loop.mailprobe.test"],
    ["an MX pointing at the cloud metadata address", "meta.mailprobe.test"],
    ["an IPv4-mapped IPv6 loopback", "mapped.mailprobe.test"],
    ["a loopback IP literal", "127.0.0.1"],
    ["an IPv6 loopback literal", "::1"],
    ["a private IP literal", "192.168.1.10"],
  ])("%s is refused before any socket", async (_label, target) => {
    const s = spy();
    const run = await probe(target, { dns: dns.server, allow: "", extra: { connect: s.connect } });
    expect(s.attempts).toEqual([]);
    expect(run.report.state).toBe("failed");
    expect(run.report.error?.code).toBe("blocked-target");
  });

  it("a host with public and blocked addresses: only the public one is tried, and the rest are named", async () => {
    const s = spy();
    const run = await probe("mixed.mailprobe.test", { dns: dns.server, allow: "", extra: { connect: s.connect } });
    expect(s.attempts).toEqual([`${PUBLIC_V4}:25`]);
    const address = run.check("mx-address", { host: "mx.mixed.mailprobe.test" });
    const shown = JSON.stringify(address.evidence);
    expect(shown).toContain("10.0.0.5");
    expect(shown).toContain("::1");
  });
});
