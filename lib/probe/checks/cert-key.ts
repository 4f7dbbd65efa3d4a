// Key strength of the server certificate and the hash of each signature in the chain it sent.
// RSA under 2048 bits can be factored with serious effort and is refused by current OpenSSL
// defaults; SHA-1 and MD5 signatures can be forged by collision. The root is not judged: it is
// trusted by being in the store, not by its own signature.
import type { CertInfo, EvidenceItem, SessionFacts } from "../types";
import { defineCheck, type Verdict } from "./define";
import { notReached } from "./not-reached";
import { cleanText, oneLine } from "./text";

const outcomes = {
  ok: "pass",
  "weak-key": "fail",
  "weak-signature": "fail",
  unknown: "inconclusive",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

export const MIN_RSA_BITS = 2048;
export const MIN_EC_BITS = 256;
const WEAK_HASHES = new Set(["MD2", "MD4", "MD5", "SHA-1"]);

/** Type and size, from the structured fields or, in older facts, from "RSA 2048" / "EC prime256v1". */
function keyOf(cert: CertInfo): { type: string | null; bits: number | null } {
  const [word = "", rest = ""] = (cert.publicKey ?? "").split(" ");
  const type = cert.keyType ?? (word || null);
  const parsed = Number(/(\d{3,5})/.exec(rest)?.[1]);
  return { type, bits: cert.keyBits ?? (Number.isFinite(parsed) ? parsed : null) };
}

function keyVerdict(type: string | null, bits: number | null): "strong" | "weak" | "unknown" {
  switch (type?.toUpperCase()) {
    case "RSA":
      return bits === null ? "unknown" : bits < MIN_RSA_BITS ? "weak" : "strong";
    case "EC":
      return bits === null ? "unknown" : bits < MIN_EC_BITS ? "weak" : "strong";
    case "ED25519":
    case "ED448":
      return "strong";
    // DSA cannot be used with TLS 1.3 and public CAs no longer issue it.
    case "DSA":
      return "weak";
    default:
      return "unknown";
  }
}

const certLabel = (i: number) => (i === 0 ? "server certificate" : `chain certificate #${i}`);

function evaluate(s: SessionFacts): Verdict<Outcome> {
  const tls = s.tls;
  if (!tls) return notReached(s, "tls");
  const leaf = tls.chain[0];
  if (!leaf) {
    const params = { key: "no certificate", starttls: s.tlsMode === "starttls" ? " -starttls smtp" : "" };
    return { outcome: "unknown", params, evidence: [{ label: "Key", value: "no certificate" }] };
  }
  const { type, bits } = keyOf(leaf);
  const key = cleanText(leaf.publicKey ?? ([type, bits].filter(Boolean).join(" ") || "unknown"), 60);
  const evidence: EvidenceItem[] = [{ label: "Key", value: key }];
  // The leaf always counts; further certificates unless self-issued (a root sent along).
  const judged = tls.chain.map((c, i) => ({ c, i })).filter(({ c, i }) => i === 0 || !c.selfIssued);
  for (const { c, i } of judged) {
    const sig = c.signatureAlgorithm ? cleanText(c.signatureAlgorithm, 80) : "unknown";
    evidence.push({ label: `Signature (${certLabel(i)})`, value: sig });
  }
  const weakSig = judged.find(({ c }) => WEAK_HASHES.has(c.signatureHash ?? ""));
  const params = {
    key,
    bits: bits ?? "unknown",
    minRsa: MIN_RSA_BITS,
    signature: cleanText(leaf.signatureAlgorithm ?? "unknown", 80),
    starttls: s.tlsMode === "starttls" ? " -starttls smtp" : "",
  };
  const strength = keyVerdict(type, bits);
  if (strength === "weak") return { outcome: "weak-key", params, evidence };
  if (weakSig) {
    const { c, i } = weakSig;
    const which = i === 0 ? "The server certificate" : `The intermediate ${oneLine(c.subjectCN ?? c.subject, 120)}`;
    return {
      outcome: "weak-signature",
      params: {
        ...params,
        which,
        hash: c.signatureHash ?? "a weak hash",
        weakSignature: cleanText(c.signatureAlgorithm ?? "unknown", 80),
      },
      evidence,
    };
  }
  if (strength === "unknown") return { outcome: "unknown", params, evidence };
  return { outcome: "ok", params, evidence };
}

export const certKeyCheck = defineCheck({ id: "cert-key", scope: "session", after: "tls", outcomes, evaluate });
