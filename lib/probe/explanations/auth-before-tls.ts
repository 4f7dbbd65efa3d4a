import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

const AUTH_TLS_ONLY =
  "Offer AUTH only after STARTTLS.\nPostfix: smtpd_tls_auth_only = yes (with smtpd_sasl_auth_enable = yes where you want AUTH, usually only on 587/465 via master.cf).\nExim: auth_advertise_hosts set so that AUTH is advertised only when $tls_in_cipher is set, or server_advertise_condition in each authenticator.\nExchange: set the receive connector's AuthMechanism to include BasicAuthRequireTLS.";

export const authBeforeTlsExplanations: CheckExplanations = {
  none: {
    title: "No AUTH before TLS",
    why: "The server does not invite clients to log in before the connection is encrypted, so passwords cannot be sent in clear by mistake.",
    fix: "",
    learnMore: [RFC.implicitTls],
  },
  "plaintext-auth": {
    title: "Passwords accepted in clear text on port 587 ({cleartext})",
    why: "Before STARTTLS, the server advertises AUTH {mechanisms}. With {cleartext}, the password is only base64-encoded, readable by anyone on the path. A client that does not insist on TLS (or an attacker stripping STARTTLS) will send credentials in clear text. RFC 8314 says submission servers must not allow this.",
    fix: AUTH_TLS_ONLY,
    learnMore: [RFC.implicitTls, RFC.starttlsSecurity],
  },
  "plaintext-auth-mx": {
    title: "AUTH offered in clear text on port 25 ({cleartext})",
    why: "Before STARTTLS, the server advertises AUTH {mechanisms}. Port 25 is for server-to-server mail and rarely sees logins, but any client that does authenticate here risks sending its password in clear text, and attackers use it for password guessing.",
    fix:
      "Usually AUTH is not needed on port 25 at all: disable it there (Postfix: smtpd_sasl_auth_enable = no in main.cf, enabled per service in master.cf for submission). Otherwise, offer it only after TLS:\n" +
      AUTH_TLS_ONLY,
    learnMore: [RFC.implicitTls, RFC.starttlsSecurity],
  },
  "safe-mechanisms-only": {
    title: "Only challenge-response AUTH before TLS ({mechanisms})",
    why: "These mechanisms do not send the password itself, so it is not readable on the wire. A recorded exchange can still be attacked offline, and the login name is visible, so it is better to authenticate only over TLS.",
    fix: AUTH_TLS_ONLY,
    learnMore: [RFC.implicitTls],
  },
  "not-reached": NOT_REACHED,
};
