import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

export const starttlsOfferedExplanations: CheckExplanations = {
  offered: {
    title: "STARTTLS offered",
    why: "The server advertises STARTTLS, so senders can encrypt mail on its way here.",
    fix: "",
    learnMore: [RFC.starttls],
  },
  "not-offered": {
    title: "STARTTLS not offered on port {port}",
    why: "The server accepted EHLO but did not advertise STARTTLS, so every message to it crosses the network in clear text, readable and alterable on the way. Senders that require TLS (MTA-STS, DANE) will not deliver at all. On port 587, clients would send passwords in clear.",
    fix: "Install a certificate and enable STARTTLS.\nPostfix: smtpd_tls_chain_files = /etc/ssl/private/mail-key.pem, /etc/ssl/private/mail-fullchain.pem (or smtpd_tls_cert_file and smtpd_tls_key_file) and smtpd_tls_security_level = may (encrypt on 587).\nExim: tls_certificate, tls_privatekey and tls_advertise_hosts = *.\nExchange: assign a certificate to the SMTP service (Enable-ExchangeCertificate -Services SMTP).\nIf a firewall does SMTP inspection, it may be removing STARTTLS from the reply: turn that off.",
    learnMore: [RFC.starttls],
  },
  "no-esmtp": {
    title: "No STARTTLS possible: the server speaks only HELO",
    why: "The server refused EHLO, and STARTTLS is an ESMTP extension, so mail to this server cannot be encrypted. We could not tell whether the server would offer STARTTLS to other senders.",
    fix: "Enable ESMTP first (see the EHLO check), then configure STARTTLS with a certificate (Postfix: smtpd_tls_chain_files and smtpd_tls_security_level = may).",
    learnMore: [RFC.starttls, RFC.ehlo],
  },
  "not-reached": NOT_REACHED,
};
