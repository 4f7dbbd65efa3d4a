import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

const DISABLE_LEGACY =
  "Before switching them off, see who still uses them: Postfix logs the version of every TLS session (grep -E 'TLSv1(\\.1)? with cipher' /var/log/mail.log).\nPostfix 3.6+: smtpd_tls_protocols = >=TLSv1.2 and smtpd_tls_mandatory_protocols = >=TLSv1.2 (older: !SSLv2, !SSLv3, !TLSv1, !TLSv1.1), then postfix reload.\nExim (OpenSSL): openssl_options = +no_sslv3 +no_tlsv1 +no_tlsv1_1.\nExchange / Windows: disable TLS 1.0 and 1.1 for the server in SCHANNEL (registry or IIS Crypto) and reboot.\nCheck by hand: openssl s_client -connect {ip}:{port}{starttls} -tls1_1 must fail.";

export const tlsVersionsExplanations: CheckExplanations = {
  modern: {
    title: "Only TLS 1.2 and newer accepted ({accepted})",
    why: "We tried each TLS version on its own connection. The server completed handshakes with {accepted} and refused {rejected}: TLS 1.0 and 1.1, deprecated by RFC 8996, are switched off.",
    fix: "",
    learnMore: [RFC.tlsDeprecation],
  },
  "legacy-enabled": {
    title: "TLS 1.0/1.1 still accepted ({legacy})",
    why: "Besides {modern}, the server still completes handshakes with {legacy}, which RFC 8996 deprecated in 2021. The risk for mail is real but modest: senders that support TLS 1.2 use it anyway, and TLS 1.2/1.3 downgrade protection keeps an attacker from pushing them down. What remains is that outdated senders and mail clients keep talking to you with SHA-1 and CBC-era cryptography instead of failing visibly (on 587/465 that protects passwords), and security scans and compliance rules (PCI DSS, BSI, internet.nl) flag it. Some operators keep 1.0 on port 25 on purpose, because for a very old sender weak encryption still beats plaintext; if that is your choice, this warning is its price.",
    fix: DISABLE_LEGACY,
    learnMore: [RFC.tlsDeprecation],
  },
  "legacy-only": {
    title: "No TLS 1.2 or newer: only {legacy}",
    why: "The server refused every handshake at TLS 1.2 and 1.3 and accepts only {legacy}, which RFC 8996 deprecated. Current OpenSSL, GnuTLS and Windows refuse these versions by default, so most senders cannot complete STARTTLS with you: they deliver in plaintext or, with MTA-STS or DANE, not at all.",
    fix: "Enable TLS 1.2 and 1.3. A server that cannot do TLS 1.2 runs a very old TLS library (OpenSSL before 1.0.1): upgrade the operating system or the mail server.\nIf the library is current, the protocols are restricted in the configuration: Postfix smtpd_tls_protocols / smtpd_tls_mandatory_protocols (use >=TLSv1.2), Exim openssl_options, Exchange SCHANNEL settings.\nCheck by hand: openssl s_client -connect {ip}:{port}{starttls} -tls1_2 must succeed.",
    learnMore: [RFC.tlsDeprecation],
  },
  partial: {
    title: "Could not test every TLS version (not tested: {untested})",
    why: "Each version needs a connection of its own, and not all of them got an answer: at {stage}, {detail}. That happens with connection limits, greylisting-style throttles or a server that drops unsupported versions without a TLS alert. So far it accepted {accepted} and refused {rejected}; the untested versions are not judged.",
    fix: "Run the probe again in a few minutes. To test a version by hand: openssl s_client -connect {ip}:{port}{starttls} -tls1 (or -tls1_1, -tls1_2, -tls1_3).\nIf the server limits connections per client, make sure a handful of sequential connections from one address are allowed (Postfix: smtpd_client_connection_rate_limit).",
    learnMore: [RFC.tlsDeprecation],
  },
  "not-reached": NOT_REACHED,
};
