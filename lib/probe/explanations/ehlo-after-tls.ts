import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

export const ehloAfterTlsExplanations: CheckExplanations = {
  ok: {
    title: "EHLO accepted over TLS",
    why: "After TLS, the client must forget what it learned before and ask again: the server may offer more once the channel is encrypted (typically AUTH). The capabilities over TLS are listed in the evidence.",
    fix: "",
    learnMore: [RFC.starttlsResult],
  },
  rejected: {
    title: "EHLO refused after TLS: {reply}",
    why: "The server accepted EHLO in plaintext but refuses it on the encrypted channel, so senders cannot continue over TLS. They may retry without TLS or give up. If the text mentions our name, it may be a policy against the probe only.",
    fix: "Check the server's HELO/EHLO restrictions and its logs for this connection: the same EHLO should be accepted before and after STARTTLS (Postfix: smtpd_helo_restrictions; Exim: acl_smtp_helo).",
    learnMore: [RFC.starttlsResult],
  },
  temporary: {
    title: "EHLO after TLS temporarily refused: {reply}",
    why: "The server answered EHLO over TLS with a 4xx code (try later), so we could not see its capabilities over TLS.",
    fix: "Check the server's rate limits and logs, and run the test again later.",
    learnMore: [RFC.starttlsResult, RFC.replies],
  },
  none: {
    title: "No answer to EHLO after TLS",
    why: "TLS was established but the server did not answer the new EHLO ({message}). We could not tell whether mail can go through over TLS.",
    fix: 'Check the server\'s log for TLS session errors at the time of the test, and test by hand with "openssl s_client -starttls smtp -connect {ip}:{port}", then type EHLO.',
    learnMore: [RFC.starttlsResult],
  },
  "not-reached": NOT_REACHED,
};
