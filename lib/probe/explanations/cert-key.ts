import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

const NEW_KEY =
  "Create a new key and have the certificate reissued for it: ECDSA P-256 (certbot --key-type ecdsa, or openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256) or RSA 2048/3072 (openssl req -new -newkey rsa:3072).\nInstall key and full chain together (Postfix: smtpd_tls_chain_files = /path/privkey.pem, /path/fullchain.pem) and reload the mail server.\nThe old key may have been exposed for years: replace it rather than keeping it for other services.";

export const certKeyExplanations: CheckExplanations = {
  ok: {
    title: "Strong certificate key ({key}), signed with {signature}",
    why: "The key is large enough (RSA from {minRsa} bits, or an elliptic curve of 256 bits and more) and no certificate in the chain relies on an MD5 or SHA-1 signature.",
    fix: "",
    learnMore: [RFC.pkix],
  },
  "weak-key": {
    title: "Weak certificate key: {key}",
    why: "RSA keys under {minRsa} bits (and DSA or small curves) are within reach of a determined attacker who wants to impersonate the server. Public CAs stopped issuing them years ago, and current TLS libraries at their default security level refuse them, so senders that verify may fail the handshake instead of encrypting.",
    fix: NEW_KEY,
    learnMore: [RFC.pkix],
  },
  "weak-signature": {
    title: "{which} is signed with {hash} ({weakSignature})",
    why: "Collisions in {hash} can be computed (for SHA-1 since 2017, for MD5 long before), which lets an attacker forge a certificate carrying the same signature. Public CAs stopped such signatures and current TLS libraries reject them, so senders that verify treat the certificate as invalid.",
    fix: "Have the certificate reissued: any current CA signs with SHA-256 or better.\nIf the weak signature is on an intermediate, your chain file carries an outdated intermediate: download the CA's current one and rebuild the full chain (Let's Encrypt: use fullchain.pem as renewed).\nCheck with openssl s_client -connect {ip}:{port}{starttls} -showcerts | openssl x509 -noout -text | grep 'Signature Algorithm'.",
    learnMore: [RFC.pkix],
  },
  unknown: {
    title: "Certificate key could not be judged ({key})",
    why: "We could not tell the type or size of the certificate's public key, so we cannot say whether it is strong enough. This is not a fault of the server in itself.",
    fix: 'Look at the certificate by hand: openssl s_client -connect {ip}:{port}{starttls} -showcerts | openssl x509 -noout -text, and check "Public-Key" (RSA 2048 bits or more, or EC P-256 or larger).',
    learnMore: [RFC.pkix],
  },
  "not-reached": NOT_REACHED,
};
