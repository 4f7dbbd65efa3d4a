// A tiny DER reader, just enough to pull the signature algorithm out of a certificate: Node 20's
// X509Certificate does not expose it. Certificates come from the server, so every length is
// bounds-checked and anything unexpected yields null instead of throwing.

export interface Tlv {
  tag: number;
  /** Offset of the first content byte. */
  start: number;
  /** Offset just past the content. */
  end: number;
}

/** The element starting at `offset`, or null when the bytes are not well-formed DER. */
export function readTlv(buf: Uint8Array, offset: number, limit = buf.length): Tlv | null {
  if (offset + 2 > limit) return null;
  const tag = buf[offset];
  // Multi-byte tags never occur in the parts of a certificate we read.
  if ((tag & 0x1f) === 0x1f) return null;
  let length = buf[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // 0 is BER's indefinite length (not DER); more than 4 bytes is beyond any certificate.
    if (count === 0 || count > 4 || start + count > limit) return null;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[start + i];
    start += count;
  }
  const end = start + length;
  if (end > limit) return null;
  return { tag, start, end };
}

/** The elements inside a constructed element (SEQUENCE, SET, [n]), or null when malformed. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] | null {
  const out: Tlv[] = [];
  let offset = parent.start;
  while (offset < parent.end) {
    const child = readTlv(buf, offset, parent.end);
    if (!child) return null;
    out.push(child);
    offset = child.end;
  }
  return out;
}

/** Dotted text of an OBJECT IDENTIFIER's content, e.g. "1.2.840.113549.1.1.11". */
export function oidText(buf: Uint8Array, tlv: Tlv): string | null {
  if (tlv.tag !== 0x06 || tlv.end <= tlv.start) return null;
  const arcs: number[] = [];
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) {
    value = value * 128 + (buf[i] & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) return null;
    if (!(buf[i] & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  // The last byte must close its arc.
  if (buf[tlv.end - 1] & 0x80) return null;
  const [first, ...rest] = arcs;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...rest].join(".");
}

const SEQUENCE = 0x30;

interface SignatureName {
  name: string;
  /** null: the algorithm has no separate hash (EdDSA) or it is in the parameters (RSA-PSS). */
  hash: string | null;
}

const SIGNATURES: Record<string, SignatureName> = {
  "1.2.840.113549.1.1.2": { name: "md2WithRSAEncryption", hash: "MD2" },
  "1.2.840.113549.1.1.3": { name: "md4WithRSAEncryption", hash: "MD4" },
  "1.2.840.113549.1.1.4": { name: "md5WithRSAEncryption", hash: "MD5" },
  "1.2.840.113549.1.1.5": { name: "sha1WithRSAEncryption", hash: "SHA-1" },
  "1.3.14.3.2.29": { name: "sha1WithRSASignature", hash: "SHA-1" },
  "1.2.840.113549.1.1.14": { name: "sha224WithRSAEncryption", hash: "SHA-224" },
  "1.2.840.113549.1.1.11": { name: "sha256WithRSAEncryption", hash: "SHA-256" },
  "1.2.840.113549.1.1.12": { name: "sha384WithRSAEncryption", hash: "SHA-384" },
  "1.2.840.113549.1.1.13": { name: "sha512WithRSAEncryption", hash: "SHA-512" },
  "1.2.840.113549.1.1.10": { name: "RSASSA-PSS", hash: null },
  "1.2.840.10045.4.1": { name: "ecdsa-with-SHA1", hash: "SHA-1" },
  "1.2.840.10045.4.3.1": { name: "ecdsa-with-SHA224", hash: "SHA-224" },
  "1.2.840.10045.4.3.2": { name: "ecdsa-with-SHA256", hash: "SHA-256" },
  "1.2.840.10045.4.3.3": { name: "ecdsa-with-SHA384", hash: "SHA-384" },
  "1.2.840.10045.4.3.4": { name: "ecdsa-with-SHA512", hash: "SHA-512" },
  "1.2.840.10040.4.3": { name: "dsa-with-SHA1", hash: "SHA-1" },
  "2.16.840.1.101.3.4.3.1": { name: "dsa-with-SHA224", hash: "SHA-224" },
  "2.16.840.1.101.3.4.3.2": { name: "dsa-with-SHA256", hash: "SHA-256" },
  "1.3.101.112": { name: "Ed25519", hash: null },
  "1.3.101.113": { name: "Ed448", hash: null },
};

const HASHES: Record<string, string> = {
  "1.2.840.113549.2.5": "MD5",
  "1.3.14.3.2.26": "SHA-1",
  "2.16.840.1.101.3.4.2.4": "SHA-224",
  "2.16.840.1.101.3.4.2.1": "SHA-256",
  "2.16.840.1.101.3.4.2.2": "SHA-384",
  "2.16.840.1.101.3.4.2.3": "SHA-512",
};

export interface SignatureAlgorithm {
  /** Conventional name, or "OID x.y.z" when we do not know it. */
  name: string;
  oid: string;
  hash: string | null;
}

// RSASSA-PSS-params (RFC 4055): [0] hashAlgorithm, absent meaning SHA-1.
function pssHash(buf: Uint8Array, params: Tlv | undefined): string | null {
  if (!params || params.tag !== SEQUENCE) return "SHA-1";
  const fields = children(buf, params);
  if (!fields) return null;
  const hashField = fields.find((f) => f.tag === 0xa0);
  if (!hashField) return "SHA-1";
  const algorithm = readTlv(buf, hashField.start, hashField.end);
  const inner = algorithm?.tag === SEQUENCE ? children(buf, algorithm) : null;
  const oid = inner?.[0] ? oidText(buf, inner[0]) : null;
  return oid ? (HASHES[oid] ?? `OID ${oid}`) : null;
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }. */
export function certificateSignature(der: Uint8Array): SignatureAlgorithm | null {
  const cert = readTlv(der, 0);
  if (!cert || cert.tag !== SEQUENCE) return null;
  const parts = children(der, cert);
  if (parts?.length !== 3 || parts[1].tag !== SEQUENCE) return null;
  const algorithm = children(der, parts[1]);
  const oid = algorithm?.[0] ? oidText(der, algorithm[0]) : null;
  if (!algorithm || !oid) return null;
  const known = SIGNATURES[oid];
  if (!known) return { name: `OID ${oid}`, oid, hash: null };
  const hash = known.name === "RSASSA-PSS" ? pssHash(der, algorithm[1]) : known.hash;
  return { name: known.name, oid, hash };
}
