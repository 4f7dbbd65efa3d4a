// From a normalised target to the hosts and addresses to test: MX lookup (sorted, capped),
// implicit MX (RFC 5321 §5.1), null MX (RFC 7505), then A/AAAA per host through the target guard.
import type { DnsResolver } from "./net/resolve";
import { type AllowList, checkAddress } from "./net/target-guard";
import type { DomainFacts, HostFacts, Limits, MxHost, NormalizedTarget } from "./types";

export async function discoverDomain(
  target: NormalizedTarget,
  resolver: DnsResolver,
  limits: Limits,
): Promise<DomainFacts> {
  const started = performance.now();
  const base = { domain: target.name, mx: [] as MxHost[], mxOmitted: [] as MxHost[], dnsError: null };
  const ms = () => Math.round(performance.now() - started);
  if (target.kind === "ip") return { ...base, kind: "ip", ms: 0 };

  const mx = await resolver.mx(target.name);
  if (mx.ok) {
    const records = mx.value;
    // RFC 7505: a single MX of preference 0 pointing at the root means "this domain accepts no mail".
    if (records.length === 1 && (records[0].exchange === "" || records[0].exchange === ".")) {
      return { ...base, kind: "null-mx", ms: ms() };
    }
    const sorted = records
      .filter((r) => r.exchange !== "" && r.exchange !== ".")
      .map((r) => ({ host: r.exchange.toLowerCase().replace(/\.$/, ""), preference: r.priority }))
      .sort((a, b) => a.preference - b.preference || a.host.localeCompare(b.host));
    const unique = sorted.filter((r, i) => sorted.findIndex((o) => o.host === r.host) === i);
    if (unique.length > 0) {
      return {
        ...base,
        kind: "mx",
        mx: unique.slice(0, limits.maxMxHosts),
        mxOmitted: unique.slice(limits.maxMxHosts),
        ms: ms(),
      };
    }
  } else if (mx.error.code === "nxdomain") {
    return { ...base, kind: "none", dnsError: mx.error, ms: ms() };
  } else if (mx.error.code !== "nodata") {
    return { ...base, kind: "dns-error", dnsError: mx.error, ms: ms() };
  }

  // No MX: the domain itself is the mail host if it has an address (implicit MX).
  const [a, aaaa] = await Promise.all([resolver.a(target.name), resolver.aaaa(target.name)]);
  const hasAddress = (a.ok && a.value.length > 0) || (aaaa.ok && aaaa.value.length > 0);
  if (hasAddress) return { ...base, kind: "implicit", mx: [{ host: target.name, preference: 0 }], ms: ms() };
  const hardError = [a, aaaa].find((r) => !r.ok && r.error.code !== "nodata" && r.error.code !== "nxdomain");
  if (hardError && !hardError.ok) return { ...base, kind: "dns-error", dnsError: hardError.error, ms: ms() };
  return { ...base, kind: "none", ms: ms() };
}

export async function discoverHost(
  host: string,
  preference: number | null,
  resolver: DnsResolver,
  allow: AllowList,
  limits: Limits,
): Promise<HostFacts> {
  const started = performance.now();
  const [a, aaaa] = await Promise.all([resolver.a(host), resolver.aaaa(host)]);
  const v4 = a.ok ? a.value : [];
  const v6 = aaaa.ok ? aaaa.value : [];
  const addresses = [...v4, ...v6];
  const failures = [a, aaaa].filter((r) => !r.ok).map((r) => (r.ok ? null : r.error));
  // Only a real resolver failure counts as an error; NXDOMAIN / no data just means "no address".
  const dnsError =
    addresses.length === 0 ? (failures.find((f) => f && f.code !== "nodata" && f.code !== "nxdomain") ?? null) : null;
  const blocked: HostFacts["blocked"] = [];
  const allowed4: string[] = [];
  const allowed6: string[] = [];
  for (const ip of addresses) {
    const verdict = checkAddress(ip, allow);
    if (!verdict.allowed) blocked.push({ ip, reason: verdict.reason });
    else (ip.includes(":") ? allowed6 : allowed4).push(ip);
  }
  const cap = limits.maxAddressesPerFamily;
  return {
    host,
    preference,
    addresses,
    tested: [...allowed4.slice(0, cap), ...allowed6.slice(0, cap)],
    blocked,
    omitted: [...allowed4.slice(cap), ...allowed6.slice(cap)],
    dnsError,
    ms: Math.round(performance.now() - started),
  };
}

/** An IP literal target is its own single "host". */
export function literalHost(ip: string, allow: AllowList): HostFacts {
  const verdict = checkAddress(ip, allow);
  return {
    host: ip,
    preference: null,
    addresses: [ip],
    tested: verdict.allowed ? [ip] : [],
    blocked: verdict.allowed ? [] : [{ ip, reason: verdict.reason }],
    omitted: [],
    dnsError: null,
    ms: 0,
  };
}
