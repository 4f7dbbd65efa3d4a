import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

export const bannerExplanations: CheckExplanations = {
  ok: {
    title: "Greeted with 220 after {seconds} s",
    why: 'The server opened the session with a 220 greeting ("{reply}"), ready for mail. A short delay is normal; some servers wait on purpose to catch clients that talk too early.',
    fix: "",
    learnMore: [RFC.greeting],
  },
  "rejected-554": {
    title: "Greeting refused with 554: no SMTP service here",
    why: 'The server greeted with "{reply}". A 554 greeting means it will not accept any mail on this connection. Senders treat it as permanent. If the text names a blocklist or policy, it may be refusing only some clients, including ours.',
    fix: "If this host should receive mail, find why it sends 554 on connect: postscreen or smtpd_client_restrictions in Postfix, a connect ACL (acl_smtp_connect) in Exim, connection filtering in Exchange. If it is a blocklist hit, check the listed address. If this host should not receive mail, remove it from the MX records.",
    learnMore: [RFC.greeting, RFC.replies],
  },
  "busy-421": {
    title: "Server busy: greeting was 421",
    why: 'The server answered "{reply}": service not available right now. This is a temporary refusal, often rate limiting, too many connections or a greylisting-style delay. Senders retry later, so we cannot tell how it treats them.',
    fix: "If it persists, check the server's connection limits (Postfix: smtpd_client_connection_count_limit, anvil rates, postscreen; Exim: smtp_accept_max, smtp_accept_max_per_host) and its logs for the reason. Try the test again later.",
    learnMore: [RFC.greeting, RFC.replies],
  },
  timeout: {
    title: "No greeting within {seconds} s",
    why: "The connection was accepted but the server said nothing. Some servers delay the greeting on purpose or are overloaded; a tarpit behaves the same. Senders usually wait up to 5 minutes, so we cannot say mail would fail.",
    fix: "Check that the service on port {port} is an SMTP server and that it is not stuck (e.g. a slow reverse DNS lookup before greeting: Postfix smtpd and Exim both look up the client's name). Look for a load balancer or proxy that accepts connections without a healthy backend.",
    learnMore: [RFC.greeting],
  },
  closed: {
    title: "Connection closed before any greeting",
    why: "The server accepted the TCP connection and then closed it without a word ({message}). That is typical of a client blocklist, a connection limit or a proxy without a backend; we cannot tell which, and other senders may be treated differently.",
    fix: "Check the server's logs for this connection and any connection-level filter (postscreen, fail2ban, firewall rate limits, a load balancer health check).",
    learnMore: [RFC.greeting],
  },
  unexpected: {
    title: "Unexpected greeting: {reply}",
    why: "A mail server must open with 220 (ready), 421 (busy) or 554 (no service). We got something else, so we cannot tell whether this port runs a working SMTP server.",
    fix: 'Check what listens on port {port} (e.g. "openssl s_client -connect {ip}:{port}" for TLS, "nc {ip} {port}" for plaintext). Port 465 expects TLS from the first byte; 25 and 587 expect a plaintext 220 greeting.',
    learnMore: [RFC.greeting, RFC.replies],
  },
  "not-reached": NOT_REACHED,
};
