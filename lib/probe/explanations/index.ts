// Explanations as data, keyed <check id> → <outcome>. Isomorphic: no node: imports, the browser
// bundles this module. explain() fills {placeholders} from a CheckResult's params as plain text.
import type { CheckId, CheckResult } from "../types";
import { authBeforeTlsExplanations } from "./auth-before-tls";
import { bannerExplanations } from "./banner";
import { certExpiryExplanations } from "./cert-expiry";
import { certHostnameExplanations } from "./cert-hostname";
import { certKeyExplanations } from "./cert-key";
import { certTrustedExplanations } from "./cert-trusted";
import { ehloExplanations } from "./ehlo";
import { ehloAfterTlsExplanations } from "./ehlo-after-tls";
import { HOSTED_NOTES } from "./hosted";
import { mxAddressExplanations } from "./mx-address";
import { mxRecordsExplanations } from "./mx-records";
import { namesExplanations } from "./names";
import { openRelayExplanations } from "./open-relay";
import { starttlsOfferedExplanations } from "./starttls-offered";
import { tcpConnectExplanations } from "./tcp-connect";
import { tlsHandshakeExplanations } from "./tls-handshake";
import { tlsVersionExplanations } from "./tls-version";
import { tlsVersionsExplanations } from "./tls-versions";
import type { CheckExplanations, Explanation, LearnMoreLink } from "./types";

export { HOSTED_NOTES } from "./hosted";
export type { CheckExplanations, Explanation, LearnMoreLink } from "./types";

export const EXPLANATIONS: Record<CheckId, CheckExplanations> = {
  "mx-records": mxRecordsExplanations,
  "mx-address": mxAddressExplanations,
  "tcp-connect": tcpConnectExplanations,
  banner: bannerExplanations,
  ehlo: ehloExplanations,
  "starttls-offered": starttlsOfferedExplanations,
  "tls-handshake": tlsHandshakeExplanations,
  "tls-version": tlsVersionExplanations,
  "tls-versions": tlsVersionsExplanations,
  "cert-trusted": certTrustedExplanations,
  "cert-hostname": certHostnameExplanations,
  "cert-expiry": certExpiryExplanations,
  "cert-key": certKeyExplanations,
  "ehlo-after-tls": ehloAfterTlsExplanations,
  "auth-before-tls": authBeforeTlsExplanations,
  names: namesExplanations,
  "open-relay": openRelayExplanations,
};

/** Short human names for each check, e.g. for row headings. */
export const CHECK_TITLES: Record<CheckId, string> = {
  "mx-records": "MX records",
  "mx-address": "MX host address",
  "tcp-connect": "TCP connection",
  banner: "SMTP greeting",
  ehlo: "EHLO and capabilities",
  "starttls-offered": "STARTTLS offered",
  "tls-handshake": "TLS handshake",
  "tls-version": "TLS version",
  "tls-versions": "TLS versions accepted",
  "cert-trusted": "TLS certificate trusted",
  "cert-hostname": "Certificate matches host name",
  "cert-expiry": "Certificate expiry",
  "cert-key": "Certificate key and signature",
  "ehlo-after-tls": "EHLO after TLS",
  "auth-before-tls": "No AUTH before TLS",
  names: "Server names and reverse DNS",
  "open-relay": "Open relay test",
};

export interface ExplainedResult {
  title: string;
  why: string;
  fix: string;
  /** What to ask the provider when the mail is hosted by someone else (one note per check). */
  hosted: string;
  learnMore: LearnMoreLink[];
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * Replace {name} with params[name]. Single pass, so text coming from a server can never be
 * expanded again; unknown names stay visible as "{name}" so a gap is noticed, not hidden.
 */
export function fillPlaceholders(text: string, params: Record<string, string | number>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

function lookup(result: Pick<CheckResult, "id" | "outcome">): Explanation | undefined {
  const forCheck = Object.hasOwn(EXPLANATIONS, result.id) ? EXPLANATIONS[result.id] : undefined;
  return forCheck && Object.hasOwn(forCheck, result.outcome) ? forCheck[result.outcome] : undefined;
}

export function explain(result: Pick<CheckResult, "id" | "outcome" | "params">): ExplainedResult {
  const entry = lookup(result);
  const params = result.params ?? {};
  if (!entry) {
    // A report from a newer (or older) version may carry outcomes we do not know: degrade.
    const name = Object.hasOwn(CHECK_TITLES, result.id) ? CHECK_TITLES[result.id] : String(result.id);
    return { title: `${name}: ${result.outcome}`, why: "", fix: "", hosted: "", learnMore: [] };
  }
  return {
    title: fillPlaceholders(entry.title, params),
    why: fillPlaceholders(entry.why, params),
    fix: fillPlaceholders(entry.fix, params),
    hosted: Object.hasOwn(HOSTED_NOTES, result.id) ? HOSTED_NOTES[result.id as CheckId] : "",
    learnMore: entry.learnMore ?? [],
  };
}
