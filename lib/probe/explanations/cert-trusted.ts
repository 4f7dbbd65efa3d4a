import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

const CERT_FIX =
  "Get a certificate from a public CA for the MX host name (e.g. Let's Encrypt with certbot or acme.sh) and configure the full chain: leaf first, then intermediates.\nPostfix: smtpd_tls_chain_files = /path/privkey.pem, /path/fullchain.pem (or smtpd_tls_cert_file = fullchain.pem with smtpd_tls_key_file).\nExim: tls_certificate = fullchain.pem, tls_privatekey = privkey.pem.\nExchange: import the certificate with its chain and Enable-ExchangeCertificate -Services SMTP.\nReload the service afterwards.";

export const certTrustedExplanations: CheckExplanations = {
  trusted: {
    title: "Certificate issued by a trusted CA ({issuer})",
    why: "The chain the server sent leads to a root that senders trust, so senders that verify (MTA-STS, mail clients on 587/465) accept it. Its dates and name are judged separately.",
    fix: "",
    learnMore: [RFC.pkix],
  },
  "self-signed": {
    title: "Self-signed certificate ({subject})",
    why: "The certificate vouches for itself, so nobody can tell it from an attacker's. Many MTAs still encrypt on port 25 without checking, but senders using MTA-STS refuse it, and mail clients show warnings or refuse to send.",
    fix: CERT_FIX,
    learnMore: [RFC.pkix],
  },
  "unknown-ca": {
    title: "Certificate issued by an unknown CA ({issuer})",
    why: "The chain ends at a CA that public trust stores do not include (a private or internal CA, or a root that was removed). Senders that verify will refuse it, as with a self-signed certificate.",
    fix: CERT_FIX,
    learnMore: [RFC.pkix],
  },
  "incomplete-chain": {
    title: "Intermediate certificate missing ({issuer})",
    why: "The certificate is from a trusted CA, but the server sent only the leaf, without the intermediate that links it to the root. Browsers sometimes download the missing piece; mail senders do not, so many cannot build the chain and treat the certificate as untrusted.",
    fix: "Serve the full chain, not just the certificate: use fullchain.pem (not cert.pem) from Let's Encrypt, or append the CA's intermediate to your certificate file.\nPostfix: smtpd_tls_chain_files = /path/privkey.pem, /path/fullchain.pem.\nExim: tls_certificate = /path/fullchain.pem.\nCheck with \"openssl s_client -starttls smtp -connect {ip}:{port} -showcerts\": you should see at least two certificates.",
    learnMore: [RFC.pkix],
  },
  "not-reached": NOT_REACHED,
};
