import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

export const certHostnameExplanations: CheckExplanations = {
  match: {
    title: "Certificate matches {host}",
    why: "The certificate name {name} covers {host}, the host senders connect to, so verifying senders (MTA-STS, DANE with name checks, mail clients) accept it.",
    fix: "",
    learnMore: [RFC.serviceIdentity],
  },
  mismatch: {
    title: "Certificate does not name {host}",
    why: "Senders connect to {host}, but the certificate is for {names}. Verifying senders (MTA-STS, mail clients) refuse a certificate for another name, as it could belong to anyone. A wildcard covers one label only: *.example.com matches mx.example.com, not example.com or a.mx.example.com.",
    fix: "Get a certificate that includes {host} as a Subject Alternative Name (e.g. certbot certonly -d {host}), or point the MX record at a name the certificate covers. On servers answering for several names, make sure the certificate for the MX name is the default one: SMTP senders often do not send SNI.",
    learnMore: [RFC.serviceIdentity],
  },
  "ip-target": {
    title: "Tested by IP address: no host name to match",
    why: "We connected to {ip} directly, so there is no host name to compare with the certificate ({names}). Senders connect by MX host name, so this cannot be judged from an address.",
    fix: "Test the mail domain or the MX host name to have the certificate name checked.",
    learnMore: [RFC.serviceIdentity],
  },
  "not-reached": NOT_REACHED,
};
