// For people whose mail is run by someone else (Microsoft 365, Google Workspace, a hosting
// company): they cannot edit main.cf, so each check says what to ask the provider instead.
import type { CheckId } from "../types";

export const HOSTED_NOTES: Record<CheckId, string> = {
  "mx-records":
    "If a provider hosts your mail, copy the MX records from its setup page into your DNS zone exactly as given; your DNS host's support can check them.",
  "mx-address":
    "If a provider hosts your mail, the MX name must be one it gave you; a name that does not resolve is usually a typo in your DNS zone or a record left over from an old provider.",
  "tcp-connect":
    "If a provider hosts your mail, send it this report's link: the port is closed or filtered on its side, or your MX records still point at a server that no longer takes mail.",
  banner:
    "If a provider hosts your mail, send it this report's link and the greeting quoted above; busy or refusing greetings are theirs to fix.",
  ehlo: "If a provider hosts your mail, send it this report's link: EHLO handling is part of its server configuration.",
  "starttls-offered":
    "If a provider hosts your mail, ask it to enable STARTTLS on its inbound servers, or move to one that offers it; every major provider does.",
  "tls-handshake":
    "If a provider hosts your mail, send it this report's link with the TLS error quoted above: the failed upgrade is on its side.",
  "tls-version": "If a provider hosts your mail, ask it to enable TLS 1.2 and 1.3 on its inbound servers.",
  "tls-versions":
    "If a provider hosts your mail, ask it to disable TLS 1.0 and 1.1 (RFC 8996) once its own compatibility needs allow.",
  "cert-trusted":
    "If a provider hosts your mail, ask it to install a certificate from a public CA with its full chain; if the MX is your own name on a shared server, ask whether it can issue one for that name.",
  "cert-hostname":
    "If a provider hosts your mail, use the MX host name it documents (its certificate covers that name) rather than a name of your own pointing at its servers.",
  "cert-expiry":
    "If a provider hosts your mail, send it this report's link: renewing the certificate is its job, and an expired one usually means its automatic renewal broke.",
  "cert-key":
    "If a provider hosts your mail, ask it to reissue the certificate with an RSA 2048+ or ECDSA key and a SHA-256 signature.",
  "ehlo-after-tls":
    "If a provider hosts your mail, send it this report's link: its server misbehaves after the TLS upgrade.",
  "auth-before-tls":
    "If a provider hosts your mail, ask it to offer AUTH only after STARTTLS (or only on port 465), and use the submission settings it documents in your mail apps.",
  names:
    "If a provider hosts your mail, reverse DNS for its addresses is its to set; reverse DNS for your own server's address is set by whoever owns the address (your ISP or cloud provider), not in your domain's zone.",
  "open-relay":
    "If a provider hosts your mail, tell it at once and send this report's link: an open relay gets its addresses, and your mail, blocklisted.",
};
