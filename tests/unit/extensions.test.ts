import { describe, expect, it } from "vitest";
import { formatSize, isKnownExtension, KNOWN_EXTENSIONS, parseExtensions } from "../../lib/probe/smtp/extensions";
import type { Reply } from "../../lib/probe/types";

function ehlo(...lines: string[]): Reply {
  const raw = lines.map((l, i) => `250${i === lines.length - 1 ? " " : "-"}${l}\r\n`).join("");
  return { code: 250, enhanced: null, lines, raw };
}

describe("parseExtensions", () => {
  it("parses a typical Postfix EHLO reply", () => {
    const ext = parseExtensions(
      ehlo(
        "mx.example.com",
        "PIPELINING",
        "SIZE 52428800",
        "ETRN",
        "STARTTLS",
        "AUTH PLAIN LOGIN",
        "AUTH=PLAIN LOGIN",
        "ENHANCEDSTATUSCODES",
        "8BITMIME",
        "DSN",
        "SMTPUTF8",
        "CHUNKING",
      ),
    );
    expect(ext).toEqual({
      host: "mx.example.com",
      keywords: {
        PIPELINING: [],
        SIZE: ["52428800"],
        ETRN: [],
        STARTTLS: [],
        AUTH: ["PLAIN", "LOGIN"],
        ENHANCEDSTATUSCODES: [],
        "8BITMIME": [],
        DSN: [],
        SMTPUTF8: [],
        CHUNKING: [],
      },
      size: 52428800,
      auth: ["PLAIN", "LOGIN"],
      starttls: true,
    });
  });

  it("takes the first word of the first line as host", () => {
    expect(parseExtensions(ehlo("mx.example.com Hello [192.0.2.1], pleased to meet you", "X")).host).toBe(
      "mx.example.com",
    );
    expect(parseExtensions(ehlo("  spaced.example  greets")).host).toBe("spaced.example");
    expect(parseExtensions(ehlo("")).host).toBe("");
  });

  it("handles a single-line reply (no extensions)", () => {
    expect(parseExtensions(ehlo("mx.example.com"))).toEqual({
      host: "mx.example.com",
      keywords: {},
      size: null,
      auth: [],
      starttls: false,
    });
  });

  it("upper-cases keywords and keeps parameter case", () => {
    const ext = parseExtensions(ehlo("h", "starttls", "xclient NAME ADDR proto", "Limits RCPTMAX=100"));
    expect(ext.starttls).toBe(true);
    expect(ext.keywords.XCLIENT).toEqual(["NAME", "ADDR", "proto"]);
    expect(ext.keywords.LIMITS).toEqual(["RCPTMAX=100"]);
  });

  it.each<[string[], number | null]>([
    [["SIZE 35882577"], 35882577],
    [["SIZE 0"], 0],
    [["SIZE"], null],
    [["SIZE abc"], null],
    [["SIZE -5"], null],
    [["SIZE 99999999999999999999999"], null],
    [["PIPELINING"], null],
  ])("SIZE %j → %s", (lines, size) => {
    expect(parseExtensions(ehlo("h", ...lines)).size).toBe(size);
  });

  it("reads AUTH mechanisms from both forms, upper-cased and de-duplicated", () => {
    const ext = parseExtensions(ehlo("h", "AUTH=login plain", "AUTH PLAIN LOGIN CRAM-MD5", "AUTH xoauth2 plain"));
    expect(ext.auth).toEqual(["LOGIN", "PLAIN", "CRAM-MD5", "XOAUTH2"]);
    expect(ext.keywords.AUTH).toEqual(["LOGIN", "PLAIN", "CRAM-MD5", "XOAUTH2"]);
  });

  it("accepts the legacy form alone and a bare AUTH", () => {
    expect(parseExtensions(ehlo("h", "AUTH=PLAIN")).auth).toEqual(["PLAIN"]);
    expect(parseExtensions(ehlo("h", "AUTH=")).auth).toEqual([]);
    const bare = parseExtensions(ehlo("h", "AUTH"));
    expect(bare.auth).toEqual([]);
    expect(bare.keywords.AUTH).toEqual([]);
  });

  it("tolerates blank lines, tabs and extra spaces", () => {
    const ext = parseExtensions(ehlo("h", "", "  SIZE\t1000  ", "DSN"));
    expect(ext.size).toBe(1000);
    expect(Object.keys(ext.keywords)).toEqual(["SIZE", "DSN"]);
  });

  it("is not confused by keywords named like Object.prototype members", () => {
    const ext = parseExtensions(ehlo("h", "__proto__ x", "constructor", "toString"));
    expect(ext.keywords.__PROTO__).toEqual(["x"]);
    expect(ext.keywords.CONSTRUCTOR).toEqual([]);
    expect(ext.starttls).toBe(false);
    expect(ext.size).toBeNull();
    expect(Object.getPrototypeOf(ext.keywords)).toBe(Object.prototype);
  });

  it("does not set starttls without the keyword", () => {
    expect(parseExtensions(ehlo("h", "STARTTLSX", "X-STARTTLS")).starttls).toBe(false);
  });
});

describe("formatSize", () => {
  it.each<[number | null, string]>([
    [null, "not advertised"],
    [0, "no fixed limit"],
    [52428800, "50 MiB (52428800 bytes)"],
    [35882577, "34.2 MiB (35882577 bytes)"],
    [10485760, "10 MiB (10485760 bytes)"],
    [1048576, "1 MiB (1048576 bytes)"],
    [524288, "512 KiB (524288 bytes)"],
    [1536, "1.5 KiB (1536 bytes)"],
    [1000, "1000 bytes"],
    [1, "1 byte"],
  ])("%s → %s", (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });
});

describe("KNOWN_EXTENSIONS", () => {
  it("lists the common extensions once each, upper-cased", () => {
    for (const k of ["SIZE", "PIPELINING", "8BITMIME", "SMTPUTF8", "CHUNKING", "DSN", "ENHANCEDSTATUSCODES"]) {
      expect(KNOWN_EXTENSIONS).toContain(k);
    }
    for (const k of ["AUTH", "STARTTLS", "REQUIRETLS", "DELIVERBY", "LIMITS", "XCLIENT", "XFORWARD"]) {
      expect(KNOWN_EXTENSIONS).toContain(k);
    }
    expect(new Set(KNOWN_EXTENSIONS).size).toBe(KNOWN_EXTENSIONS.length);
    for (const k of KNOWN_EXTENSIONS) expect(k).toBe(k.toUpperCase());
  });

  it("tells known from unknown keywords", () => {
    expect(isKnownExtension("starttls")).toBe(true);
    expect(isKnownExtension("X-EXPS")).toBe(false);
  });
});
