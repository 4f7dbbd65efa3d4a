// From a normalised target to the hosts and addresses to test: MX lookup (sorted, capped),
// implicit MX (RFC 5321 §5.1), null MX (RFC 7505), then A/AAAA per host through the target guard,
// and reverse DNS (PTR + forward confirmation) of every address that will be tested.
import { type DnsResolver, sameAddress } from "./net/resolve";
import { type AllowList, checkAddress } from "./net/target-guard";
import type { DnsFailure, DomainFacts, HostFacts, Limits, MxHost, NormalizedTarget, ReverseFacts } from "./types";

/** PTR names checked per address: a reverse zone listing dozens must not fan out into dozens of lookups. */
export const MAX_PTR_NAMES = 3;
/**
 * Reverse zones are often slow (delegated to ISPs) and only feed one check, so the whole PTR +
 * forward step of an address gets this long before the probe moves on without it.
 */
export const REVERSE_BUDGET_MS = 3000;

export interface DiscoverOptions {
  /** Deadline for the reverse DNS of one address (PTR and forward lookups together). */
  reverseBudgetMs?: number;
}

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
  options: DiscoverOptions = {},
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
  const tested = [...allowed4.slice(0, cap), ...allowed6.slice(0, cap)];
  return {
    host,
    preference,
    addresses,
    tested,
    blocked,
    omitted: [...allowed4.slice(cap), ...allowed6.slice(cap)],
    dnsError,
    ms: Math.round(performance.now() - started),
    reverse: await reverseAll(tested, resolver, options.reverseBudgetMs),
  };
}

/** Reverse DNS of several addresses, all at once. */
export async function reverseAll(
  ips: string[],
  resolver: DnsResolver,
  budgetMs = REVERSE_BUDGET_MS,
): Promise<Record<string, ReverseFacts>> {
  const results = await Promise.all(ips.map((ip) => lookupReverse(ip, resolver, budgetMs)));
  return Object.fromEntries(ips.map((ip, i) => [ip, results[i]]));
}

/**
 * PTR names of `ip`, then forward-confirmed reverse DNS (FCrDNS): a PTR name counts only when
 * its own A/AAAA records include `ip`. Never throws and never takes longer than `budgetMs`;
 * on the deadline it returns what it has, with a "timeout" error.
 */
export async function lookupReverse(
  ip: string,
  resolver: DnsResolver,
  budgetMs = REVERSE_BUDGET_MS,
): Promise<ReverseFacts> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  // Filled as answers arrive, so the deadline can report partial progress.
  const partial = { names: [] as string[], total: 0, forward: [] as ReverseFacts["forward"] };
  const snapshot = (error: DnsFailure | null): ReverseFacts => {
    // In PTR order, whatever order the answers came in.
    const forward = partial.names.flatMap((name) => {
      const found = partial.forward.find((f) => f.name === name);
      return found ? [{ ...found, addresses: [...found.addresses] }] : [];
    });
    const confirmed = forward.filter((f) => f.addresses.some((a) => sameAddress(a, ip))).map((f) => f.name);
    return { names: [...partial.names], total: partial.total, confirmed, forward, error, ms: ms() };
  };

  const work = async (): Promise<ReverseFacts> => {
    const ptr = await resolver.ptr(ip);
    if (!ptr.ok) return snapshot(ptr.error);
    partial.total = ptr.value.length;
    partial.names = ptr.value.slice(0, MAX_PTR_NAMES);
    const v6 = ip.includes(":");
    await Promise.all(
      partial.names.map(async (name) => {
        const answer = await (v6 ? resolver.aaaa(name) : resolver.a(name));
        // No such name or no address of that family simply means "does not point back".
        const missing = !answer.ok && (answer.error.code === "nxdomain" || answer.error.code === "nodata");
        partial.forward.push({
          name,
          addresses: answer.ok ? answer.value : [],
          error: answer.ok || missing ? null : answer.error,
        });
      }),
    );
    return snapshot(null);
  };
  // A resolver that throws is a bug elsewhere; here it only costs this one check its answer.
  const guarded = work().catch((err: unknown) =>
    snapshot({ code: "error", message: `reverse DNS of ${ip}: ${err instanceof Error ? err.message : String(err)}` }),
  );

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ReverseFacts>((resolve) => {
    timer = setTimeout(() => {
      const seconds = Math.round(budgetMs / 100) / 10;
      resolve(snapshot({ code: "timeout", message: `reverse DNS of ${ip} did not complete within ${seconds} s` }));
    }, budgetMs);
  });
  try {
    return await Promise.race([guarded, deadline]);
  } finally {
    clearTimeout(timer);
  }
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
    // Filled by the caller (run-probe) when the address may be tested: this stays synchronous.
    reverse: {},
  };
}
