// DNS lookups as data: every answer is { ok: true, ... } or a typed DnsFailure, never a throw,
// so "the MX host does not resolve" becomes a finding instead of a crash.
import { promises as dns } from "node:dns";
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
}

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
  };
}

/** The resolver the app and CLI use: MAILPROBE_DNS_SERVERS when set, else the system's. */
export function resolverFromEnv(env: NodeJS.ProcessEnv = process.env): DnsResolver {
  return createResolver({ servers: parseDnsServers(env.MAILPROBE_DNS_SERVERS) });
}
