// Certificate facts and our own chain analysis. Node tells us *that* verification failed; a mail
// admin needs to know *why*: self-signed, an untrusted root, or an intermediate the server did
// not send. We link certificates by signature (not by dates: cert-expiry judges those).
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import tls from "node:tls";
import type { CertInfo, TlsFacts } from "../types";
import { certificateSignature } from "./der";

let trustStore: Map<string, X509Certificate[]> | null = null;

function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** Node's bundled Mozilla roots plus NODE_EXTRA_CA_CERTS, indexed by subject. */
function roots(): Map<string, X509Certificate[]> {
  if (trustStore) return trustStore;
  const pems = [...tls.rootCertificates];
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (extra) {
    try {
      pems.push(...splitPem(fs.readFileSync(extra, "utf8")));
    } catch {
      // Node itself warns about an unreadable file; the bundled roots still apply.
    }
  }
  const map = new Map<string, X509Certificate[]>();
  for (const pem of pems) {
    try {
      const cert = new X509Certificate(pem);
      map.set(cert.subject, [...(map.get(cert.subject) ?? []), cert]);
    } catch {
      // skip an unparsable root rather than fail every probe
    }
  }
  trustStore = map;
  return map;
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.issuer === parent.subject && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

function isSelfSigned(cert: X509Certificate): boolean {
  return issuedBy(cert, cert);
}

export function analyseChain(chain: X509Certificate[]): TlsFacts["chainTrust"] {
  const store = roots();
  const leaf = chain[0];
  if (!leaf) return "unknown-ca";
  let current = leaf;
  const seen = new Set<string>();
  for (let depth = 0; depth < 10; depth++) {
    seen.add(current.fingerprint256);
    if ((store.get(current.subject) ?? []).some((r) => r.fingerprint256 === current.fingerprint256)) return "trusted";
    if ((store.get(current.issuer) ?? []).some((r) => issuedBy(current, r))) return "trusted";
    if (isSelfSigned(current)) return current === leaf ? "self-signed" : "unknown-ca";
    const next = chain.find((c) => !seen.has(c.fingerprint256) && issuedBy(current, c));
    // The issuer was neither sent nor a trusted root: the chain cannot be built from what we got.
    if (!next) return "incomplete-chain";
    current = next;
  }
  return "unknown-ca";
}

function field(dn: string, key: string): string | null {
  for (const line of dn.split("\n")) if (line.startsWith(`${key}=`)) return line.slice(key.length + 1);
  return null;
}

function describeKey(cert: X509Certificate): string | null {
  const key = cert.publicKey;
  const d = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case "rsa":
    case "rsa-pss":
      return `RSA ${d?.modulusLength ?? "?"}`;
    case "ec":
      return `EC ${d?.namedCurve ?? "?"}`;
    case undefined:
      return null;
    default:
      return key.asymmetricKeyType.toUpperCase();
  }
}

const KEY_TYPES: Record<string, string> = { rsa: "RSA", "rsa-pss": "RSA", ec: "EC", dsa: "DSA", dh: "DH" };

/** Key type and size as numbers for judging; EC size comes from the curve name (prime256v1 → 256). */
function keyStrength(cert: X509Certificate): { keyType: string | null; keyBits: number | null } {
  const key = cert.publicKey;
  const type = key.asymmetricKeyType;
  if (!type) return { keyType: null, keyBits: null };
  const d = key.asymmetricKeyDetails;
  if (type === "ec") {
    const bits = /(\d{3})/.exec(d?.namedCurve ?? "")?.[1];
    return { keyType: "EC", keyBits: bits ? Number(bits) : null };
  }
  if (type === "ed25519") return { keyType: "Ed25519", keyBits: 256 };
  if (type === "ed448") return { keyType: "Ed448", keyBits: 448 };
  return { keyType: KEY_TYPES[type] ?? type.toUpperCase(), keyBits: d?.modulusLength ?? null };
}

export function certInfo(cert: X509Certificate): CertInfo {
  const signature = certificateSignature(cert.raw);
  const sans = (cert.subjectAltName ?? "")
    .split(/,\s*/)
    .filter((s) => s.startsWith("DNS:"))
    .map((s) => s.slice(4));
  return {
    subject: cert.subject.replace(/\n/g, ", "),
    subjectCN: field(cert.subject, "CN"),
    issuer: cert.issuer.replace(/\n/g, ", "),
    issuerCN: field(cert.issuer, "CN"),
    sans,
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    publicKey: describeKey(cert),
    ...keyStrength(cert),
    signatureAlgorithm: signature?.name ?? null,
    signatureHash: signature?.hash ?? null,
    selfIssued: cert.issuer === cert.subject,
    pem: cert.toString(),
  };
}

/** The peer's chain as Node reports it (leaf first), without loops, at most 10 deep. */
export function peerChain(socket: tls.TLSSocket): X509Certificate[] {
  const out: X509Certificate[] = [];
  let cur: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cur?.raw && out.length < 10 && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    try {
      out.push(new X509Certificate(cur.raw));
    } catch {
      break;
    }
    cur = cur.issuerCertificate;
  }
  return out;
}
