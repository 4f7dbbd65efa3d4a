import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

const RENEW =
  "Renew the certificate and reload the mail server so it uses the new file (Postfix: postfix reload; Exim: restart; Exchange: Enable-ExchangeCertificate -Services SMTP for the new one). With Let's Encrypt, make sure the renewal runs (certbot renew --dry-run) and has a deploy hook that reloads the mail server, not only the web server.";

export const certExpiryExplanations: CheckExplanations = {
  valid: {
    title: "Certificate valid until {validTo} ({daysText} left)",
    why: "The certificate is within its validity period.",
    fix: "",
    learnMore: [RFC.validity],
  },
  "expiring-soon": {
    title: "Certificate expires in {daysText} ({validTo})",
    why: "In under two weeks, senders that verify certificates (MTA-STS, mail clients) will start refusing it. Automatic renewal normally renews 30 days ahead, so it may have stopped working.",
    fix: RENEW,
    learnMore: [RFC.validity],
  },
  expired: {
    title: "Certificate expired on {validTo} ({daysText} ago)",
    why: "Senders that verify certificates (MTA-STS, mail clients on 587/465) refuse expired ones, and many others warn. If renewal ran but the server still shows the old certificate, it was not reloaded.",
    fix: RENEW,
    learnMore: [RFC.validity],
  },
  "not-yet-valid": {
    title: "Certificate not valid until {validFrom}",
    why: "The certificate's validity starts in {daysText}. Verifying senders refuse it until then. This usually means a wrong clock on the machine that issued or installed it, or a certificate installed too early.",
    fix: "Check the server's clock (NTP) and the certificate's dates (openssl x509 -noout -dates -in cert.pem). Serve the previous valid certificate until the new one is valid.",
    learnMore: [RFC.validity],
  },
  unknown: {
    title: "Certificate dates could not be read",
    why: "The certificate's validity period was missing or unreadable, so we cannot judge its dates.",
    fix: 'Inspect the certificate with "openssl s_client -starttls smtp -connect {ip}:{port} | openssl x509 -noout -dates".',
    learnMore: [RFC.validity],
  },
  "not-reached": NOT_REACHED,
};
