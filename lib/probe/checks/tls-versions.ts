// Which TLS versions the server accepts, from one pinned handshake per version (tls-version
// judges only the best one negotiated). Accepting 1.0/1.1 next to 1.2+ is a warning (RFC 8996),
// accepting nothing newer is a failure, and a version we could not test leaves it open.
import type { EvidenceItem, SessionFacts, TlsVersionName, TlsVersionProbe } from "../types";
import { defineCheck, type Verdict } from "./define";
import { notReached, STAGE_LABELS } from "./not-reached";
import { cleanText } from "./text";

const outcomes = {
  modern: "pass",
  "legacy-enabled": "warn",
  "legacy-only": "fail",
  partial: "inconclusive",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

const LEGACY: readonly TlsVersionName[] = ["TLSv1", "TLSv1.1"];
const MODERN: readonly TlsVersionName[] = ["TLSv1.2", "TLSv1.3"];

const LABELS: Record<TlsVersionName, string> = {
  TLSv1: "TLS 1.0",
  "TLSv1.1": "TLS 1.1",
  "TLSv1.2": "TLS 1.2",
  "TLSv1.3": "TLS 1.3",
};

const names = (rs: TlsVersionProbe[]) => rs.map((r) => LABELS[r.version]).join(", ") || "none";

function describeResult(r: TlsVersionProbe): string {
  if (r.result === "accepted") {
    const how = r.fromSession ? " (negotiated in the main session)" : "";
    return `accepted${r.cipher ? `: ${cleanText(r.cipher, 80)}` : ""}${how}`;
  }
  const detail = r.detail ? cleanText(r.detail, 200) : "";
  if (r.result === "rejected") return `rejected${detail ? `: ${detail}` : ""}`;
  const where = r.stage && r.stage !== "tls-versions" ? ` at ${STAGE_LABELS[r.stage]}` : "";
  return `not tested${where}${detail ? `: ${detail}` : ""}`;
}

function evaluate(s: SessionFacts): Verdict<Outcome> {
  if (!s.tls) return notReached(s, "tls");
  const results = s.tlsVersions;
  if (!results) return notReached(s, "tls-versions");

  const evidence: EvidenceItem[] = results.map((r) => ({ label: LABELS[r.version], value: describeResult(r) }));
  const is = (r: TlsVersionProbe, result: TlsVersionProbe["result"], group: readonly TlsVersionName[]) =>
    r.result === result && group.includes(r.version);
  const legacyAccepted = results.filter((r) => is(r, "accepted", LEGACY));
  const modernAccepted = results.filter((r) => is(r, "accepted", MODERN));
  const untested = results.filter((r) => r.result === "error");
  const allRejected = (group: readonly TlsVersionName[]) =>
    group.every((v) => results.some((r) => r.version === v && r.result === "rejected"));
  const firstError = untested.find((r) => r.stage !== null) ?? untested[0];
  const params = {
    accepted: names(results.filter((r) => r.result === "accepted")),
    rejected: names(results.filter((r) => r.result === "rejected")),
    legacy: names(legacyAccepted),
    modern: names(modernAccepted),
    untested: names(untested),
    stage: firstError?.stage ? STAGE_LABELS[firstError.stage] : "the TLS version tests",
    detail: cleanText(firstError?.detail ?? "", 200) || "no detail",
    starttls: s.tlsMode === "starttls" ? " -starttls smtp" : "",
  };
  const durationMs = results.reduce((sum, r) => sum + (r.fromSession ? 0 : r.ms), 0);
  const verdict = (outcome: Outcome): Verdict<Outcome> => ({ outcome, params, evidence, durationMs });

  // Accepted versions are facts whatever else failed; only missing answers can leave it open.
  if (legacyAccepted.length > 0 && modernAccepted.length > 0) return verdict("legacy-enabled");
  if (modernAccepted.length === 0) {
    return verdict(legacyAccepted.length > 0 && allRejected(MODERN) ? "legacy-only" : "partial");
  }
  return verdict(allRejected(LEGACY) ? "modern" : "partial");
}

export const tlsVersionsCheck = defineCheck({
  id: "tls-versions",
  scope: "session",
  after: "tls-versions",
  outcomes,
  evaluate,
});
