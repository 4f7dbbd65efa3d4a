import { describe, expect, it } from "vitest";
import type { CheckResult, NamesTable, TlsVersionProbe } from "@/lib/probe/types";
import { readCertExtras, readNames, readTlsVersions, tlsVersionLabel } from "@/lib/ui/session-extras";
import { cert } from "./fixtures/facts";

describe("tlsVersionLabel", () => {
  it("reads the spellings Node, OpenSSL and people use", () => {
    expect(["TLSv1", "TLSv1.0", "tls1_0", "1.0", "TLS 1.0"].map(tlsVersionLabel)).toEqual(Array(5).fill("1.0"));
    expect(["TLSv1.1", "tls11", "TLS 1.1"].map(tlsVersionLabel)).toEqual(["1.1", "1.1", "1.1"]);
    expect(tlsVersionLabel("TLSv1.2")).toBe("1.2");
    expect(tlsVersionLabel("tls13")).toBe("1.3");
    expect(tlsVersionLabel("SSLv3")).toBeNull();
  });
});

const probe = (version: TlsVersionProbe["version"], over: Partial<TlsVersionProbe> = {}): TlsVersionProbe => ({
  version,
  result: "accepted",
  stage: null,
  detail: null,
  cipher: null,
  fromSession: false,
  ms: 20,
  ...over,
});

describe("readTlsVersions", () => {
  it("no enumeration, no table", () => {
    expect(readTlsVersions(undefined)).toBeNull();
    expect(readTlsVersions(null)).toBeNull();
    expect(readTlsVersions([])).toBeNull();
  });

  it("always four rows; versions never tried are 'not tested', failures to tell stay apart", () => {
    const rows = readTlsVersions([
      probe("TLSv1.3", { cipher: "TLS_AES_128_GCM_SHA256", fromSession: true }),
      probe("TLSv1.2", { cipher: "ECDHE-RSA-AES128-GCM-SHA256" }),
      probe("TLSv1.1", { result: "rejected", stage: "tls", detail: "unsupported protocol" }),
    ]);
    expect(rows?.map((r) => [r.version, r.result, r.detail])).toEqual([
      ["1.0", "not-tested", null],
      ["1.1", "rejected", "unsupported protocol"],
      ["1.2", "accepted", "ECDHE-RSA-AES128-GCM-SHA256"],
      ["1.3", "accepted", "TLS_AES_128_GCM_SHA256 · from the main handshake"],
    ]);
    expect(rows?.some((r) => r.outdated)).toBe(false);

    const errored = readTlsVersions([probe("TLSv1", { result: "error", stage: "starttls", detail: "454 busy" })]);
    expect(errored?.[0]).toEqual({
      version: "1.0",
      result: "error",
      detail: "454 busy · at starttls",
      outdated: false,
    });
  });

  it("accepting 1.0 or 1.1 is flagged outdated", () => {
    const rows = readTlsVersions([probe("TLSv1"), probe("TLSv1.1", { result: "rejected" }), probe("TLSv1.2")]);
    expect(rows?.map((r) => `${r.version} ${r.result} ${r.outdated}`)).toEqual([
      "1.0 accepted true",
      "1.1 rejected false",
      "1.2 accepted false",
      "1.3 not-tested false",
    ]);
  });
});

describe("readNames", () => {
  const base: NamesTable = {
    mx: "mx.example.com",
    ip: "192.0.2.10",
    ptr: ["mx.example.com"],
    ptrConfirmed: ["mx.example.com"],
    greetingHost: "MX.example.com",
    ehloHost: "mx.example.com.",
    certNames: ["*.example.com"],
  };
  const notes = (t: NamesTable, opts = {}) =>
    Object.fromEntries((readNames(t, opts) ?? []).map((r) => [r.key, r.note?.kind ?? null]));

  it("reports saved before the names table existed give no table", () => {
    expect(readNames(undefined)).toBeNull();
    expect(readNames(null)).toBeNull();
  });

  it("consistent names are marked as matching (case and the root dot do not matter)", () => {
    expect(notes(base, { hasTls: true })).toEqual({
      mx: null,
      ip: null,
      ptr: "match",
      greeting: "match",
      ehlo: "match",
      cert: "match",
    });
  });

  it("spells out each disagreement in words", () => {
    const rows = readNames(
      {
        ...base,
        ptr: ["host-192-0-2-10.isp.example"],
        ptrConfirmed: [],
        greetingHost: "localhost",
        ehloHost: "host-192-0-2-10.isp.example",
        certNames: ["mail.other.example"],
      },
      { hasTls: true },
    );
    const byKey = Object.fromEntries((rows ?? []).map((r) => [r.key, r]));
    expect(byKey.ptr.note?.kind).toBe("mismatch");
    expect(byKey.ptr.note?.text).toMatch(/^mismatch: does not point back to 192\.0\.2\.10/);
    expect(byKey.greeting.note?.text).toMatch(/^mismatch: not a fully qualified/);
    expect(byKey.ehlo.note?.text).toBe("mismatch: differs from the greeting name");
    expect(byKey.cert.note?.text).toBe("mismatch: does not cover the MX name mx.example.com");
  });

  it("a missing PTR is called out, unless the lookup itself failed", () => {
    const noPtr = { ...base, ptr: [], ptrConfirmed: [] };
    expect(notes(noPtr).ptr).toBe("missing");
    const failed = {
      id: "names",
      status: "inconclusive",
      outcome: "dns-error",
      subject: {},
      params: { message: "queryPtr ETIMEOUT" },
      evidence: [],
      durationMs: 0,
    } satisfies CheckResult;
    const row = readNames(noPtr, { namesCheck: failed })?.find((r) => r.key === "ptr");
    expect(row?.note).toEqual({ kind: "neutral", text: "could not tell: queryPtr ETIMEOUT" });
  });

  it("without TLS the certificate row says so instead of claiming a mismatch", () => {
    const row = readNames({ ...base, certNames: [] }, { hasTls: false })?.find((r) => r.key === "cert");
    expect(row?.note?.kind).toBe("neutral");
  });

  it("an IP target has no MX name to compare", () => {
    const rows = readNames({ ...base, mx: "192.0.2.10" }, { hasTls: true });
    expect(rows?.find((r) => r.key === "mx")?.values).toEqual([]);
    expect(rows?.find((r) => r.key === "cert")?.note).toBeNull();
  });
});

describe("readCertExtras", () => {
  it("shows the signature algorithm, naming the hash only when the name lacks it, and flags weak hashes", () => {
    expect(readCertExtras(cert({ signatureAlgorithm: "ecdsa-with-SHA256", signatureHash: "SHA-256" }))).toEqual([
      { label: "Signature", value: "ecdsa-with-SHA256", weak: false },
    ]);
    expect(readCertExtras(cert({ signatureAlgorithm: "RSASSA-PSS", signatureHash: "SHA-256" }))[0].value).toBe(
      "RSASSA-PSS (SHA-256)",
    );
    expect(readCertExtras(cert({ signatureAlgorithm: "sha1WithRSAEncryption", signatureHash: "SHA-1" }))[0].weak).toBe(
      true,
    );
    expect(readCertExtras(cert({ signatureAlgorithm: null, signatureHash: null }))).toEqual([]);
  });
});
