import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

const PROTOCOLS_FIX =
  "Allow only TLS 1.2 and 1.3.\nPostfix 3.6+: smtpd_tls_protocols = >=TLSv1.2 and smtpd_tls_mandatory_protocols = >=TLSv1.2 (older: !SSLv2, !SSLv3, !TLSv1, !TLSv1.1).\nExim (OpenSSL): openssl_options = +no_sslv3 +no_tlsv1 +no_tlsv1_1.\nExchange / Windows: enable TLS 1.2 in SCHANNEL and disable TLS 1.0/1.1.\nAn old OpenSSL may not support TLS 1.2 at all: then upgrade the operating system.";

export const tlsVersionExplanations: CheckExplanations = {
  tls13: {
    title: "TLS 1.3",
    why: "The current version of TLS: the fastest handshake and only strong ciphers.",
    fix: "",
  },
  tls12: {
    title: "TLS 1.2",
    why: "TLS 1.2 is secure with current ciphers and is what most mail servers use. TLS 1.3 is better still.",
    fix: "Optional: enable TLS 1.3, which comes with OpenSSL 1.1.1 or later.",
    learnMore: [RFC.tlsDeprecation],
  },
  tls11: {
    title: "Only TLS 1.1: deprecated",
    why: "TLS 1.1 was formally deprecated by RFC 8996 in 2021. Even offering everything up to TLS 1.3, we got {protocol}, so this is the best the server can do. Modern clients and MTA-STS senders refuse it.",
    fix: PROTOCOLS_FIX,
    learnMore: [RFC.tlsDeprecation],
  },
  tls10: {
    title: "Only TLS 1.0: deprecated",
    why: "TLS 1.0 is from 1999 and was deprecated by RFC 8996; it has known weaknesses (BEAST, weak hashes). Even offering everything up to TLS 1.3, we got {protocol}. Modern clients and MTA-STS senders refuse it.",
    fix: PROTOCOLS_FIX,
    learnMore: [RFC.tlsDeprecation],
  },
  ssl: {
    title: "{protocol}: broken encryption",
    why: "SSL 3.0 and earlier are broken (POODLE) and prohibited. Mail encrypted this way should be considered readable by an attacker on the path.",
    fix: PROTOCOLS_FIX,
    learnMore: [RFC.tlsDeprecation],
  },
  unknown: {
    title: "Unknown TLS version: {protocol}",
    why: "The handshake completed but reported a protocol version we do not recognise, so we cannot judge it.",
    fix: 'Check the server with "openssl s_client -starttls smtp -connect {ip}:{port}" and compare the reported protocol.',
    learnMore: [RFC.tlsDeprecation],
  },
  "not-reached": NOT_REACHED,
};
