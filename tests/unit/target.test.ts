import { describe, expect, it } from "vitest";
import { MAX_TARGET_LENGTH, parseTarget } from "../../lib/probe/target";
import type { NormalizedTarget } from "../../lib/probe/types";

type Accepted = [input: string, kind: NormalizedTarget["kind"], name: string, unicode: string | null];

const accepted: Accepted[] = [
  ["example.com", "domain", "example.com", null],
  ["EXAMPLE.Com", "domain", "example.com", null],
  ["  example.com \t", "domain", "example.com", null],
  ["example.com.", "domain", "example.com", null],
  ["mx1.mail.example.co.uk", "domain", "mx1.mail.example.co.uk", null],
  ["a-b.example", "domain", "a-b.example", null],
  ["123.example", "domain", "123.example", null],
  ["x.io", "domain", "x.io", null],
  [`${"a".repeat(63)}.example`, "domain", `${"a".repeat(63)}.example`, null],
  ["bücher.example", "domain", "xn--bcher-kva.example", "bücher.example"],
  ["Bücher.Example.", "domain", "xn--bcher-kva.example", "bücher.example"],
  ["bu\u0308cher.example", "domain", "xn--bcher-kva.example", "bücher.example"],
  ["xn--bcher-kva.example", "domain", "xn--bcher-kva.example", "bücher.example"],
  ["例え.テスト", "domain", "xn--r8jz45g.xn--zckzah", "例え.テスト"],
  ["münchen.de", "domain", "xn--mnchen-3ya.de", "münchen.de"],
  ["user@example.com", "email", "example.com", null],
  ["First.Last+tag@Example.COM", "email", "example.com", null],
  ["postmaster@bücher.example", "email", "xn--bcher-kva.example", "bücher.example"],
  ["a@example.com.", "email", "example.com", null],
  ["192.0.2.1", "ip", "192.0.2.1", null],
  ["8.8.8.8", "ip", "8.8.8.8", null],
  ["0.0.0.0", "ip", "0.0.0.0", null],
  ["255.255.255.255", "ip", "255.255.255.255", null],
  ["2001:db8::25", "ip", "2001:db8::25", null],
  ["2001:DB8:0:0:0:0:0:25", "ip", "2001:db8::25", null],
  ["[2001:db8::1]", "ip", "2001:db8::1", null],
  ["::1", "ip", "::1", null],
  ["::ffff:192.0.2.1", "ip", "::ffff:c000:201", null],
  ["::192.0.2.1", "ip", "::c000:201", null],
  ["64:ff9b::192.0.2.1", "ip", "64:ff9b::c000:201", null],
];

describe("parseTarget accepts", () => {
  it.each(accepted)("%j", (input, kind, name, unicode) => {
    const r = parseTarget(input);
    expect(r).toEqual({ ok: true, target: { input: input.trim(), kind, name, unicode } });
  });
});

type Rejected = [input: string, message: RegExp];

const rejected: Rejected[] = [
  ["", /type a domain/i],
  ["   ", /type a domain/i],
  ["example.com\r\nRCPT TO:<x@y>", /line breaks/i],
  ["example.com\nfoo", /line breaks/i],
  ["exa\u0000mple.com", /control characters/i],
  ["exa\tmple.com", /tabs/i],
  ["example.com\u2028x", /line breaks/i],
  ["example .com", /spaces/i],
  ["example.com other.com", /spaces/i],
  ["https://example.com", /URL; type just the domain, e\.g\. example\.com/],
  ["http://example.com/path", /URL/],
  ["smtp://mx.example.com:25", /URL/],
  ["mailto:user@example.com", /mailto/],
  ["example.com:25", /port buttons/],
  ["192.0.2.1:25", /port buttons/],
  ["[2001:db8::1]:25", /port buttons/],
  ["http:example.com", /type just the domain/i],
  ["example.com/path", /path/],
  ["example.com?x=1", /path/],
  ["example.com#top", /path/],
  ["192.0.2.0/24", /not a network range/],
  ["exa_mple.com", /underscores/i],
  ["_dmarc.example.com", /underscores/i],
  ["localhost", /dot/],
  ["mailserver", /single-label/],
  ["bücher", /single-label/],
  [`${"a".repeat(64)}.example`, /63 characters/],
  [`${"abcdefghi.".repeat(26)}com`, /253 characters/],
  ["a".repeat(MAX_TARGET_LENGTH + 1), /too long/],
  ["-example.com", /hyphen/],
  ["example-.com", /hyphen/],
  ["example..com", /empty part/],
  [".example.com", /empty part/],
  [".", /empty part/],
  ["exa!mple.com", /letters, digits, hyphens/],
  ["exa%mple.com", /letters, digits, hyphens/],
  ["example.123", /cannot be a number/],
  ["example.0x1f", /cannot be a number/],
  ["xn--zz.example", /international domain name/],
  ["127.1", /dotted-quad/],
  ["0x7f.0.0.1", /dotted-quad/],
  ["0177.0.0.1", /dotted-quad/],
  ["2130706433", /dotted-quad/],
  ["192.168.001.1", /dotted-quad/],
  ["256.1.1.1", /dotted-quad/],
  ["1.2.3.4.5", /dotted-quad/],
  ["1.2.3.4.", /dotted-quad/],
  ["fe80::1%eth0", /zone/i],
  ["[fe80::1%25eth0]", /zone/i],
  ["2001:db8::g", /not a valid IPv6/],
  ["1:2:3:4:5:6:7:8:9", /not a valid IPv6/],
  ["[2001:db8::1", /brackets/],
  ["[192.0.2.1]", /not a valid IPv6/],
  ["::ffff:0177.0.0.1", /not a valid IPv6/],
  ["a@b@example.com", /only one "@"/],
  ["@example.com", /before the "@"/],
  ["user@", /after the "@"/],
  [`${"u".repeat(65)}@example.com`, /before the "@" is too long/],
  ["user@[192.0.2.1]", /IP address on its own/],
  ["user@192.0.2.1", /IP address on its own/],
  ["user@localhost", /single-label/],
  ["user@exa_mple.com", /underscores/i],
  ["user@example.com/x", /just the domain/],
];

describe("parseTarget rejects", () => {
  it.each(rejected)("%j", (input, message) => {
    const r = parseTarget(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(message);
      // Short and friendly, never echoing raw control characters.
      expect(r.message.length).toBeLessThan(130);
      expect(r.message).not.toMatch(/[\u0000-\u001f]/);
    }
  });
});

describe("parseTarget limits", () => {
  it("has at least 40 table cases", () => {
    expect(accepted.length + rejected.length).toBeGreaterThanOrEqual(40);
  });

  it("accepts a name of exactly 253 characters", () => {
    const name = `${"abcdefghi.".repeat(24)}abcdefghi.com`;
    expect(name.length).toBe(253);
    expect(parseTarget(name)).toMatchObject({ ok: true, target: { name } });
  });

  it("exports MAX_TARGET_LENGTH = 320", () => {
    expect(MAX_TARGET_LENGTH).toBe(320);
  });
});
