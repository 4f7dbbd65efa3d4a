import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

export const ehloExplanations: CheckExplanations = {
  ok: {
    title: "EHLO accepted by {server}",
    why: "The server speaks ESMTP, the extended SMTP every modern feature depends on. Its capabilities (message size limit, 8BITMIME, SMTPUTF8, STARTTLS, AUTH…) are listed in the evidence.",
    fix: "",
    learnMore: [RFC.ehlo],
  },
  "helo-only": {
    title: "EHLO refused, only HELO works",
    why: 'The server refused EHLO ("{ehloReply}") but accepted the old HELO. Without ESMTP there are no extensions: no STARTTLS, so mail to this server can never be encrypted, and no SIZE, 8BITMIME or SMTPUTF8.',
    fix: 'Current Postfix, Exim and Exchange all speak ESMTP by default, so look for what is in between: a firewall doing SMTP inspection (e.g. Cisco PIX "fixup smtp" or ASA "inspect esmtp") rewrites or refuses EHLO; turn that inspection off. Otherwise upgrade the mail server software.',
    learnMore: [RFC.ehlo],
  },
  rejected: {
    title: "EHLO and HELO both refused: {reply}",
    why: "The server refused both greetings with a permanent error, so no SMTP session is possible from here. If the text mentions our name or address, it may be a policy against the probe rather than all senders.",
    fix: "Read the quoted reply. Strict HELO checks (Postfix: reject_invalid_helo_hostname, reject_unknown_helo_hostname in smtpd_helo_restrictions; Exim: acl_smtp_helo) can refuse legitimate senders; keep them to clearly invalid names.",
    learnMore: [RFC.ehlo, RFC.replies],
  },
  temporary: {
    title: "EHLO temporarily refused: {reply}",
    why: "The server answered with a 4xx code: try again later. That is usually rate limiting or greylisting, so we could not see its capabilities. Senders retry, so this is not a failure by itself.",
    fix: "If it persists, check the server's rate limits and logs for this connection. Run the test again later.",
    learnMore: [RFC.ehlo, RFC.replies],
  },
  timeout: {
    title: "No answer to EHLO in time",
    why: "The server greeted us but did not answer EHLO ({message}). A slow or overloaded server, or a tarpit, behaves like this; we could not see its capabilities.",
    fix: "Check the server's load and whether it does slow lookups (reverse DNS, RBL, HELO name checks) before answering EHLO. Run the test again later.",
    learnMore: [RFC.ehlo],
  },
  closed: {
    title: "Connection closed at EHLO",
    why: "The server ended the session instead of answering EHLO ({message}). It may be refusing our probe (a connection limit, a policy on the EHLO name) or be overloaded; we cannot tell how it treats other senders.",
    fix: "Check the server's logs for this connection. Policies that drop the connection at EHLO should answer with a clear SMTP reply instead.",
    learnMore: [RFC.ehlo],
  },
  unexpected: {
    title: "Unexpected answer to EHLO: {reply}",
    why: "The reply was neither an acceptance nor a clear refusal, so we could not tell whether ESMTP works.",
    fix: 'Try "EHLO test.example" by hand (e.g. "nc {ip} {port}" or "openssl s_client -starttls smtp -connect {ip}:{port}") and check the server\'s logs. A protocol-inspecting firewall in front of the server is a common cause.',
    learnMore: [RFC.ehlo, RFC.replies],
  },
  "not-reached": NOT_REACHED,
};
