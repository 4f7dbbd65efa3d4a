import { RFC } from "./rfc";
import type { CheckExplanations } from "./types";

export const mxAddressExplanations: CheckExplanations = {
  resolved: {
    title: "{host} resolves: testing {addresses}",
    why: "Senders connect to the A/AAAA addresses of each MX host. Every address listed is a door mail may come through, so each one should behave the same.",
    fix: "",
    learnMore: [RFC.mxLookup],
  },
  "no-address": {
    title: "MX host {host} does not resolve",
    why: 'The MX record points to {host}, but that name has no A or AAAA record (a "dangling MX"). Senders will try, fail and retry for days before bouncing; if it is your only MX, no mail arrives.',
    fix: "Add an A (and AAAA if you have IPv6) record for {host}, or change the MX record to a host name that has one. An MX must name a host, not an IP address or a CNAME.",
    learnMore: [RFC.mxLookup],
  },
  "dns-error": {
    title: "Address lookup for {host} failed: {error}",
    why: "We could not resolve {host} ({message}). This may be temporary; senders will queue mail and retry, but a lasting failure delays all mail for this MX.",
    fix: 'Try again later. If it persists, check that the name servers for {host} answer A and AAAA queries (e.g. "dig A {host}" and "dig AAAA {host}").',
    learnMore: [RFC.mxLookup],
  },
  blocked: {
    title: "Not tested: {host} resolves only to addresses we do not probe",
    why: "{host} resolves to {addresses}, and our safety rules do not connect to these ({reasons}). We could not test this host. If these are private or reserved addresses, senders on the internet cannot reach them either.",
    fix: "If the host should receive mail from the internet, give it a public A/AAAA record. If this is a lab or internal server, run mailprobe yourself with MAILPROBE_ALLOW_TARGETS set to that network.",
  },
};
