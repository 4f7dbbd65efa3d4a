// DNS lookups as data: every answer is { ok: true, ... } or a typed DnsFailure, never a throw,
// so "the MX host does not resolve" becomes a finding instead of a crash.
import { promises as dns } from "node:dns";
import ipaddr from "ipaddr.js";
import type { DnsErrorCode, DnsFailure } from "../types";

export type DnsResult<T> = { ok: true; value: T } | { ok: false; error: DnsFailure };

export interface MxAnswer {
  exchange: string;
  priority: number;
}

export interface DnsResolver {
  mx(name: string): Promise<DnsResult<MxAnswer[]>>;
  a(name: string): Promise<DnsResult<string[]>>;
  aaaa(name: string): Promise<DnsResult<string[]>>;
  /** PTR names of an address (lower-cased, no trailing dot), from DNS only. */
  ptr(ip: string): Promise<DnsResult<string[]>>;
}

/**
 * The reverse-lookup name of an address: "4.3.2.1.in-addr.arpa" (RFC 1035 §3.5) or the 32
 * nibbles of an IPv6 address under ip6.arpa (RFC 3596 §2.5). Null for text that is not an IP.
 */
export function reverseName(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return null;
  const addr = ipaddr.parse(ip);
  const bytes = addr.toByteArray();
  if (addr.kind() === "ipv4") return `${bytes.reverse().join(".")}.in-addr.arpa`;
  const nibbles = bytes.flatMap((b) => [b >> 4, b & 15].map((n) => n.toString(16)));
  return `${nibbles.reverse().join(".")}.ip6.arpa`;
}

/** Same address whatever its spelling ("::1" and "0:0:0:0:0:0:0:1"). */
export function sameAddress(a: string, b: string): boolean {
  if (!ipaddr.isValid(a) || !ipaddr.isValid(b)) return false;
  const x = ipaddr.parse(a);
  const y = ipaddr.parse(b);
  return x.kind() === y.kind() && x.toByteArray().join(".") === y.toByteArray().join(".");
}

const dnsName = (name: string) => name.toLowerCase().replace(/\.$/, "");

const CODE_MAP: Record<string, DnsErrorCode> = {
  ENOTFOUND: "nxdomain",
  ENODATA: "nodata",
  ESERVFAIL: "servfail",
  ETIMEOUT: "timeout",
  ECONNREFUSED: "refused",
  EREFUSED: "refused",
};

function toFailure(err: unknown, what: string): DnsFailure {
  const code = (err as { code?: string }).code ?? "";
  const mapped = CODE_MAP[code] ?? "error";
  const words: Record<DnsErrorCode, string> = {
    nxdomain: "the name does not exist (NXDOMAIN)",
    nodata: "the name exists but has no such record",
    servfail: "the resolver answered SERVFAIL (the domain's name servers failed or DNSSEC validation failed)",
    timeout: "the DNS query timed out",
    refused: "the resolver refused the query",
    error: `DNS error ${code || String(err)}`,
  };
  return { code: mapped, message: `${what}: ${words[mapped]}` };
}

/** Parse MAILPROBE_DNS_SERVERS ("ip" or "ip:port", comma-separated; IPv6 with port as [ip]:port). */
export function parseDnsServers(spec: string | undefined): string[] {
  if (!spec) return [];
  return spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface ResolverOptions {
  servers?: string[];
  timeoutMs?: number;
  tries?: number;
}

export function createResolver(opts: ResolverOptions = {}): DnsResolver {
  const r = new dns.Resolver({ timeout: opts.timeoutMs ?? 5000, tries: opts.tries ?? 2 });
  if (opts.servers && opts.servers.length > 0) r.setServers(opts.servers);
  const wrap = async <T>(what: string, fn: () => Promise<T>): Promise<DnsResult<T>> => {
    try {
      return { ok: true, value: await fn() };
    } catch (err) {
      return { ok: false, error: toFailure(err, what) };
    }
  };
  return {
    mx: (name) =>
      wrap(`MX ${name}`, async () =>
        (await r.resolveMx(name)).map((m) => ({ exchange: m.exchange, priority: m.priority })),
      ),
    a: (name) => wrap(`A ${name}`, () => r.resolve4(name)),
    aaaa: (name) => wrap(`AAAA ${name}`, () => r.resolve6(name)),
    // resolvePtr on the arpa name rather than Resolver#reverse: reverse() consults /etc/hosts
    // first, so it would answer from this machine instead of MAILPROBE_DNS_SERVERS.
    ptr: (ip) => {
      const name = reverseName(ip);
      if (!name)
        return Promise.resolve({ ok: false, error: { code: "error", message: `PTR ${ip}: not an IP address` } });
      return wrap(`PTR ${ip}`, async () => [...new Set((await r.resolvePtr(name)).map(dnsName).filter(Boolean))]);
    },
  };
}

/** The resolver the app and CLI use: MAILPROBE_DNS_SERVERS when set, else the system's. */
export function resolverFromEnv(env: NodeJS.ProcessEnv = process.env): DnsResolver {
  return createResolver({ servers: parseDnsServers(env.MAILPROBE_DNS_SERVERS) });
}
