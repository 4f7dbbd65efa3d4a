import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

// Decides whether an address may be probed. A public web form that opens TCP connections is an
// SSRF tool unless it refuses internal, special-purpose and cloud-metadata addresses. Only
// public unicast passes, unless the operator's allow list (MAILPROBE_ALLOW_TARGETS) covers the
// literal address (or, for IPv6 forms that carry an IPv4 address, the embedded one: the traffic
// goes there). Rules are data: longest matching prefix wins, so a specific reason (Teredo) beats
// a broad one (2001::/23 reserved).

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export interface AllowEntry {
  /** The entry as the operator wrote it, for messages. */
  spec: string;
  addr: Address;
  bits: number;
}

export type AllowList = readonly AllowEntry[];

export type GuardResult = { allowed: true } | { allowed: false; reason: string };

/** Blocked outright. */
interface BlockRule {
  cidr: string;
  reason: string;
}

/** Traffic goes to (or is derived from) an embedded IPv4 address: judge that address. */
interface EmbedRule {
  cidr: string;
  label: string;
  /** Index of the first of the two 16-bit IPv6 parts holding the IPv4 address. */
  part: number;
}

type Rule = (BlockRule | EmbedRule) & { range: [Address, number] };

const LOOPBACK = "loopback address";
const PRIVATE = "private network (RFC 1918)";
const DOCS = "documentation range";
const NOT_GLOBAL_V6 = "reserved (outside IPv6 global unicast 2000::/3)";

const BLOCK_RULES: BlockRule[] = [
  // IPv4
  { cidr: "0.0.0.0/8", reason: 'unspecified ("this network", 0.0.0.0/8)' },
  { cidr: "10.0.0.0/8", reason: PRIVATE },
  { cidr: "100.64.0.0/10", reason: "carrier-grade NAT (RFC 6598)" },
  { cidr: "127.0.0.0/8", reason: LOOPBACK },
  { cidr: "169.254.0.0/16", reason: "link-local (cloud metadata lives here)" },
  { cidr: "172.16.0.0/12", reason: PRIVATE },
  { cidr: "192.0.0.0/24", reason: "reserved for IETF protocol assignments (192.0.0.0/24)" },
  { cidr: "192.0.2.0/24", reason: DOCS },
  { cidr: "192.88.99.0/24", reason: "reserved (former 6to4 relay anycast)" },
  { cidr: "192.168.0.0/16", reason: PRIVATE },
  { cidr: "198.18.0.0/15", reason: "reserved for benchmarking (198.18.0.0/15)" },
  { cidr: "198.51.100.0/24", reason: DOCS },
  { cidr: "203.0.113.0/24", reason: DOCS },
  { cidr: "224.0.0.0/4", reason: "multicast" },
  { cidr: "240.0.0.0/4", reason: "reserved (240.0.0.0/4)" },
  { cidr: "255.255.255.255/32", reason: "broadcast (reserved)" },
  { cidr: "168.63.129.16/32", reason: "cloud platform endpoint (Azure wire server)" },
  // IPv6
  { cidr: "::/128", reason: "unspecified" },
  { cidr: "::1/128", reason: LOOPBACK },
  { cidr: "64:ff9b:1::/48", reason: "local-use NAT64 (RFC 8215)" },
  { cidr: "100::/64", reason: "discard-only IPv6 (RFC 6666)" },
  { cidr: "2001::/23", reason: "reserved for IETF protocol assignments (2001::/23)" },
  { cidr: "2001::/32", reason: "teredo tunnel (2001::/32)" },
  { cidr: "2001:db8::/32", reason: DOCS },
  { cidr: "3fff::/20", reason: DOCS },
  { cidr: "5f00::/16", reason: "reserved (SRv6 SIDs)" },
  { cidr: "fc00::/7", reason: "unique local IPv6 (private)" },
  { cidr: "fe80::/10", reason: "link-local (cloud metadata lives here)" },
  { cidr: "fec0::/10", reason: "site-local IPv6 (deprecated, private)" },
  { cidr: "ff00::/8", reason: "multicast" },
  // Everything outside 2000::/3 not covered by a longer prefix above or below.
  { cidr: "::/3", reason: NOT_GLOBAL_V6 },
  { cidr: "4000::/2", reason: NOT_GLOBAL_V6 },
  { cidr: "8000::/1", reason: NOT_GLOBAL_V6 },
];

const EMBED_RULES: EmbedRule[] = [
  { cidr: "::ffff:0:0/96", label: "IPv4-mapped IPv6", part: 6 },
  { cidr: "::/96", label: "IPv4-compatible IPv6", part: 6 },
  { cidr: "::ffff:0:0:0/96", label: "IPv4-translated IPv6", part: 6 },
  { cidr: "64:ff9b::/96", label: "NAT64 IPv6", part: 6 },
  { cidr: "2002::/16", label: "6to4 IPv6", part: 1 },
];

const RULES: Rule[] = [...BLOCK_RULES, ...EMBED_RULES].map((r) => ({ ...r, range: ipaddr.parseCIDR(r.cidr) }));

/** Why ipaddr.js's own classification (the backstop) refuses an address. */
const RANGE_REASONS: Record<string, string> = {
  unspecified: "unspecified",
  broadcast: "broadcast (reserved)",
  multicast: "multicast",
  linkLocal: "link-local (cloud metadata lives here)",
  loopback: LOOPBACK,
  carrierGradeNat: "carrier-grade NAT (RFC 6598)",
  private: PRIVATE,
  uniqueLocal: "unique local IPv6 (private)",
  deprecatedSiteLocal: "site-local IPv6 (deprecated, private)",
  teredo: "teredo tunnel (2001::/32)",
};

function matches(addr: Address, [net, bits]: [Address, number]): boolean {
  return addr.kind() === net.kind() && addr.match(net, bits);
}

/** Longest-prefix match over the rule table. */
function findRule(addr: Address): Rule | null {
  let best: Rule | null = null;
  for (const rule of RULES) {
    if (matches(addr, rule.range) && (!best || rule.range[1] > best.range[1])) best = rule;
  }
  return best;
}

/**
 * Parses an IP address only in its plain form (dotted quad, or IPv6 without a zone id), so what
 * we judge is exactly what the OS connects to. Returns null for anything else.
 */
export function parseIpLiteral(text: string): Address | null {
  // net.isIP rejects "127.1", "0x7f.0.0.1", "0177.0.0.1" and "2130706433", which ipaddr.js accepts.
  const family = isIP(text);
  if (family === 0 || text.includes("%")) return null;
  if (family === 4) return ipaddr.IPv4.parse(text);
  // ipaddr.js reads "::a.b.c.d" as "::ffff:a.b.c.d", unlike the OS: turn the dotted tail into
  // two hex groups first. isIP already validated the tail.
  const tail = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!tail) return ipaddr.IPv6.parse(text);
  const [a, b, c, d] = tail.slice(2).map(Number);
  return ipaddr.IPv6.parse(`${tail[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`);
}

/**
 * Comma-separated CIDRs ("127.0.0.0/8, ::1/128"); a bare address means /32 or /128.
 * Throws on a bad entry: this is operator configuration and must not be silently ignored.
 */
export function parseAllowList(spec: string | undefined): AllowList {
  if (!spec) return [];
  const entries: AllowEntry[] = [];
  for (const raw of spec.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const slash = entry.indexOf("/");
    const addrText = slash === -1 ? entry : entry.slice(0, slash).trim();
    const bitsText = slash === -1 ? null : entry.slice(slash + 1).trim();
    const addr = parseIpLiteral(addrText);
    const max = addr?.kind() === "ipv6" ? 128 : 32;
    const bits = bitsText === null ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : Number.NaN;
    if (!addr || !(bits >= 0 && bits <= max)) {
      throw new Error(
        `invalid allow-list entry "${entry}": expected a CIDR like 10.0.0.0/8 or fd00::/8, or an IP address`,
      );
    }
    entries.push({ spec: entry, addr, bits });
  }
  return entries;
}

export function checkAddress(ip: string, allow: AllowList): GuardResult {
  const addr = parseIpLiteral(ip);
  if (!addr) return { allowed: false, reason: "not a plain IP address" };
  return judge(addr, allow);
}

function judge(addr: Address, allow: AllowList): GuardResult {
  if (allow.some((e) => matches(addr, [e.addr, e.bits]))) return { allowed: true };
  const rule = findRule(addr);
  if (rule && "label" in rule) {
    const parts = (addr as ipaddr.IPv6).parts;
    const hi = parts[rule.part];
    const lo = parts[rule.part + 1];
    const inner = new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
    const verdict = judge(inner, allow);
    if (verdict.allowed) return verdict;
    return { allowed: false, reason: `${rule.label} of a blocked address (${inner.toString()}: ${verdict.reason})` };
  }
  if (rule) return { allowed: false, reason: rule.reason };
  // Backstop: anything ipaddr.js knows as special that the table does not name.
  const range = addr.range();
  if (range !== "unicast") return { allowed: false, reason: RANGE_REASONS[range] ?? `reserved (${range})` };
  return { allowed: true };
}
