// The names check on fixture facts, and the reverse-DNS step of discovery against a scripted
// resolver (no sockets): PTR cap, forward confirmation per family, the deadline.
import { describe, expect, it } from "vitest";
import { evaluateSessionCheck } from "@/lib/probe/checks";
import { isQualifiedName, namesCheck, namesTable } from "@/lib/probe/checks/names";
import { lookupReverse, MAX_PTR_NAMES, reverseAll } from "@/lib/probe/discover";
import { explain } from "@/lib/probe/explanations";
import { type DnsResolver, type DnsResult, reverseName, sameAddress } from "@/lib/probe/net/resolve";
import { summarizeSession } from "@/lib/probe/run-probe";
import type { DnsFailure, SessionFacts } from "@/lib/probe/types";
import {
  cert,
  ctx,
  ehloReply,
  extensionsOf,
  goodImplicitSession,
  goodSession,
  reply,
  reverseFacts,
  stoppedAt,
  tlsFacts,
} from "./fixtures/facts";

const IP = "192.0.2.10";
const names = (s: SessionFacts) => {
  const result = evaluateSessionCheck(namesCheck, s, ctx);
  if (!result) throw new Error("names returned null");
  return result;
};
const row = (s: SessionFacts, label: string) => names(s).evidence.find((e) => e.label === label)?.value;
const withEhloHost = (host: string) => {
  const ehlo = ehloReply(host, "PIPELINING", "STARTTLS");
  return { ehlo, extensions: extensionsOf(ehlo) };
};
const nx: DnsFailure = { code: "nxdomain", message: "PTR: the name does not exist (NXDOMAIN)" };

describe("names: outcomes", () => {
  it("the MX name need not equal the PTR: a confirmed PTR that matches the greeting passes", () => {
    const s = goodSession({ host: "mx1.customer.example.org" });
    expect(names(s)).toMatchObject({ outcome: "consistent", status: "pass" });
    expect(row(s, "MX name")).toBe("mx1.customer.example.org");
  });

  it("compares names without case or trailing dot", () => {
    const s = goodSession({
      greeting: reply(220, "MX.Example.COM. ESMTP"),
      ...withEhloHost("mx.example.com."),
      reverse: reverseFacts(IP, [["mx.example.com", [IP]]]),
    });
    expect(names(s).outcome).toBe("consistent");
  });

  it("one of several PTR names confirming is enough, and it is the one compared", () => {
    const reverse = reverseFacts(IP, [
      ["other.example.net", ["198.51.100.1"]],
      ["mx.example.com", ["198.51.100.2", IP]],
    ]);
    const s = goodSession({ reverse });
    expect(names(s).outcome).toBe("consistent");
    expect(row(s, "PTR")).toBe(
      `other.example.net (resolves to 198.51.100.1, not ${IP}); mx.example.com (points back to ${IP})`,
    );
  });

  it("a PTR that confirms but names another host is only info (e.g. a provider's generic name)", () => {
    const s = goodSession({ reverse: reverseFacts(IP, [["10-2-0-192.static.example.net", [IP]]]) });
    expect(names(s)).toMatchObject({ outcome: "ptr-mismatch", status: "info" });
    expect(names(s).params).toMatchObject({ confirmed: "10-2-0-192.static.example.net", name: "mx.example.com" });
  });

  it("greeting and EHLO naming different hosts is info, whichever of them matches the PTR", () => {
    const proxyGreets = goodSession({ greeting: reply(220, "gw.example.com ESMTP") });
    expect(names(proxyGreets)).toMatchObject({ outcome: "greeting-mismatch", status: "info" });
    const ehloDiffers = goodSession({ ...withEhloHost("backend.example.com") });
    expect(names(ehloDiffers).outcome).toBe("greeting-mismatch");
    expect(names(ehloDiffers).params).toMatchObject({
      greetingHost: "mx.example.com",
      ehloHost: "backend.example.com",
    });
  });

  it("a greeting without any host name, with a good EHLO name, is a greeting mismatch", () => {
    const s = goodSession({ greeting: reply(220, "ESMTP ready") });
    expect(names(s).outcome).toBe("greeting-mismatch");
  });

  it.each(["localhost", "localhost.localdomain", "mail", "[192.0.2.10]", "192.0.2.10", "mx.corp.internal", "mx.local"])(
    "a server calling itself %s warns (it will most likely send with that name)",
    (host) => {
      const s = goodSession({ greeting: reply(220, `${host} ESMTP`), ...withEhloHost(host) });
      expect(names(s)).toMatchObject({ outcome: "not-fqdn", status: "warn" });
    },
  );

  it("no PTR, PTR not pointing back: warn; the names table is still shown", () => {
    const none = goodSession({ reverse: reverseFacts(IP, [], { error: nx }) });
    expect(names(none)).toMatchObject({ outcome: "no-ptr", status: "warn" });
    expect(row(none, "PTR")).toBe("none");
    const empty = goodSession({ reverse: reverseFacts(IP, []) });
    expect(names(empty).outcome).toBe("no-ptr");

    const dangling = goodSession({ reverse: reverseFacts(IP, [["gone.example.net", []]]) });
    expect(names(dangling)).toMatchObject({ outcome: "not-confirmed", status: "warn" });
    expect(row(dangling, "PTR")).toBe("gone.example.net (has no address of this family: does not point back)");
    expect(row(dangling, "Greeting name")).toBe("mx.example.com");
  });

  it("PTR problems are the headline; a name problem rides along as a note", () => {
    const s = goodSession({
      greeting: reply(220, "gw.example.com ESMTP"),
      reverse: reverseFacts(IP, [], { error: nx }),
    });
    expect(names(s).outcome).toBe("no-ptr");
    expect(names(s).evidence).toContainEqual({
      label: "Note",
      value: 'the greeting says "gw.example.com" but the EHLO reply says "mx.example.com"',
    });
  });

  it("resolver failures are inconclusive, never a warning about the server", () => {
    const servfail = { code: "servfail" as const, message: "PTR 192.0.2.10: SERVFAIL" };
    expect(names(goodSession({ reverse: reverseFacts(IP, [], { error: servfail }) }))).toMatchObject({
      outcome: "dns-error",
      status: "inconclusive",
      params: { message: "PTR 192.0.2.10: SERVFAIL" },
    });
    // PTR known, its forward lookup failed: we cannot say it does not point back.
    const forwardFailed = reverseFacts(IP, [["mx.example.com", []]]);
    forwardFailed.forward[0].error = { code: "timeout", message: "A mx.example.com: the DNS query timed out" };
    expect(names(goodSession({ reverse: forwardFailed })).outcome).toBe("dns-error");
    // The deadline struck after the PTR answer.
    const late = reverseFacts(IP, [], {
      names: ["mx.example.com"],
      total: 1,
      error: { code: "timeout", message: "reverse DNS of 192.0.2.10 did not complete within 3 s" },
    });
    expect(names(goodSession({ reverse: late })).outcome).toBe("dns-error");
    expect(row(goodSession({ reverse: late }), "PTR")).toBe("mx.example.com (forward lookup not finished)");
    // No lookup made at all.
    expect(names(goodSession({ reverse: null })).params.message).toMatch(/not looked up/);
  });

  it("a forward failure on one name does not matter when another name confirms", () => {
    const reverse = reverseFacts(IP, [
      ["mx.example.com", [IP]],
      ["broken.example.net", []],
    ]);
    reverse.forward[1].error = { code: "servfail", message: "A broken.example.net: SERVFAIL" };
    expect(names(goodSession({ reverse })).outcome).toBe("consistent");
  });

  it("without a 220 greeting there is no server name to judge: not reached", () => {
    const busy = { ...stoppedAt(goodSession(), "ehlo", "closed"), error: null, greeting: reply(421, "4.3.2 Busy") };
    expect(names(busy)).toMatchObject({ outcome: "not-reached", status: "skipped" });
    expect(names(stoppedAt(goodSession(), "greeting", "timeout"))).toMatchObject({ outcome: "not-reached" });
  });

  it("an EHLO that never answered leaves the greeting name to judge", () => {
    const s = stoppedAt(goodSession(), "ehlo", "timeout");
    expect(names(s).outcome).toBe("consistent");
    expect(row(s, "EHLO name")).toBe("(no EHLO reply)");
  });

  it("reads the name from HELO when EHLO was refused", () => {
    const s = goodSession({
      ehlo: reply(502, "5.5.2 Error: command not recognized"),
      extensions: null,
      heloFallback: true,
      heloReply: reply(250, "mx.example.com"),
      tls: null,
    });
    expect(namesTable(s).ehloHost).toBe("mx.example.com");
    expect(names(s).outcome).toBe("consistent");
    expect(row(s, "Certificate names")).toBe("no TLS in this session");
  });

  it("works the same on port 465, where the only EHLO is already encrypted", () => {
    expect(names(goodImplicitSession()).outcome).toBe("consistent");
  });

  it("explains every outcome with the server's names filled in", () => {
    const e = explain(names(goodSession({ reverse: reverseFacts(IP, [["mail.example.net", ["198.51.100.7"]]]) })));
    expect(e.title).toBe("Reverse DNS of 192.0.2.10 does not point back (mail.example.net)");
    expect(e.why).toMatch(/SENDS mail/);
    expect(e.why).toContain("the MX name (mx.example.com) never has to equal the PTR");
  });
});

describe("names: the table", () => {
  it("has one row per name source, in order, with the address family", () => {
    const result = names(goodSession());
    expect(result.evidence.map((e) => e.label)).toEqual([
      "MX name",
      "Address (A)",
      "PTR",
      "Greeting name",
      "EHLO name",
      "Certificate names",
    ]);
    expect(result.evidence[5].value).toBe("mx.example.com, mail.example.com");
  });

  it("is exposed structured on the session summary", () => {
    const s = goodSession({
      reverse: reverseFacts(IP, [
        ["a.example.com", [IP]],
        ["b.example.com", []],
      ]),
    });
    expect(summarizeSession(s).names).toEqual({
      mx: "mx.example.com",
      ip: IP,
      ptr: ["a.example.com", "b.example.com"],
      ptrConfirmed: ["a.example.com"],
      greetingHost: "mx.example.com",
      ehloHost: "mx.example.com",
      certNames: ["mx.example.com", "mail.example.com"],
    });
  });

  it("falls back to the certificate CN without SANs, and says when the target was an IP", () => {
    const s = goodSession({
      host: IP,
      tls: tlsFacts({ chain: [cert({ sans: [], subjectCN: "legacy.example.com" })] }),
    });
    expect(namesTable(s).certNames).toEqual(["legacy.example.com"]);
    expect(row(s, "MX name")).toBe("none (the target was an IP address)");
  });

  it("IPv6 rows say AAAA", () => {
    const v6 = "2001:db8::10";
    const s = goodSession({ ip: v6, reverse: reverseFacts(v6, [["mx.example.com", [v6]]]) });
    expect(row(s, "Address (AAAA)")).toBe(v6);
    expect(names(s).outcome).toBe("consistent");
  });

  it("neutralises control characters from server and DNS text", () => {
    const s = goodSession({
      greeting: reply(220, "mx.example.com\u001b[2J ESMTP"),
      reverse: reverseFacts(IP, [["evil\u202e.example.com", ["198.51.100.9"]]]),
    });
    expect(namesTable(s).greetingHost).toBe("mx.example.com\uFFFD[2J");
    expect(row(s, "PTR")).toContain("evil\uFFFD.example.com");
  });

  it("says how many PTR names were left unchecked", () => {
    const reverse = reverseFacts(IP, [["mx.example.com", [IP]]], { total: 5 });
    expect(row(goodSession({ reverse }), "PTR")).toBe(`mx.example.com (points back to ${IP}); 4 more not checked`);
  });
});

describe("isQualifiedName", () => {
  it.each<[string | null, boolean]>([
    ["mx.example.com", true],
    ["MX.EXAMPLE.COM.", true],
    ["mx1.mailprobe.test", true],
    ["_smtp.example.com", true],
    [null, false],
    ["", false],
    ["mail", false],
    ["localhost", false],
    ["mx.localdomain", false],
    ["mx.home.arpa", false],
    ["192.0.2.1", false],
    ["[192.0.2.1]", false],
    ["[IPv6:2001:db8::1]", false],
    ["mx..example.com", false],
    ["-mx.example.com", false],
    ["mx.example.123", false],
    ["mx example.com", false],
  ])("%j → %s", (name, expected) => {
    expect(isQualifiedName(name)).toBe(expected);
  });
});

describe("reverse DNS names and address comparison", () => {
  it.each([
    ["192.0.2.10", "10.2.0.192.in-addr.arpa"],
    ["127.0.80.5", "5.80.0.127.in-addr.arpa"],
    ["::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa"],
    ["2001:db8::567:89ab", "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"],
    ["not an ip", null],
  ])("%s → %s", (ip, name) => {
    expect(reverseName(ip)).toBe(name);
  });

  it("compares addresses, not spellings", () => {
    expect(sameAddress("::1", "0:0:0:0:0:0:0:1")).toBe(true);
    expect(sameAddress("2001:DB8::1", "2001:db8:0::1")).toBe(true);
    expect(sameAddress("192.0.2.1", "192.0.2.10")).toBe(false);
    expect(sameAddress("::ffff:192.0.2.1", "192.0.2.1")).toBe(false);
    expect(sameAddress("x", "x")).toBe(false);
  });
});

// A resolver that answers from a table, each answer after its own delay.
type Answer<T> = { value: T; delayMs?: number } | { error: DnsFailure; delayMs?: number } | { throws: true };
function scripted(table: {
  ptr?: Record<string, Answer<string[]>>;
  a?: Record<string, Answer<string[]>>;
  aaaa?: Record<string, Answer<string[]>>;
}) {
  const asked: string[] = [];
  const answer = async <T>(kind: string, key: string, entry: Answer<T> | undefined): Promise<DnsResult<T>> => {
    asked.push(`${kind} ${key}`);
    if (!entry) return { ok: false, error: { code: "nxdomain", message: `${kind} ${key}: NXDOMAIN` } };
    if ("throws" in entry) throw new Error("resolver bug");
    if (entry.delayMs) await new Promise((r) => setTimeout(r, entry.delayMs));
    return "error" in entry ? { ok: false, error: entry.error } : { ok: true, value: entry.value };
  };
  const resolver: DnsResolver = {
    mx: async () => ({ ok: false, error: { code: "nodata", message: "no MX" } }),
    a: (name) => answer("A", name, table.a?.[name]),
    aaaa: (name) => answer("AAAA", name, table.aaaa?.[name]),
    ptr: (ip) => answer("PTR", ip, table.ptr?.[ip]),
  };
  return { resolver, asked };
}

describe("lookupReverse (discovery)", () => {
  it("confirms a PTR name whose A records include the address", async () => {
    const { resolver } = scripted({
      ptr: { [IP]: { value: ["mx.example.com", "alias.example.net"] } },
      a: { "mx.example.com": { value: ["192.0.2.9", IP] }, "alias.example.net": { value: ["198.51.100.1"] } },
    });
    const rev = await lookupReverse(IP, resolver);
    expect(rev).toMatchObject({
      names: ["mx.example.com", "alias.example.net"],
      total: 2,
      confirmed: ["mx.example.com"],
      error: null,
    });
    expect(rev.forward).toEqual([
      { name: "mx.example.com", addresses: ["192.0.2.9", IP], error: null },
      { name: "alias.example.net", addresses: ["198.51.100.1"], error: null },
    ]);
  });

  it("confirms an IPv6 address through AAAA only, whatever the spelling", async () => {
    const { resolver, asked } = scripted({
      ptr: { "2001:db8::10": { value: ["mx.example.com"] } },
      aaaa: { "mx.example.com": { value: ["2001:db8:0:0::10"] } },
      a: { "mx.example.com": { value: [IP] } },
    });
    const rev = await lookupReverse("2001:db8::10", resolver);
    expect(rev.confirmed).toEqual(["mx.example.com"]);
    expect(asked).toEqual(["PTR 2001:db8::10", "AAAA mx.example.com"]);
  });

  it(`checks at most ${MAX_PTR_NAMES} PTR names, and counts the rest`, async () => {
    const many = ["a", "b", "c", "d", "e"].map((l) => `${l}.example.com`);
    const { resolver, asked } = scripted({ ptr: { [IP]: { value: many } } });
    const rev = await lookupReverse(IP, resolver);
    expect(rev.names).toEqual(many.slice(0, MAX_PTR_NAMES));
    expect(rev.total).toBe(5);
    expect(asked.filter((q) => q.startsWith("A "))).toHaveLength(MAX_PTR_NAMES);
  });

  it("no PTR is recorded as the lookup's NXDOMAIN; a name without address just does not confirm", async () => {
    expect((await lookupReverse(IP, scripted({}).resolver)).error?.code).toBe("nxdomain");
    const { resolver } = scripted({ ptr: { [IP]: { value: ["gone.example.com"] } } });
    expect(await lookupReverse(IP, resolver)).toMatchObject({
      names: ["gone.example.com"],
      confirmed: [],
      forward: [{ name: "gone.example.com", addresses: [], error: null }],
      error: null,
    });
  });

  it("keeps a forward lookup failure, which is not the same as 'does not point back'", async () => {
    const servfail: DnsFailure = { code: "servfail", message: "A mx.example.com: SERVFAIL" };
    const { resolver } = scripted({
      ptr: { [IP]: { value: ["mx.example.com"] } },
      a: { "mx.example.com": { error: servfail } },
    });
    expect((await lookupReverse(IP, resolver)).forward[0].error).toEqual(servfail);
  });

  it("a slow reverse zone cannot hold the probe: the deadline returns what is known", async () => {
    const { resolver } = scripted({
      ptr: { [IP]: { value: ["mx.example.com"], delayMs: 20 } },
      a: { "mx.example.com": { value: [IP], delayMs: 5000 } },
    });
    const t0 = performance.now();
    const rev = await lookupReverse(IP, resolver, 300);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(rev).toMatchObject({ names: ["mx.example.com"], confirmed: [], forward: [] });
    expect(rev.error).toEqual({ code: "timeout", message: `reverse DNS of ${IP} did not complete within 0.3 s` });
  });

  it("a resolver that throws costs only this lookup", async () => {
    const { resolver } = scripted({ ptr: { [IP]: { throws: true } } });
    expect((await lookupReverse(IP, resolver)).error).toMatchObject({ code: "error" });
  });

  it("looks up every address at once", async () => {
    const { resolver } = scripted({
      ptr: {
        [IP]: { value: ["a.example.com"], delayMs: 200 },
        "192.0.2.11": { value: ["b.example.com"], delayMs: 200 },
      },
    });
    const t0 = performance.now();
    const all = await reverseAll([IP, "192.0.2.11"], resolver);
    expect(performance.now() - t0).toBeLessThan(390);
    expect(Object.keys(all)).toEqual([IP, "192.0.2.11"]);
    expect(all["192.0.2.11"].names).toEqual(["b.example.com"]);
  });
});
