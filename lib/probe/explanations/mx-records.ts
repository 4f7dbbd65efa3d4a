import { RFC } from "./rfc";
import type { CheckExplanations } from "./types";

export const mxRecordsExplanations: CheckExplanations = {
  found: {
    title: "MX records found: {hosts}",
    why: "Senders look up the MX records of {domain} to learn which servers accept its mail, and try them from the lowest preference number up. Each of those hosts is tested below.",
    fix: "",
    learnMore: [RFC.mxLookup],
  },
  implicit: {
    title: "No MX records: mail goes to {domain} itself",
    why: 'Without MX records, senders fall back to the domain\'s own A/AAAA addresses (the "implicit MX" of RFC 5321 §5.1). That works, but it ties mail to whatever hosts the website, and some senders treat a domain without MX as suspicious.',
    fix: 'Publish an explicit MX record, even if it points to the same host, e.g. "{domain}. IN MX 10 mail.{domain}." with an A/AAAA record for mail.{domain}. If the domain never receives mail, publish a null MX instead ("{domain}. IN MX 0 .").',
    learnMore: [RFC.mxLookup, RFC.nullMx],
  },
  "null-mx": {
    title: "{domain} publishes a null MX: it accepts no mail",
    why: 'The single MX record "0 ." (RFC 7505) tells every sender that {domain} does not receive email. Senders bounce mail for it at once instead of retrying for days. That is correct for a domain that should get no mail, and a serious error otherwise.',
    fix: 'If {domain} should receive mail, remove the "MX 0 ." record and publish MX records that name your mail servers, e.g. "{domain}. IN MX 10 mail.{domain}.". If the domain really sends and receives nothing, this is the right setting.',
    learnMore: [RFC.nullMx],
  },
  none: {
    title: "No mail server for {domain}: no MX and no address",
    why: "{domain} has neither MX records nor A/AAAA records to fall back to, so senders have nowhere to deliver and will bounce mail addressed to it.",
    fix: 'Publish MX records naming your mail servers (e.g. "{domain}. IN MX 10 mail.{domain}.") and make sure each of those names has an A or AAAA record. If the domain should receive no mail, publish a null MX ("{domain}. IN MX 0 .") so senders fail fast.',
    learnMore: [RFC.mxLookup, RFC.nullMx],
  },
  nxdomain: {
    title: "The domain {domain} does not exist",
    why: "DNS answered NXDOMAIN: the name is not registered or not delegated, so nobody can send mail to it. Check the spelling first.",
    fix: "Check the domain name for typos. If it is yours, check the registration and the delegation (the NS records at the parent zone) and that your DNS provider serves the zone.",
    learnMore: [RFC.mxLookup],
  },
  "dns-error": {
    title: "DNS lookup for {domain} failed: {error}",
    why: "We could not get an answer about {domain}'s mail servers ({message}). That may be a temporary problem of a resolver or of the domain's name servers; senders hitting the same error will queue mail and retry.",
    fix: 'Try again in a few minutes. If it persists, check that all name servers of {domain} answer (e.g. "dig +trace MX {domain}") and, if you use DNSSEC, that signatures have not expired.',
    learnMore: [RFC.mxLookup],
  },
  ip: {
    title: "Testing the address {domain} directly",
    why: "An IP address was given, so no DNS lookup was made: the server at that address is tested as it is. Name-based checks (certificate name, MX records) cannot be judged against a domain.",
    fix: "To test what senders see, enter the mail domain (or the MX host name) instead of the address.",
  },
};
