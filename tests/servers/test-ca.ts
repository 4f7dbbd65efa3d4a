// Test PKI generated at test time: a trusted root, an intermediate, an untrusted
// "unknown" root and leaf certificates for every certificate outcome the checks judge.
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import forge from "node-forge";

const DAY_MS = 24 * 60 * 60 * 1000;
// Variant dates are relative to one instant per process so repeated calls hit the cache.
const PROCESS_START = Date.now();

export type LeafIssuer = "root" | "intermediate" | "unknown";
export type SignatureHash = "sha256" | "sha1" | "md5";

export interface LeafOptions {
  names: string[];
  notBefore?: Date;
  notAfter?: Date;
  issuer?: LeafIssuer;
  selfSigned?: boolean;
  keyBits?: number;
  /** chainPem is the leaf alone (no intermediate; for "unknown", no unknown root either). */
  omitIntermediate?: boolean;
  /** Hash the issuer signs the leaf with (default sha256): "sha1" for the weak-signature case. */
  signatureHash?: SignatureHash;
  /**
   * Subject fields instead of the default (O "mailprobe tests", CN the first name), encoded as
   * UTF8String so any text fits: the hostile-strings test puts markup and long strings here.
   */
  subject?: LeafSubject;
}

export interface LeafSubject {
  cn?: string;
  o?: string;
  ou?: string;
}

export interface Leaf {
  names: string[];
  keyPem: string;
  certPem: string;
  /** What a server should send: the leaf, then the intermediate (issuer "intermediate") or the unknown root (issuer "unknown"). */
  chainPem: string;
  keyPath: string;
  certPath: string;
  chainPath: string;
}

export interface CaFile {
  certPem: string;
  path: string;
}

export interface TestPki {
  dir: string;
  /** The trust file: the test root only (use as `ca` or NODE_EXTRA_CA_CERTS). */
  caPath: string;
  rootCa: CaFile;
  intermediateCa: CaFile;
  /** A second root that is NOT in caPath. */
  unknownRootCa: CaFile;
  issueLeaf(opts: LeafOptions): Leaf;
  valid(name: string): Leaf;
  expired(name: string): Leaf;
  notYetValid(name: string): Leaf;
  /** Valid now, expires in `days` days (for the < 14 days warning). */
  expiresIn(name: string, days: number): Leaf;
  wrongName(name: string): Leaf;
  selfSigned(name: string): Leaf;
  /** Issued by the intermediate, chain complete (leaf + intermediate). */
  viaIntermediate(name: string): Leaf;
  /** Issued by the intermediate but served alone: an incomplete chain. */
  incompleteChain(name: string): Leaf;
  /** Issued by the unknown root, served with that root: SELF_SIGNED_CERT_IN_CHAIN. */
  unknownCa(name: string): Leaf;
}

interface KeyPair {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  keyPem: string;
}

interface Ca {
  key: KeyPair;
  cert: forge.pki.Certificate;
  certPem: string;
}

// Node's native RSA generation is ~100x faster than forge's pure-JS one.
function newKeyPair(bits: number): KeyPair {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: bits,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  return keyPairFromPem(privateKey);
}

function keyPairFromPem(keyPem: string): KeyPair {
  const priv = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  return { privateKey: priv, publicKey: forge.pki.setRsaPublicKey(priv.n, priv.e), keyPem };
}

// One leaf key per size is enough: tests judge certificates, not key uniqueness.
const leafKeys = new Map<number, KeyPair>();
function leafKey(bits: number): KeyPair {
  let key = leafKeys.get(bits);
  if (!key) {
    key = newKeyPair(bits);
    leafKeys.set(bits, key);
  }
  return key;
}

function serial(): string {
  // Positive, non-zero 16-byte serial (a leading 0x01 keeps the sign bit clear).
  return `01${randomBytes(15).toString("hex")}`;
}

function makeCert(opts: {
  subjectCn: string;
  /** Replaces the default subject (O + CN from subjectCn). */
  subject?: forge.pki.CertificateField[];
  key: KeyPair;
  issuer: Ca | null;
  notBefore: Date;
  notAfter: Date;
  extensions: object[];
  signatureHash?: SignatureHash;
}): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = opts.key.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = opts.notBefore;
  cert.validity.notAfter = opts.notAfter;
  const subject = opts.subject ?? [
    { name: "organizationName", value: "mailprobe tests" },
    { name: "commonName", value: opts.subjectCn },
  ];
  cert.setSubject(subject);
  cert.setIssuer(opts.issuer ? opts.issuer.cert.subject.attributes : subject);
  const exts: object[] = [...opts.extensions, { name: "subjectKeyIdentifier" }];
  if (opts.issuer) {
    exts.push({
      name: "authorityKeyIdentifier",
      keyIdentifier: opts.issuer.cert.generateSubjectKeyIdentifier().getBytes(),
    });
  }
  cert.setExtensions(exts);
  const md = { sha256: forge.md.sha256, sha1: forge.md.sha1, md5: forge.md.md5 }[opts.signatureHash ?? "sha256"];
  cert.sign(opts.issuer ? opts.issuer.key.privateKey : opts.key.privateKey, md.create());
  return cert;
}

function makeCa(cn: string, issuer: Ca | null): Ca {
  const key = newKeyPair(2048);
  const now = Date.now();
  const cert = makeCert({
    subjectCn: cn,
    key,
    issuer,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 3650 * DAY_MS),
    extensions: [
      issuer
        ? { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true }
        : { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { key, cert, certPem: forge.pki.certificateToPem(cert) };
}

interface Cas {
  root: Ca;
  intermediate: Ca;
  unknown: Ca;
}

type CaMaterial = Record<keyof Cas, { certPem: string; keyPem: string }>;

let generated: Cas | null = null;
function generateCas(): Cas {
  if (!generated) {
    const root = makeCa("mailprobe Test Root CA", null);
    generated = {
      root,
      intermediate: makeCa("mailprobe Test Intermediate CA", root),
      unknown: makeCa("mailprobe Unknown Root CA", null),
    };
  }
  return generated;
}

function caFromPem(m: { certPem: string; keyPem: string }): Ca {
  return { key: keyPairFromPem(m.keyPem), cert: forge.pki.certificateFromPem(m.certPem), certPem: m.certPem };
}

// Several processes share one PKI dir (vitest global setup + forked workers, the e2e
// prepare step + the lab): the first to publish ca-material.json wins and everyone loads
// it. The file is the source of truth (it may be deleted and recreated between calls).
const casByMaterial = new Map<string, Cas>();
function casFor(dir: string): Cas {
  const file = path.join(dir, "ca-material.json");
  if (!existsSync(file)) {
    const g = generateCas();
    const material: CaMaterial = {
      root: { certPem: g.root.certPem, keyPem: g.root.key.keyPem },
      intermediate: { certPem: g.intermediate.certPem, keyPem: g.intermediate.key.keyPem },
      unknown: { certPem: g.unknown.certPem, keyPem: g.unknown.key.keyPem },
    };
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(material), { mode: 0o600 });
    try {
      linkSync(tmp, file); // atomic "create if absent"
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  const text = readFileSync(file, "utf8");
  let cas = casByMaterial.get(text);
  if (!cas) {
    const m = JSON.parse(text) as CaMaterial;
    cas = { root: caFromPem(m.root), intermediate: caFromPem(m.intermediate), unknown: caFromPem(m.unknown) };
    casByMaterial.set(text, cas);
  }
  return cas;
}

// Only the fields given, in X.500 order; forge UTF-8-encodes UTF8String values itself.
function subjectFields(s: LeafSubject): forge.pki.CertificateField[] {
  const utf8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
  const fields: [string, string | undefined][] = [
    ["organizationName", s.o],
    ["organizationalUnitName", s.ou],
    ["commonName", s.cn],
  ];
  return fields
    .filter((f): f is [string, string] => f[1] !== undefined)
    .map(([name, value]) => ({ name, value, valueTagClass: utf8 }));
}

interface LeafPems {
  keyPem: string;
  certPem: string;
  chainPem: string;
}

const leafCache = new Map<string, LeafPems>();

function buildLeaf(cas: Cas, opts: LeafOptions): LeafPems {
  const { root, intermediate, unknown } = cas;
  const key = leafKey(opts.keyBits ?? 2048);
  const now = Date.now();
  const issuerCa = opts.selfSigned ? null : { root, intermediate, unknown }[opts.issuer ?? "root"];
  const altNames = opts.names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n }));
  const cert = makeCert({
    subjectCn: opts.names[0] ?? "mailprobe test leaf",
    subject: opts.subject ? subjectFields(opts.subject) : undefined,
    key,
    issuer: issuerCa,
    // An hour of slack so a slightly skewed clock never makes "valid" not yet valid.
    notBefore: opts.notBefore ?? new Date(now - 60 * 60 * 1000),
    notAfter: opts.notAfter ?? new Date(now + 90 * DAY_MS),
    signatureHash: opts.signatureHash,
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames },
    ],
  });
  const certPem = forge.pki.certificateToPem(cert);
  // What the server sends after the leaf: the intermediate it needs, or, for the unknown CA,
  // its root (a private CA's typical setup; Node then reports SELF_SIGNED_CERT_IN_CHAIN,
  // while a lone leaf from an unknown CA is indistinguishable from an incomplete chain).
  let extra = "";
  if (!opts.selfSigned && !opts.omitIntermediate) {
    if (opts.issuer === "intermediate") extra = intermediate.certPem;
    if (opts.issuer === "unknown") extra = unknown.certPem;
  }
  return { keyPem: key.keyPem, certPem, chainPem: certPem + extra };
}

function cacheKey(opts: LeafOptions): string {
  return JSON.stringify({
    names: opts.names,
    notBefore: opts.notBefore?.toISOString(),
    notAfter: opts.notAfter?.toISOString(),
    issuer: opts.issuer ?? "root",
    selfSigned: !!opts.selfSigned,
    keyBits: opts.keyBits ?? 2048,
    omitIntermediate: !!opts.omitIntermediate,
    signatureHash: opts.signatureHash ?? "sha256",
    subject: opts.subject ?? null,
  });
}

// Write-then-rename: a concurrent reader never sees a half-written file.
function writeFile(file: string, content: string, mode = 0o644): string {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode });
  renameSync(tmp, file);
  return file;
}

/**
 * Writes the CA files into `dir` (reusing the CAs already published there by another
 * process) and returns an issuer for leaves. Keys and certificates are cached per process.
 */
export function createTestPki(pkiDir: string): TestPki {
  const dir = path.resolve(pkiDir);
  mkdirSync(dir, { recursive: true });
  const cas = casFor(dir);
  const { root, intermediate, unknown } = cas;
  const caPath = writeFile(path.join(dir, "ca.pem"), root.certPem);
  const rootCa = { certPem: root.certPem, path: caPath };
  const intermediateCa = {
    certPem: intermediate.certPem,
    path: writeFile(path.join(dir, "intermediate.pem"), intermediate.certPem),
  };
  const unknownRootCa = {
    certPem: unknown.certPem,
    path: writeFile(path.join(dir, "unknown-ca.pem"), unknown.certPem),
  };

  const issueLeaf = (opts: LeafOptions): Leaf => {
    if (opts.names.length === 0 && !opts.selfSigned) throw new Error("issueLeaf: names must not be empty");
    const key = `${root.cert.serialNumber}:${cacheKey(opts)}`;
    let pems = leafCache.get(key);
    if (!pems) {
      pems = buildLeaf(cas, opts);
      leafCache.set(key, pems);
    }
    // Per-process names: another process's leaf for the same options has another key.
    const hash = createHash("sha1").update(key).digest("hex").slice(0, 12);
    const base = path.join(dir, `leaf-${hash}-${process.pid}`);
    return {
      names: [...opts.names],
      ...pems,
      keyPath: writeFile(`${base}.key`, pems.keyPem, 0o600),
      certPath: writeFile(`${base}.crt`, pems.certPem),
      chainPath: writeFile(`${base}.chain.pem`, pems.chainPem),
    };
  };

  const at = (days: number) => new Date(PROCESS_START + days * DAY_MS);

  return {
    dir,
    caPath,
    rootCa,
    intermediateCa,
    unknownRootCa,
    issueLeaf,
    valid: (name) => issueLeaf({ names: [name] }),
    expired: (name) => issueLeaf({ names: [name], notBefore: at(-120), notAfter: at(-30) }),
    notYetValid: (name) => issueLeaf({ names: [name], notBefore: at(30), notAfter: at(120) }),
    expiresIn: (name, days) => issueLeaf({ names: [name], notBefore: at(-30), notAfter: at(days) }),
    wrongName: (name) => issueLeaf({ names: [`wrong-name.${name.split(".").slice(1).join(".") || "invalid"}`] }),
    selfSigned: (name) => issueLeaf({ names: [name], selfSigned: true }),
    viaIntermediate: (name) => issueLeaf({ names: [name], issuer: "intermediate" }),
    incompleteChain: (name) => issueLeaf({ names: [name], issuer: "intermediate", omitIntermediate: true }),
    unknownCa: (name) => issueLeaf({ names: [name], issuer: "unknown" }),
  };
}
