import { describe, expect, it } from "vitest";
import { type AllowList, checkAddress, parseAllowList } from "../../lib/probe/net/target-guard";

const NONE: AllowList = [];

// [address, expected: "allowed" or a fragment of the block reason]
const table: [string, string][] = [
  // Public IPv4
  ["8.8.8.8", "allowed"],
  ["1.1.1.1", "allowed"],
  ["93.184.216.34", "allowed"],
  // 0.0.0.0/8
  ["0.0.0.0", "unspecified"],
  ["0.255.255.255", "unspecified"],
  ["1.0.0.0", "allowed"],
  // 10.0.0.0/8
  ["9.255.255.255", "allowed"],
  ["10.0.0.0", "private network (RFC 1918)"],
  ["10.255.255.255", "private network (RFC 1918)"],
  ["11.0.0.0", "allowed"],
  // 100.64.0.0/10
  ["100.63.255.255", "allowed"],
  ["100.64.0.0", "carrier-grade NAT"],
  ["100.127.255.255", "carrier-grade NAT"],
  ["100.128.0.0", "allowed"],
  // 127.0.0.0/8
  ["126.255.255.255", "allowed"],
  ["127.0.0.0", "loopback address"],
  ["127.0.0.1", "loopback address"],
  ["127.255.255.255", "loopback address"],
  ["128.0.0.0", "allowed"],
  // 169.254.0.0/16
  ["169.253.255.255", "allowed"],
  ["169.254.0.0", "link-local (cloud metadata lives here)"],
  ["169.254.169.254", "link-local (cloud metadata lives here)"],
  ["169.254.255.255", "link-local"],
  ["169.255.0.0", "allowed"],
  // 172.16.0.0/12
  ["172.15.255.255", "allowed"],
  ["172.16.0.0", "private network (RFC 1918)"],
  ["172.31.255.255", "private network (RFC 1918)"],
  ["172.32.0.0", "allowed"],
  // 192.0.0.0/24, 192.0.2.0/24
  ["191.255.255.255", "allowed"],
  ["192.0.0.0", "reserved"],
  ["192.0.0.255", "reserved"],
  ["192.0.1.0", "allowed"],
  ["192.0.2.0", "documentation range"],
  ["192.0.2.255", "documentation range"],
  ["192.0.3.0", "allowed"],
  // 192.88.99.0/24
  ["192.88.98.255", "allowed"],
  ["192.88.99.0", "reserved"],
  ["192.88.100.0", "allowed"],
  // 192.168.0.0/16
  ["192.167.255.255", "allowed"],
  ["192.168.0.0", "private network (RFC 1918)"],
  ["192.168.255.255", "private network (RFC 1918)"],
  ["192.169.0.0", "allowed"],
  // 198.18.0.0/15
  ["198.17.255.255", "allowed"],
  ["198.18.0.0", "benchmarking"],
  ["198.19.255.255", "benchmarking"],
  ["198.20.0.0", "allowed"],
  // 198.51.100.0/24, 203.0.113.0/24
  ["198.51.99.255", "allowed"],
  ["198.51.100.0", "documentation range"],
  ["198.51.100.255", "documentation range"],
  ["198.51.101.0", "allowed"],
  ["203.0.112.255", "allowed"],
  ["203.0.113.0", "documentation range"],
  ["203.0.113.255", "documentation range"],
  ["203.0.114.0", "allowed"],
  // 224.0.0.0/4, 240.0.0.0/4, broadcast
  ["223.255.255.255", "allowed"],
  ["224.0.0.0", "multicast"],
  ["239.255.255.255", "multicast"],
  ["240.0.0.0", "reserved"],
  ["254.255.255.255", "reserved"],
  ["255.255.255.254", "reserved"],
  ["255.255.255.255", "broadcast"],
  // Azure wire server
  ["168.63.129.15", "allowed"],
  ["168.63.129.16", "cloud platform endpoint"],
  ["168.63.129.17", "allowed"],
  // Backstop from ipaddr.js (AS112)
  ["192.175.48.1", "reserved (as112)"],

  // Public IPv6
  ["2001:4860:4860::8888", "allowed"],
  ["2606:4700:4700::1111", "allowed"],
  ["2a00:1450:4001:830::200e", "allowed"],
  // ::, ::1
  ["::", "unspecified"],
  ["::1", "loopback address"],
  // IPv4-mapped / compatible / translated
  ["::ffff:127.0.0.1", "IPv4-mapped IPv6 of a blocked address (127.0.0.1: loopback address)"],
  ["::ffff:7f00:1", "IPv4-mapped IPv6 of a blocked address"],
  ["::ffff:10.1.2.3", "private network"],
  ["::ffff:169.254.169.254", "link-local"],
  ["::ffff:0.0.0.0", "unspecified"],
  ["::ffff:8.8.8.8", "allowed"],
  ["::127.0.0.1", "IPv4-compatible IPv6 of a blocked address"],
  ["::0.0.0.2", "IPv4-compatible IPv6 of a blocked address"],
  ["::8.8.8.8", "allowed"],
  ["::7f00:1", "IPv4-compatible IPv6 of a blocked address (127.0.0.1"],
  ["::ffff:0:192.168.1.1", "IPv4-translated IPv6 of a blocked address"],
  ["::ffff:0:8.8.8.8", "allowed"],
  ["::1:0:0:0", "reserved (outside IPv6 global unicast"],
  // NAT64 64:ff9b::/96, local-use 64:ff9b:1::/48
  ["64:ff9b::127.0.0.1", "NAT64 IPv6 of a blocked address (127.0.0.1: loopback address)"],
  ["64:ff9b::a9fe:a9fe", "NAT64 IPv6 of a blocked address (169.254.169.254"],
  ["64:ff9b::8.8.8.8", "allowed"],
  ["64:ff9b::1:0:0", "reserved (outside IPv6 global unicast"],
  ["64:ff9b:1::8.8.8.8", "local-use NAT64"],
  // 6to4 2002::/16
  ["2002:7f00:1::", "6to4 IPv6 of a blocked address (127.0.0.1: loopback address)"],
  ["2002:c0a8:101::1", "6to4 IPv6 of a blocked address (192.168.1.1"],
  ["2002:808:808::1", "allowed"],
  ["2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "allowed"],
  ["2003::", "allowed"],
  // Teredo 2001::/32 and the rest of 2001::/23
  ["2001::", "teredo"],
  ["2001:0:ffff:ffff:ffff:ffff:ffff:ffff", "teredo"],
  ["2001:1::1", "reserved for IETF protocol assignments"],
  ["2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", "reserved for IETF protocol assignments"],
  ["2001:200::", "allowed"],
  // Documentation 2001:db8::/32 and 3fff::/20
  ["2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "allowed"],
  ["2001:db8::", "documentation range"],
  ["2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "documentation range"],
  ["2001:db9::", "allowed"],
  ["3ffe:ffff::1", "allowed"],
  ["3fff::", "documentation range"],
  ["3fff:fff::1", "documentation range"],
  ["3fff:1000::", "allowed"],
  // Outside 2000::/3
  ["1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "reserved (outside IPv6 global unicast"],
  ["2000::", "allowed"],
  ["3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "allowed"],
  ["4000::", "reserved (outside IPv6 global unicast"],
  ["100::", "discard-only"],
  // Unique local fc00::/7
  ["fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "reserved (outside IPv6 global unicast"],
  ["fc00::", "unique local IPv6"],
  ["fd00:ec2::254", "unique local IPv6"],
  ["fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "unique local IPv6"],
  // Link-local fe80::/10, site-local fec0::/10
  ["fe80::", "link-local (cloud metadata lives here)"],
  ["febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "link-local"],
  ["fec0::", "site-local"],
  ["feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "site-local"],
  // Multicast ff00::/8
  ["ff00::", "multicast"],
  ["ff02::1", "multicast"],
  ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "multicast"],
  // Not plain addresses
  ["127.1", "not a plain IP address"],
  ["0x7f.0.0.1", "not a plain IP address"],
  ["0177.0.0.1", "not a plain IP address"],
  ["2130706433", "not a plain IP address"],
  ["fe80::1%eth0", "not a plain IP address"],
  ["[::1]", "not a plain IP address"],
  ["localhost", "not a plain IP address"],
  ["", "not a plain IP address"],
];

describe("checkAddress without allow list", () => {
  it("has at least 60 table cases", () => {
    expect(table.length).toBeGreaterThanOrEqual(60);
  });

  it.each(table)("%s → %s", (ip, expected) => {
    const r = checkAddress(ip, NONE);
    if (expected === "allowed") {
      expect(r).toEqual({ allowed: true });
    } else {
      expect(r.allowed).toBe(false);
      if (!r.allowed) expect(r.reason).toContain(expected);
    }
  });
});

describe("allow list", () => {
  const harness = parseAllowList("127.0.0.0/8, ::1/128");

  it.each<[string, boolean]>([
    ["127.0.0.1", true],
    ["127.255.255.254", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["10.0.0.1", false],
    ["::2", false],
    ["169.254.169.254", false],
    ["8.8.8.8", true],
  ])("harness list: %s → %s", (ip, allowed) => {
    expect(checkAddress(ip, harness).allowed).toBe(allowed);
  });

  it("allows a bare IP exactly", () => {
    const list = parseAllowList("10.1.2.3,fd00::25");
    expect(checkAddress("10.1.2.3", list).allowed).toBe(true);
    expect(checkAddress("10.1.2.4", list).allowed).toBe(false);
    expect(checkAddress("fd00::25", list).allowed).toBe(true);
    expect(checkAddress("fd00::26", list).allowed).toBe(false);
  });

  it("respects prefix boundaries", () => {
    const list = parseAllowList(" 192.168.10.0/24 ,  fd12:3456::/32 ");
    expect(checkAddress("192.168.10.255", list).allowed).toBe(true);
    expect(checkAddress("192.168.11.0", list).allowed).toBe(false);
    expect(checkAddress("fd12:3456:ffff::1", list).allowed).toBe(true);
    expect(checkAddress("fd12:3457::1", list).allowed).toBe(false);
  });

  it("does not match across families", () => {
    const list = parseAllowList("0.0.0.0/0");
    expect(checkAddress("10.0.0.1", list).allowed).toBe(true);
    expect(checkAddress("fd00::1", list).allowed).toBe(false);
  });

  it("parses empty and undefined as no entries", () => {
    expect(parseAllowList(undefined)).toEqual([]);
    expect(parseAllowList("")).toEqual([]);
    expect(parseAllowList(" , ")).toEqual([]);
  });

  it("keeps the operator's spelling and prefix", () => {
    expect(parseAllowList("127.0.0.0/8,::1").map((e) => [e.spec, e.bits])).toEqual([
      ["127.0.0.0/8", 8],
      ["::1", 128],
    ]);
  });

  it.each([
    "nonsense",
    "10.0.0.0/33",
    "::1/129",
    "10.0.0.0/",
    "10.0.0.0/-1",
    "10.0.0.0/8/8",
    "10.0.0/8",
    "127.1/8",
    "fe80::1%eth0/64",
    "localhost",
    "10.0.0.0/abc",
  ])("throws on %j, naming the entry", (entry) => {
    expect(() => parseAllowList(`127.0.0.0/8, ${entry}`)).toThrow(entry);
  });
});
