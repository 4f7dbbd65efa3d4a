// The pieces that keep server text inert in the browser: the security headers and CSP, the
// JSON-LD serialiser, and the escaping of control and bidi characters in displayed text.
import { describe, expect, it } from "vitest";
import {
  API_CSP,
  isHttps,
  newNonce,
  nonceFromCsp,
  pageCsp,
  responseKind,
  scriptSafeJson,
  securityHeaders,
} from "@/lib/security/headers";
import { escapeControl, transcriptDisplayLines } from "@/lib/ui/format";

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0], d] as const));

describe("newNonce", () => {
  it("is 128 random bits in base64, different every time", () => {
    const seen = new Set(Array.from({ length: 200 }, () => newNonce()));
    expect(seen.size).toBe(200);
    for (const n of seen) {
      expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(n, "base64")).toHaveLength(16);
    }
  });
});

describe("pageCsp", () => {
  const csp = pageCsp({ nonce: "abc123", https: false });
  const d = directives(csp);

  it("allows scripts only by nonce (plus what they load), never inline or eval", () => {
    expect(d.get("script-src")).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(nonceFromCsp(csp)).toBe("abc123");
  });

  it("locks down framing, base, objects, forms, connections and images", () => {
    expect(d.get("default-src")).toBe("default-src 'self'");
    expect(d.get("style-src")).toBe("style-src 'self' 'nonce-abc123'");
    expect(d.get("img-src")).toBe("img-src 'self' data: blob:");
    expect(d.get("connect-src")).toBe("connect-src 'self'");
    expect(d.get("frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(d.get("base-uri")).toBe("base-uri 'none'");
    expect(d.get("form-action")).toBe("form-action 'self'");
    expect(d.get("object-src")).toBe("object-src 'none'");
    expect(d.has("upgrade-insecure-requests")).toBe(false);
  });

  it("upgrades insecure requests only over HTTPS", () => {
    expect(pageCsp({ nonce: "n", https: true })).toMatch(/; upgrade-insecure-requests$/);
  });

  it("relaxes only what next dev needs, and only in dev", () => {
    const dev = directives(pageCsp({ nonce: "n", https: false, dev: true }));
    expect(dev.get("script-src")).toBe("script-src 'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'");
    expect(dev.get("style-src")).toBe("style-src 'self' 'unsafe-inline'");
  });
});

describe("securityHeaders", () => {
  it("gives pages the nonce policy and the usual hardening headers", () => {
    const h = securityHeaders("page", { nonce: "xyz", https: false });
    expect(h["Content-Security-Policy"]).toContain("'nonce-xyz'");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["X-Frame-Options"]).toBe("DENY");
    expect(h["Permissions-Policy"]).toMatch(/camera=\(\).*microphone=\(\)/);
    expect(h["Strict-Transport-Security"]).toBeUndefined();
  });

  it("gives API answers nosniff and a policy that loads nothing", () => {
    const h = securityHeaders("api", { nonce: "xyz", https: true });
    expect(h["Content-Security-Policy"]).toBe(API_CSP);
    expect(API_CSP).toContain("default-src 'none'");
    expect(API_CSP).toContain("frame-ancestors 'none'");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Strict-Transport-Security"]).toMatch(/^max-age=31536000/);
  });
});

describe("isHttps and responseKind", () => {
  it.each([
    ["https://mailprobe.example/", null, true],
    ["http://127.0.0.1:3000/", null, false],
    ["http://127.0.0.1:3000/", "https", true],
    ["http://127.0.0.1:3000/", "HTTPS, http", true],
    ["https://mailprobe.example/", "http", false],
    ["http://127.0.0.1:3000/", "http, https", false],
    ["not a url", null, false],
  ])("%s with X-Forwarded-Proto %s → %s", (url, proto, expected) => {
    expect(isHttps(url, proto)).toBe(expected);
  });

  it.each([
    ["/", "page"],
    ["/r/abc", "page"],
    ["/faq", "page"],
    ["/apiary", "page"],
    ["/api", "api"],
    ["/api/probe", "api"],
    ["/api/reports/abc", "api"],
  ] as const)("%s is a %s", (path, kind) => {
    expect(responseKind(path)).toBe(kind);
  });
});

describe("scriptSafeJson", () => {
  it("never lets a string close the script element, and parses back to the same value", () => {
    const value = {
      a: "</script><script>window.__pwned=1</script>",
      b: "<!-- <![CDATA[ & > \u2028\u2029",
    };
    const text = scriptSafeJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain("\\u003c/script\\u003e");
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("escapeControl", () => {
  it.each([
    ["\u001b[31mred\u001b[0m", "\\e[31mred\\e[0m"],
    ["abc\u202edef\u202c", "abc\\u202edef\\u202c"],
    ["\u2066iso\u2069 \u2067x\u2068", "\\u2066iso\\u2069 \\u2067x\\u2068"],
    ["a\u200bb\u200dc\ufeffd", "a\\u200bb\\u200dc\\ufeffd"],
    ["line\u2028sep\u2029", "line\\u2028sep\\u2029"],
    ["\u061cmark \u2060joiner \u206aold \ufff9ann", "\\u061cmark \\u2060joiner \\u206aold \\ufff9ann"],
    ["\u0001\u0008\u000b\u000c\u007f\u0085\u009b", "\\x01\\x08\\x0b\\x0c\\x7f\\x85\\x9b"],
    ["tab\there\r\n", "tab\\there\\r\\n"],
  ])("%j → %j", (input, expected) => {
    expect(escapeControl(input)).toBe(expected);
  });

  it("leaves markup, quotes, emoji and long strings as they are (React renders them as text)", () => {
    for (const text of ["<script>x</script>", `"q" 'q' \`q\``, "é ü ß 中文 العربية", "🧪 ✉️", "W".repeat(5000)]) {
      expect(escapeControl(text)).toBe(text);
    }
  });

  it("keeps newlines when asked", () => {
    expect(escapeControl("a\nb\u001b", true)).toBe("a\nb\\e");
  });

  it("transcript lines come out one per line with controls escaped", () => {
    expect(transcriptDisplayLines("250-a\u202eb\r\n250 \u001b[1mc\r\n")).toEqual(["250-a\\u202eb", "250 \\e[1mc"]);
  });
});
