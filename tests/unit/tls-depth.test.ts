// TLS in depth: the DER reader behind signature algorithms, certificate facts from real
// certificates, forward secrecy, TLS error classification, and the tls-versions / cert-key
// verdicts on fixture facts.
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import forge from "node-forge";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateSessionCheck, SESSION_CHECKS } from "@/lib/probe/checks";
import { explain } from "@/lib/probe/explanations";
import { certInfo } from "@/lib/probe/net/chain";
import { certificateSignature, readTlv } from "@/lib/probe/net/der";
import { hasForwardSecrecy } from "@/lib/probe/net/tls-upgrade";
import { isRejection, tlsErrorText } from "@/lib/probe/net/tls-versions";
import type { CertInfo, SessionFacts } from "@/lib/probe/types";
import {
  cert,
  ctx,
  goodImplicitSession,
  goodSession,
  INTERMEDIATE,
  stoppedAt,
  tlsFacts,
  tlsVersions,
} from "./fixtures/facts";

// --- a minimal DER writer, only for building test inputs ---------------------------------------
function der(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}
function oid(text: string): Uint8Array {
  const [a, b, ...rest] = text.split(".").map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return der(0x06, Buffer.from(bytes));
}
const NULL = der(0x05);
const seq = (...c: Uint8Array[]) => der(0x30, ...c);
/** Certificate-shaped: a stand-in tbsCertificate, the algorithm, a signature bit string. */
const fakeCert = (algorithm: Uint8Array) =>
  seq(seq(der(0x02, Buffer.from([1]))), algorithm, der(0x03, Buffer.from([0, 1, 2])));

describe("DER: signature algorithm of a certificate", () => {
  it.each([
    ["1.2.840.113549.1.1.11", "sha256WithRSAEncryption", "SHA-256"],
    ["1.2.840.113549.1.1.5", "sha1WithRSAEncryption", "SHA-1"],
    ["1.2.840.113549.1.1.4", "md5WithRSAEncryption", "MD5"],
    ["1.2.840.10045.4.3.3", "ecdsa-with-SHA384", "SHA-384"],
    ["1.2.840.10045.4.1", "ecdsa-with-SHA1", "SHA-1"],
    ["1.3.101.112", "Ed25519", null],
  ])("%s → %s (%s)", (id, name, hash) => {
    expect(certificateSignature(fakeCert(seq(oid(id), NULL)))).toEqual({ name, oid: id, hash });
  });

  it("RSASSA-PSS takes its hash from the parameters, SHA-1 when they are absent (RFC 4055)", () => {
    const sha256 = seq(oid("2.16.840.1.101.3.4.2.1"), NULL);
    const pss = (params?: Uint8Array) => fakeCert(seq(oid("1.2.840.113549.1.1.10"), ...(params ? [params] : [])));
    expect(certificateSignature(pss(seq(der(0xa0, sha256))))?.hash).toBe("SHA-256");
    expect(certificateSignature(pss(seq()))?.hash).toBe("SHA-1");
    expect(certificateSignature(pss())?.hash).toBe("SHA-1");
  });

  it("names an unknown algorithm by its OID, with large arcs decoded", () => {
    expect(certificateSignature(fakeCert(seq(oid("1.3.6.1.4.1.99999.1")))))?.toEqual({
      name: "OID 1.3.6.1.4.1.99999.1",
      oid: "1.3.6.1.4.1.99999.1",
      hash: null,
    });
  });

  it("returns null for malformed input and never reads past the end", () => {
    const good = fakeCert(seq(oid("1.2.840.113549.1.1.11"), NULL));
    for (let cut = 0; cut < good.length; cut++) expect(certificateSignature(good.subarray(0, cut))).toBeNull();
    expect(certificateSignature(Buffer.from([0x30, 0x80, 0, 0]))).toBeNull(); // BER indefinite length
    expect(certificateSignature(Buffer.from([0x30, 0x85, 1, 1, 1, 1, 1]))).toBeNull(); // 5 length bytes
    expect(readTlv(Buffer.from([0x30, 0x05, 1]), 0)).toBeNull();
    // Random bytes: no exception, whatever comes back.
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    };
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + (i % 64) }, rand));
      if (i % 3 === 0) bytes[0] = 0x30;
      expect(() => certificateSignature(bytes)).not.toThrow();
    }
  });
});

describe("certificate facts from real certificates", () => {
  function forgeCert(bits: number, md: "sha1" | "sha256" | "md5"): X509Certificate {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: bits,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const priv = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
    const c = forge.pki.createCertificate();
    c.publicKey = forge.pki.setRsaPublicKey(priv.n, priv.e);
    c.serialNumber = "01";
    c.validity.notBefore = new Date(Date.now() - 3_600_000);
    c.validity.notAfter = new Date(Date.now() + 86_400_000);
    c.setSubject([{ name: "commonName", value: "mx.example.test" }]);
    c.setIssuer([{ name: "commonName", value: "mx.example.test" }]);
    c.sign(priv, forge.md[md].create());
    return new X509Certificate(forge.pki.certificateToPem(c));
  }

  it.each([
    [1024, "sha1", "sha1WithRSAEncryption", "SHA-1"],
    [2048, "sha256", "sha256WithRSAEncryption", "SHA-256"],
    [1024, "md5", "md5WithRSAEncryption", "MD5"],
  ] as const)("RSA %i signed with %s", (bits, md, name, hash) => {
    const info = certInfo(forgeCert(bits, md));
    expect(info).toMatchObject({ keyType: "RSA", keyBits: bits, signatureAlgorithm: name, signatureHash: hash });
    expect(info.publicKey).toBe(`RSA ${bits}`);
  });

  // EC, EdDSA and RSA-PSS certificates need a real X.509 tool: OpenSSL's CLI.
  const haveOpenssl = (() => {
    try {
      execFileSync("openssl", ["version"], { stdio: "ignore" });
      return true;
    } catch {
      if (process.env.CI) throw new Error("the openssl command is needed for these tests under CI");
      return false;
    }
  })();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailprobe-der-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const opensslCert = (args: string[]): X509Certificate => {
    const out = path.join(dir, "c.pem");
    execFileSync(
      "openssl",
      ["req", "-x509", ...args, "-nodes", "-subj", "/CN=x", "-days", "1"].concat([
        "-keyout",
        path.join(dir, "k.pem"),
        "-out",
        out,
      ]),
      { stdio: "ignore" },
    );
    return new X509Certificate(fs.readFileSync(out));
  };

  it.skipIf(!haveOpenssl).each([
    [["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-sha384"], "EC", 384, "ecdsa-with-SHA384", "SHA-384"],
    [["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-sha1"], "EC", 256, "ecdsa-with-SHA1", "SHA-1"],
    [["-newkey", "ed25519"], "Ed25519", 256, "Ed25519", null],
    [["-newkey", "rsa:2048", "-sigopt", "rsa_padding_mode:pss", "-sha256"], "RSA", 2048, "RSASSA-PSS", "SHA-256"],
  ])("openssl req %j", (args, keyType, keyBits, signatureAlgorithm, signatureHash) => {
    expect(certInfo(opensslCert(args))).toMatchObject({ keyType, keyBits, signatureAlgorithm, signatureHash });
  });
});

describe("forward secrecy", () => {
  it.each([
    ["TLSv1.3", "TLS_AES_256_GCM_SHA384", null, true],
    ["TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", null, true],
    ["TLSv1.2", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", null, true],
    ["TLSv1.2", "ECDHE-RSA-AES256-SHA", null, true],
    ["TLSv1.2", "TLS_RSA_WITH_AES_128_CBC_SHA", { type: "ECDH" }, false],
    ["TLSv1", "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", null, false],
    ["TLSv1.2", "AES128-SHA", {}, false],
    ["TLSv1.2", "SOMETHING-NEW", { type: "ECDH" }, true],
    ["TLSv1.2", null, null, null],
  ] as const)("%s %s → %s", (protocol, cipher, eph, expected) => {
    expect(hasForwardSecrecy(protocol, cipher, eph)).toBe(expected);
  });
});

describe("forward secrecy in tls-handshake evidence", () => {
  const evidence = (forwardSecrecy: boolean | null | undefined) =>
    evaluateSessionCheck(byId("tls-handshake"), goodSession({ tls: tlsFacts({ forwardSecrecy }) }), ctx)?.evidence;
  it("says yes or no, and nothing for facts that do not know", () => {
    expect(evidence(true)).toContainEqual({ label: "Forward secrecy", value: "yes" });
    expect(evidence(false)).toContainEqual({ label: "Forward secrecy", value: "no (static key exchange)" });
    expect(evidence(undefined)?.some((e) => e.label === "Forward secrecy")).toBe(false);
  });
});

describe("TLS errors of a pinned handshake", () => {
  const err = (code: string, message: string) => Object.assign(new Error(message), { code });
  it("quotes OpenSSL's reason and alert number, not its source path", () => {
    const e = err(
      "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
      "C0:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 70\n",
    );
    expect(tlsErrorText(e)).toBe("tlsv1 alert protocol version (alert 70) [ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION]");
    expect(isRejection(e)).toBe(true);
  });
  it("an alert or a version the client cannot accept is a rejection; our own limits and hang-ups are not", () => {
    expect(isRejection(err("ERR_SSL_UNSUPPORTED_PROTOCOL", "x"))).toBe(true);
    expect(isRejection(err("ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR", "x"))).toBe(true);
    expect(isRejection(err("ERR_SSL_NO_PROTOCOLS_AVAILABLE", "x"))).toBe(false);
    expect(isRejection(err("ECONNRESET", "read ECONNRESET"))).toBe(false);
    expect(tlsErrorText(err("ECONNRESET", "read ECONNRESET"))).toBe("read ECONNRESET");
  });
});

const byId = (id: string) => {
  const check = SESSION_CHECKS.find((c) => c.id === id);
  if (!check) throw new Error(id);
  return check;
};
const run = (id: string, s: SessionFacts) => evaluateSessionCheck(byId(id), s, ctx);

describe("tls-versions verdicts", () => {
  const versions = (spec: Parameters<typeof tlsVersions>[0], negotiated?: Parameters<typeof tlsVersions>[1]) =>
    run("tls-versions", goodSession({ tlsVersions: tlsVersions(spec, negotiated) }));

  it.each([
    [{}, "modern"],
    [{ "TLSv1.3": "rejected" }, "modern"],
    [{ TLSv1: "accepted" }, "legacy-enabled"],
    [{ "TLSv1.1": "accepted", "TLSv1.2": "error" }, "legacy-enabled"],
    [{ TLSv1: "error" }, "partial"],
    [{ TLSv1: "accepted", "TLSv1.2": "rejected", "TLSv1.3": "rejected" }, "legacy-only"],
    [{ TLSv1: "accepted", "TLSv1.2": "rejected", "TLSv1.3": "error" }, "partial"],
    [{ TLSv1: "rejected", "TLSv1.1": "rejected", "TLSv1.2": "rejected", "TLSv1.3": "rejected" }, "partial"],
  ] as const)("%j → %s", (spec, outcome) => {
    expect(versions(spec)?.outcome).toBe(outcome);
  });

  it("shows one evidence line per version and names what was accepted", () => {
    const r = versions({ TLSv1: "accepted" });
    expect(r?.evidence.map((e) => e.label)).toEqual(["TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3"]);
    expect(r?.evidence[1].value).toBe("rejected: tlsv1 alert protocol version (alert 70)");
    expect(r?.evidence[3].value).toMatch(/negotiated in the main session/);
    expect(r?.params).toMatchObject({ legacy: "TLS 1.0", modern: "TLS 1.2, TLS 1.3" });
  });

  it("partial quotes the server and names the stage, and never fails", () => {
    const r = versions({ "TLSv1.1": "error" });
    expect(r).toMatchObject({ status: "inconclusive", params: { untested: "TLS 1.1", stage: "STARTTLS" } });
    expect(explain(r!).why).toContain('at STARTTLS, the server answered "421 4.7.0 Too many connections"');
    expect(r?.evidence[1].value).toMatch(/^not tested at STARTTLS: /);
  });

  it("the hand-check command fits the port: -starttls smtp on 25, none on 465", () => {
    expect(explain(versions({ TLSv1: "accepted" })!).fix).toContain("-connect 192.0.2.10:25 -starttls smtp -tls1_1");
    const implicit = run("tls-versions", goodImplicitSession({ tlsVersions: tlsVersions({ TLSv1: "accepted" }) }));
    expect(explain(implicit!).fix).toContain("-connect 192.0.2.10:465 -tls1_1");
  });

  it("is skipped when the versions were not tested, naming why", () => {
    const cut = stoppedAt(goodSession(), "relay", "session-deadline", "the session did not finish within 60 s");
    expect(run("tls-versions", cut)).toMatchObject({
      outcome: "not-reached",
      params: { reason: "the session ran out of time" },
    });
    const noTls = stoppedAt(goodSession(), "tls", "tls-error", "handshake failure");
    expect(run("tls-versions", noTls)?.params.stage).toBe("the TLS handshake");
  });
});

describe("cert-key verdicts", () => {
  const withChain = (...chain: CertInfo[]) => goodSession({ tls: tlsFacts({ chain }) });
  const rsa = (bits: number, o: Partial<CertInfo> = {}) =>
    cert({
      publicKey: `RSA ${bits}`,
      keyType: "RSA",
      keyBits: bits,
      signatureAlgorithm: "sha256WithRSAEncryption",
      signatureHash: "SHA-256",
      ...o,
    });
  const sha1 = { signatureAlgorithm: "sha1WithRSAEncryption", signatureHash: "SHA-1" };

  it.each([
    ["RSA 2048", withChain(rsa(2048), INTERMEDIATE), "ok"],
    ["RSA 4096", withChain(rsa(4096)), "ok"],
    ["RSA 2047", withChain(rsa(2047)), "weak-key"],
    ["RSA 1024 with SHA-1 (key first)", withChain(rsa(1024, sha1)), "weak-key"],
    ["EC P-224", withChain(cert({ publicKey: "EC secp224r1", keyType: "EC", keyBits: 224 })), "weak-key"],
    ["EC P-384", withChain(cert({ publicKey: "EC secp384r1", keyType: "EC", keyBits: 384 })), "ok"],
    ["Ed25519", withChain(cert({ publicKey: "ED25519", keyType: "Ed25519", keyBits: 256 })), "ok"],
    ["DSA", withChain(cert({ publicKey: "DSA", keyType: "DSA", keyBits: 2048 })), "weak-key"],
    ["SHA-1 leaf", withChain(rsa(2048, sha1), INTERMEDIATE), "weak-signature"],
    [
      "MD5 leaf",
      withChain(rsa(2048, { signatureAlgorithm: "md5WithRSAEncryption", signatureHash: "MD5" })),
      "weak-signature",
    ],
    ["SHA-1 intermediate", withChain(rsa(2048), { ...INTERMEDIATE, ...sha1 }), "weak-signature"],
    ["SHA-1 root sent along", withChain(rsa(2048), INTERMEDIATE, cert({ ...sha1, selfIssued: true })), "ok"],
    ["PSS with SHA-256", withChain(rsa(2048, { signatureAlgorithm: "RSASSA-PSS", signatureHash: "SHA-256" })), "ok"],
    [
      "older facts: only the publicKey text",
      withChain(cert({ publicKey: "RSA 1024", keyType: undefined, keyBits: undefined })),
      "weak-key",
    ],
    [
      "older facts: EC curve name",
      withChain(cert({ publicKey: "EC prime256v1", keyType: undefined, keyBits: undefined })),
      "ok",
    ],
    ["unknown key", withChain(cert({ publicKey: "X448", keyType: "X448", keyBits: null })), "unknown"],
  ])("%s → %s", (_name, session, outcome) => {
    expect(run("cert-key", session)?.outcome).toBe(outcome);
  });

  it("names the certificate with the weak signature and its hash", () => {
    const r = run("cert-key", withChain(rsa(2048), { ...INTERMEDIATE, ...sha1 }));
    expect(explain(r!).title).toBe(
      "The intermediate Example Issuing CA R1 is signed with SHA-1 (sha1WithRSAEncryption)",
    );
    expect(r?.evidence).toContainEqual({ label: "Signature (chain certificate #1)", value: "sha1WithRSAEncryption" });
    expect(explain(run("cert-key", withChain(rsa(1024)))!).title).toBe("Weak certificate key: RSA 1024");
  });

  it("is skipped without TLS", () => {
    expect(run("cert-key", stoppedAt(goodSession(), "tls", "tls-error", "x"))?.status).toBe("skipped");
  });
});
