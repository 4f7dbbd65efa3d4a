import { describe, expect, it } from "vitest";
import { clientAddressFrom, logAddress, rateLimitKey } from "../../lib/http/client-address";

describe("clientAddressFrom", () => {
  // [X-Forwarded-For, trusted proxies, expected client]
  const table: [string | null, number, string | null][] = [
    [null, 0, null],
    ["", 0, null],
    [" , ", 0, null],
    // 0 proxies: the right-most entry, appended by our own server from the socket.
    ["198.51.100.7", 0, "198.51.100.7"],
    ["6.6.6.6, 198.51.100.7", 0, "198.51.100.7"],
    ["6.6.6.6,7.7.7.7,198.51.100.7", 0, "198.51.100.7"],
    // Dual-stack sockets report IPv4 peers as IPv4-mapped IPv6.
    ["::ffff:127.0.0.1", 0, "127.0.0.1"],
    ["6.6.6.6, ::ffff:198.51.100.7", 0, "198.51.100.7"],
    ["2001:db8::1", 0, "2001:db8::1"],
    ["2001:DB8:0:0:0:0:0:1", 0, "2001:db8::1"],
    // N proxies: the (N+1)-th from the right.
    ["203.0.113.5, 10.0.0.2", 1, "203.0.113.5"],
    ["6.6.6.6, 203.0.113.5, 10.0.0.2", 1, "203.0.113.5"],
    ["6.6.6.6, 203.0.113.5, 10.0.0.3, 10.0.0.2", 2, "203.0.113.5"],
    // A chain shorter than configured: the left-most entry.
    ["203.0.113.5", 1, "203.0.113.5"],
    ["203.0.113.5, 10.0.0.2", 5, "203.0.113.5"],
    // Ports and brackets as some proxies write them.
    ["198.51.100.7:4711", 0, "198.51.100.7"],
    ["[2001:db8::1]:4711", 0, "2001:db8::1"],
    ["[2001:db8::1]", 0, "2001:db8::1"],
    // Not an address where we look: unknown, never a guess from elsewhere in the header.
    ["198.51.100.7, unknown", 0, null],
    ["198.51.100.7, 127.1", 0, null],
    ["198.51.100.7, 0x7f.0.0.1", 0, null],
    ["198.51.100.7, fe80::1%eth0", 0, null],
    ["198.51.100.7, <script>", 0, null],
  ];
  it.each(table)("%j with %i trusted proxies → %s", (header, proxies, expected) => {
    expect(clientAddressFrom(header, proxies)).toBe(expected);
  });

  it("with 0 trusted proxies, whatever a client puts on the left does not change the result", () => {
    const results = new Set(
      ["1.2.3.4", "9.9.9.9, 8.8.8.8", "::1", "garbage"].map((spoof) => clientAddressFrom(`${spoof}, 192.0.2.44`, 0)),
    );
    expect([...results]).toEqual(["192.0.2.44"]);
  });
});

describe("rateLimitKey", () => {
  it("keys IPv4 by address and IPv6 by /64", () => {
    expect(rateLimitKey("198.51.100.7")).toBe("198.51.100.7");
    expect(rateLimitKey("198.51.100.8")).toBe("198.51.100.8");
    expect(rateLimitKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(rateLimitKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(rateLimitKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(rateLimitKey("::ffff:198.51.100.7")).toBe("198.51.100.7");
  });

  it("puts every unknown client in one bucket", () => {
    expect(rateLimitKey(null)).toBe("unknown");
    expect(rateLimitKey("not an address")).toBe("unknown");
  });
});

describe("logAddress", () => {
  it("cuts IPv4 to /24 and IPv6 to /48", () => {
    expect(logAddress("198.51.100.7")).toBe("198.51.100.0/24");
    expect(logAddress("::ffff:198.51.100.7")).toBe("198.51.100.0/24");
    expect(logAddress("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1::/48");
    expect(logAddress(null)).toBeNull();
    expect(logAddress("x")).toBeNull();
  });
});
