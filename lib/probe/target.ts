import { domainToASCII, domainToUnicode } from "node:url";
import { parseIpLiteral } from "./net/target-guard";
import type { NormalizedTarget } from "./types";

// User input → what to probe. Strict on purpose: anything ambiguous (short IPv4 forms, ports,
// URLs) is refused with a hint, so the address we test is exactly the one the user meant.

/** Longest accepted input: a 64-byte local part, "@", and a 255-byte domain. */
export const MAX_TARGET_LENGTH = 320;

export type ParseTargetResult = { ok: true; target: NormalizedTarget } | { ok: false; message: string };

const EXAMPLE = "e.g. example.com";
const MAX_NAME = 253;
const MAX_LABEL = 63;
const MAX_LOCAL_PART = 64;
const LABEL_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
// Anything a resolver might read as an IPv4 number: decimal, octal or hex parts.
const NUMERIC_HOST_RE = /^(?:0x[0-9a-f]*|\d+)(?:\.(?:0x[0-9a-f]*|\d+))*\.?$/i;
const DOTTED_QUAD_RE = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const HOST_PORT_RE = /^(?:\[[^\]]*\]|[^:]+):\d*$/;

function fail(message: string): ParseTargetResult {
  return { ok: false, message };
}

export function parseTarget(input: string): ParseTargetResult {
  const text = input.trim();
  if (text === "") return fail("Type a domain, host name, IP address or email address.");
  if (text.length > MAX_TARGET_LENGTH) {
    return fail(`That is too long (over ${MAX_TARGET_LENGTH} characters); type just the domain, ${EXAMPLE}.`);
  }
  if (CONTROL_RE.test(text)) {
    return fail("Remove line breaks, tabs and other control characters; type just the domain.");
  }
  if (/\s/.test(text)) return fail(`Remove the spaces; type one domain only, ${EXAMPLE}.`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return fail(`That is a URL; type just the domain, ${EXAMPLE}.`);
  if (/^mailto:/i.test(text)) return fail('Leave out "mailto:"; type just the email address or domain.');

  const ats = text.split("@").length - 1;
  if (ats > 1) return fail('An email address has only one "@"; type one address, e.g. postmaster@example.com.');
  if (ats === 1) return parseEmail(text);

  if (/[/?#\\]/.test(text)) {
    if (/^[\d.:a-f[\]]+\/\d+$/i.test(text)) return fail("Type a single address, not a network range.");
    return fail(`Leave out the path; type just the domain, ${EXAMPLE}.`);
  }
  if (text.includes("[") || text.includes("]") || text.includes(":")) return parseIpv6(text);
  if (NUMERIC_HOST_RE.test(text)) return parseIpv4(text);
  return parseDomain(text, text, "domain");
}

function parseEmail(text: string): ParseTargetResult {
  const at = text.indexOf("@");
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local === "") return fail('Add the part before the "@", or type just the domain.');
  if (local.length > MAX_LOCAL_PART)
    return fail(`The part before the "@" is too long; type just the domain, ${EXAMPLE}.`);
  if (domain === "") return fail(`Add the domain after the "@", ${EXAMPLE}.`);
  if (/[[\]:]/.test(domain) || NUMERIC_HOST_RE.test(domain)) {
    return fail('After the "@" type a domain name; to test an IP address, type the IP address on its own.');
  }
  if (/[/?#\\]/.test(domain)) return fail(`After the "@" type just the domain, ${EXAMPLE}.`);
  return parseDomain(domain, text, "email");
}

function parseIpv4(text: string): ParseTargetResult {
  if (!DOTTED_QUAD_RE.test(text)) {
    return fail("Type the IP address in dotted-quad form, e.g. 192.0.2.1 (four numbers 0-255, no leading zeros).");
  }
  return { ok: true, target: { input: text, kind: "ip", name: text, unicode: null } };
}

function parseIpv6(text: string): ParseTargetResult {
  if (HOST_PORT_RE.test(text)) return fail("Ports are chosen with the port buttons, not in the target.");
  // One colon and no brackets is not IPv6 at all ("http:example.com", "mx:smtp").
  if (!text.includes("[") && text.split(":").length === 2) return fail(`Type just the domain, ${EXAMPLE}.`);
  let body = text;
  if (text.startsWith("[") || text.endsWith("]")) {
    if (!(text.startsWith("[") && text.endsWith("]")))
      return fail("Unbalanced brackets; type the IPv6 address, e.g. 2001:db8::25.");
    body = text.slice(1, -1);
  }
  if (body.includes("%")) return fail('Zone ids (the "%" part) are not supported; type a global IPv6 address.');
  const addr = parseIpLiteral(body);
  if (addr?.kind() !== "ipv6") return fail("That is not a valid IPv6 address; type it like 2001:db8::25.");
  const name = addr.toString();
  return { ok: true, target: { input: text, kind: "ip", name, unicode: null } };
}

function parseDomain(domain: string, input: string, kind: "domain" | "email"): ParseTargetResult {
  if (domain.includes("_")) return fail(`Underscores are not allowed in host names; type a mail domain, ${EXAMPLE}.`);
  if (/^[\x00-\x7f]*$/.test(domain) && /[^a-z0-9.-]/i.test(domain)) {
    return fail("Only letters, digits, hyphens and dots are allowed in a host name.");
  }
  const bare = domain.endsWith(".") ? domain.slice(0, -1) : domain;
  if (bare === "" || bare.split(/[.\u3002\uff0e\uff61]/).some((l) => l === "")) {
    return fail(`The name has an empty part (two dots in a row, or a leading dot); ${EXAMPLE}.`);
  }
  // Checked before domainToASCII, which refuses such names (WHATWG reads them as IPv4).
  const last = bare.split(/[.\u3002\uff0e\uff61]/).pop() ?? "";
  if (/^(?:\d+|0x[0-9a-f]*)$/i.test(last)) {
    return fail(
      "The last part of a domain cannot be a number; for an IP address use dotted-quad form, e.g. 192.0.2.1.",
    );
  }
  // domainToASCII lower-cases, applies UTS #46 mapping, and returns "" for invalid IDNs or
  // broken "xn--" labels.
  const ascii = domainToASCII(bare);
  if (ascii === "") return fail(`That international domain name is not valid; check the spelling, ${EXAMPLE}.`);
  const labels = ascii.split(".");
  if (labels.length < 2) {
    return fail(`Type a full domain name with a dot, ${EXAMPLE}; single-label names are not supported.`);
  }
  for (const label of labels) {
    if (label.length > MAX_LABEL) return fail(`Each part between dots can be at most ${MAX_LABEL} characters.`);
    if (label.startsWith("-") || label.endsWith("-"))
      return fail("A part of the name cannot start or end with a hyphen.");
    if (!LABEL_RE.test(label)) return fail("Only letters, digits, hyphens and dots are allowed in a host name.");
  }
  if (ascii.length > MAX_NAME) return fail(`The name is longer than ${MAX_NAME} characters.`);
  const unicodeForm = domainToUnicode(ascii);
  const unicode = unicodeForm !== ascii ? unicodeForm : null;
  return { ok: true, target: { input, kind, name: ascii, unicode } };
}
