import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

const SENDS_ONLY =
  "This concerns the server's reputation when it SENDS mail: receiving works without it, and the MX name ({mx}) never has to equal the PTR.";

const SET_PTR =
  "Only whoever controls the reverse zone of {ip} can change its PTR: your hosting or cloud provider (often a setting in its control panel) or your ISP. Ask for a PTR to the server's host name, and make sure that name has an A/AAAA record with {ip}.";

export const namesExplanations: CheckExplanations = {
  consistent: {
    title: "Reverse DNS points back and matches the server name {name}",
    why: "The PTR of {ip} ({confirmed}) resolves back to {ip}, and the server greets with that same name. This is what receivers check when this host sends mail (forward-confirmed reverse DNS and a matching HELO name), so it looks like a properly run mail server.",
    fix: "",
    learnMore: [RFC.reverseDns, RFC.ehlo],
  },
  "ptr-mismatch": {
    title: "Reverse DNS ({confirmed}) differs from the server name {name}",
    why: `The PTR of {ip} is {confirmed} and it points back, which is the part receivers care about most. The server calls itself {name} instead. For receiving mail that is fine: senders do not compare these names. It matters only if this host also sends mail announcing {name} in HELO, because some filters score a HELO name that does not match the PTR. ${SENDS_ONLY}`,
    fix: "Nothing to do if this host only receives. If it also sends, make its HELO name the PTR name (or another name that resolves to {ip}): Postfix myhostname or smtp_helo_name; Exim primary_hostname or helo_data on the smtp transport; Exchange the send connector's FQDN. Or have the PTR changed to the server's name.",
    learnMore: [RFC.reverseDns, RFC.ehlo],
  },
  "greeting-mismatch": {
    title: "Greeting name {greetingHost} differs from EHLO name {ehloHost}",
    why: "RFC 5321 expects the server's own fully qualified name at the start of both the 220 greeting and the EHLO reply; here they differ. No delivery breaks because of it, but it usually means a hand-edited banner or a proxy or firewall answering one of the two, and it makes logs and reports harder to follow.",
    fix: "Use the host name in both. Postfix: smtpd_banner = $myhostname ESMTP. Exim: smtp_banner starting with $primary_hostname. Exchange: the receive connector's FQDN. If a load balancer or SMTP proxy speaks first, give it the same name.",
    learnMore: [RFC.greeting, RFC.replies, RFC.ehlo],
  },
  "not-fqdn": {
    title: "The server calls itself {name}, not a fully qualified name",
    why: "In its EHLO reply (or greeting) the server names itself {name}: a default such as localhost, a bare word, an address or a private-use name, where RFC 5321 expects its public fully qualified domain name. Receiving still works, but a server usually announces the same name in HELO when it sends, and many receivers refuse or score down HELO names that are not fully qualified (Postfix's reject_non_fqdn_helo_hostname, for one).",
    fix: "Give the server a public host name that resolves to {ip}, ideally the name in its PTR record. Postfix: myhostname in main.cf. Exim: primary_hostname. Exchange: the connector FQDN. Then check that greeting, EHLO and PTR agree.",
    learnMore: [RFC.ehlo, RFC.reverseDns],
  },
  "no-ptr": {
    title: "No reverse DNS (PTR) for {ip}",
    why: `{ip} has no PTR record. If this host also sends mail, many receivers, large mailbox providers among them, refuse or score down mail from an address without reverse DNS, because dynamic and hijacked addresses usually have none. ${SENDS_ONLY}`,
    fix: SET_PTR,
    learnMore: [RFC.reverseDns],
  },
  "not-confirmed": {
    title: "Reverse DNS of {ip} does not point back ({ptr})",
    why: `{ip} has a PTR ({ptr}), but that name does not resolve back to {ip}. Receivers trust only forward-confirmed reverse DNS, where the PTR name's A/AAAA records include the address, since whoever holds a reverse zone can claim any name. Many treat a PTR that does not confirm like no PTR at all. ${SENDS_ONLY}`,
    fix: `Add {ip} to the A/AAAA records of the PTR name, or have the PTR changed to a name that already resolves to {ip}. ${SET_PTR}`,
    learnMore: [RFC.reverseDns],
  },
  "dns-error": {
    title: "Reverse DNS of {ip} could not be checked",
    why: "The reverse lookup did not complete ({message}), so we cannot tell whether a PTR exists and points back. Usually the reverse zone at the address owner is slow or broken, or the resolver failed.",
    fix: "Run the test again later. If it persists, look it up yourself: dig -x {ip}, then the A/AAAA of the name it returns. A SERVFAIL or timeout on the reverse zone is for whoever runs the address block (hosting provider or ISP) to fix.",
    learnMore: [RFC.reverseDns],
  },
  "not-reached": NOT_REACHED,
};
