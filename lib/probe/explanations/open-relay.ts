import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

export const openRelayExplanations: CheckExplanations = {
  rejected: {
    title: "Not an open relay: relaying refused",
    why: 'We asked the server to take mail from {from} to {to}, two domains it has nothing to do with, and it refused ("{reply}"). That is correct: it only accepts mail for its own domains (or from authenticated users).',
    fix: "",
    learnMore: [RFC.relaying],
  },
  accepted: {
    title: "Open relay: it accepts mail for any domain",
    why: 'The server accepted a recipient at {to} from {from}, two outside domains ("{reply}"). Anyone can send spam through it; it will end up on blocklists within hours, and your own mail will stop being delivered. (We never sent a message: we stopped before DATA.)',
    fix: 'Allow relaying only for your own networks and authenticated users.\nPostfix: smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, and keep mynetworks to your own hosts (never 0.0.0.0/0).\nExim: in acl_smtp_rcpt, accept only domains = +local_domains : +relay_to_domains, or hosts = +relay_from_hosts, or authenticated = *; deny everything else.\nExchange: remove the "ms-Exch-SMTP-Accept-Any-Recipient" permission for Anonymous Logon from internet-facing receive connectors.\nIf the server accepts every recipient and bounces later, that is just as harmful (backscatter): reject at RCPT instead.',
    learnMore: [RFC.relaying],
  },
  temporary: {
    title: "Relay test deferred: {reply}",
    why: "The server answered with a 4xx code (try later), for example greylisting or a rate limit. Senders retry, and we could not see whether it would relay.",
    fix: "Run the test again in a few minutes. If you use greylisting, this is expected on a first attempt.",
    learnMore: [RFC.relaying, RFC.replies],
  },
  "mail-rejected": {
    title: "Relay not tested: sender refused ({reply})",
    why: "The server refused our sender address {from}, so we never got to ask for the outside recipient, which is where relaying is decided. A spammer with a different sender address or IP could get further, so this is not proof either way.",
    fix: "Nothing to do if the refusal is deliberate (sender verification, SPF policy, a blocklist). To be sure, check that relaying is restricted at RCPT (Postfix: reject_unauth_destination in smtpd_relay_restrictions; Exim: acl_smtp_rcpt).",
    learnMore: [RFC.relaying],
  },
  incomplete: {
    title: "Relay test interrupted: {message}",
    why: "The session broke off or the server gave an unusable answer during the relay test, so we could not tell whether it relays.",
    fix: "Run the test again. If it keeps happening, check the server's logs for this connection.",
    learnMore: [RFC.relaying],
  },
  "not-reached": NOT_REACHED,
};
