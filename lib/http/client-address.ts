// Who is asking: the client address behind the request, the key its limits are counted under,
// and the coarse form that goes into logs. Pure functions, so the trust rules are unit-tested.
//
// Route handlers get no socket, only headers. `npm start` (scripts/next-server.mjs) appends the
// socket's peer address to X-Forwarded-For, so the right-most entry is always the machine that
// connected to us. Plain `next start` does not: it keeps a client-sent X-Forwarded-For as it is
// and only fills it in when it is missing, which would let anyone choose their own address.
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** One X-Forwarded-For entry as an address: tolerates "ip:port", "[v6]" and "[v6]:port". */
function parseEntry(entry: string): Address | null {
  let text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.indexOf(":"));
  if (text.includes("%") || !ipaddr.isValid(text)) return null;
  // Only the plain forms: "127.1" or "0x7f.0.0.1" are not how a proxy writes an address.
  if (!text.includes(":") && !ipaddr.IPv4.isValidFourPartDecimal(text)) return null;
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; count them as the IPv4 address.
  return ipaddr.process(text);
}

/**
 * The client's address from X-Forwarded-For, trusting exactly `trustedProxies` hops: with 0 the
 * right-most entry (the socket peer), with N the (N+1)-th from the right. Fewer entries than
 * that means the chain is shorter than configured: the left-most entry is the best we have.
 * Returns null when there is no header or the chosen entry is not an address.
 */
export function clientAddressFrom(forwardedFor: string | null | undefined, trustedProxies: number): string | null {
  if (!forwardedFor) return null;
  const entries = forwardedFor.split(",").filter((e) => e.trim() !== "");
  if (entries.length === 0) return null;
  const index = Math.max(0, entries.length - 1 - trustedProxies);
  return parseEntry(entries[index])?.toString() ?? null;
}

/**
 * The key a client's limits count under: the IPv4 address, or the IPv6 /64 (one customer
 * usually holds a whole /64, so per-address keys would be free to multiply).
 */
export function rateLimitKey(address: string | null): string {
  const addr = address ? parseEntry(address) : null;
  if (!addr) return "unknown";
  if (addr.kind() === "ipv4") return addr.toString();
  return `${prefix(addr as ipaddr.IPv6, 64)}/64`;
}

/** The address as logs keep it: IPv4 cut to its /24, IPv6 to its /48. */
export function logAddress(address: string | null): string | null {
  const addr = address ? parseEntry(address) : null;
  if (!addr) return null;
  if (addr.kind() === "ipv4") {
    const [a, b, c] = (addr as ipaddr.IPv4).octets;
    return `${a}.${b}.${c}.0/24`;
  }
  return `${prefix(addr as ipaddr.IPv6, 48)}/48`;
}

/** The first `bits` (a multiple of 16) of an IPv6 address, zero-filled, in canonical form. */
function prefix(addr: ipaddr.IPv6, bits: number): string {
  const keep = bits / 16;
  const parts = addr.parts.map((p, i) => (i < keep ? p : 0));
  return new ipaddr.IPv6(parts).toString();
}
