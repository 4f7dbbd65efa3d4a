// The only outside links in explanations: the RFCs themselves, on rfc-editor.org.
import type { LearnMoreLink } from "./types";

const rfc = (n: number, label: string, section?: string): LearnMoreLink => ({
  label,
  href: `https://www.rfc-editor.org/rfc/rfc${n}${section ? `#section-${section}` : ""}`,
});

export const RFC = {
  smtp: rfc(5321, "RFC 5321: SMTP"),
  mxLookup: rfc(5321, "RFC 5321 §5.1: locating the mail server", "5.1"),
  greeting: rfc(5321, "RFC 5321 §3.1: session initiation", "3.1"),
  ehlo: rfc(5321, "RFC 5321 §4.1.1.1: EHLO and HELO", "4.1.1.1"),
  replies: rfc(5321, "RFC 5321 §4.2: SMTP replies", "4.2"),
  relaying: rfc(5321, "RFC 5321 §3.6: relaying", "3.6"),
  starttls: rfc(3207, "RFC 3207: SMTP over TLS (STARTTLS)"),
  starttlsResult: rfc(3207, "RFC 3207 §4.2: after STARTTLS", "4.2"),
  starttlsSecurity: rfc(3207, "RFC 3207 §6: security considerations", "6"),
  implicitTls: rfc(8314, "RFC 8314: TLS for email submission and access"),
  nullMx: rfc(7505, "RFC 7505: null MX"),
  tlsDeprecation: rfc(8996, "RFC 8996: TLS 1.0 and 1.1 deprecated"),
  serviceIdentity: rfc(6125, "RFC 6125 §6.4: matching DNS names", "6.4"),
  pkix: rfc(5280, "RFC 5280: certificates and path validation"),
  validity: rfc(5280, "RFC 5280 §4.1.2.5: validity period", "4.1.2.5"),
  reverseDns: rfc(1912, "RFC 1912 §2.1: PTR records that match the host name", "2.1"),
} as const;

/** Shared wording for "not-reached" outcomes, which mean the same thing for every check. */
export const NOT_REACHED = {
  title: "Not tested: the session stopped at {stage}",
  why: "This check needs a later step of the SMTP session, but the session stopped at {stage} ({reason}). The check for that step says what happened and whether the server is at fault.",
  fix: "Look at the first check above that is not green for this address and port; once that step works, this check runs too.",
};
