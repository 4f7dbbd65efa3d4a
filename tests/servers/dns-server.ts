// In-process authoritative DNS server (UDP + TCP on the same ephemeral port of
// 127.0.0.1) so resolver-facing code is tested against real packets, never public DNS.
import dgram from "node:dgram";
import net from "node:net";
import dnsPacket, { type Answer, type Packet, type Question } from "dns-packet";

export interface MxRecord {
  preference: number;
  /** "." for a null MX (RFC 7505). */
  exchange: string;
}

export interface ZoneEntry {
  MX?: MxRecord[];
  A?: string[];
  AAAA?: string[];
  CNAME?: string;
  TXT?: string[];
  /** Reverse names live under in-addr.arpa / ip6.arpa (e.g. "5.80.0.127.in-addr.arpa"); several allowed. */
  PTR?: string | string[];
  /** The name does not exist. */
  nxdomain?: true;
  /** Answer SERVFAIL for every type. */
  servfail?: true;
  /** Never answer (the resolver times out). */
  noAnswer?: true;
  /** Delay every answer for this name. */
  delayMs?: number;
  ttl?: number;
}

/** Names (case-insensitive, trailing dot optional) → records. May be mutated while running. */
export type Zone = Record<string, ZoneEntry>;

export interface DnsQueryLog {
  name: string;
  type: string;
  transport: "udp" | "tcp";
  rcode: string | null;
}

export interface DnsServer {
  address: "127.0.0.1";
  port: number;
  /** "127.0.0.1:PORT" for dns.Resolver#setServers / MAILPROBE_DNS_SERVERS. */
  server: string;
  zone: Zone;
  queries: DnsQueryLog[];
  close(): Promise<void>;
}

type Rcode = "NOERROR" | "NXDOMAIN" | "SERVFAIL";
const RCODE_NUM: Record<Rcode, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 };

const norm = (name: string) => name.toLowerCase().replace(/\.$/, "");

interface Resolution {
  rcode: Rcode | null; // null: do not answer
  answers: Answer[];
  delayMs: number;
}

function lookup(zone: Zone, name: string): ZoneEntry | undefined {
  const key = norm(name);
  for (const [k, v] of Object.entries(zone)) if (norm(k) === key) return v;
  return undefined;
}

function recordsOf(name: string, entry: ZoneEntry, type: string): Answer[] {
  const ttl = entry.ttl ?? 300;
  const base = { name, ttl, class: "IN" as const };
  switch (type) {
    case "A":
      return (entry.A ?? []).map((data) => ({ ...base, type: "A", data }));
    case "AAAA":
      return (entry.AAAA ?? []).map((data) => ({ ...base, type: "AAAA", data }));
    case "MX":
      return (entry.MX ?? []).map((mx) => ({
        ...base,
        type: "MX",
        data: { preference: mx.preference, exchange: mx.exchange },
      }));
    case "TXT":
      return (entry.TXT ?? []).map((data) => ({ ...base, type: "TXT", data }));
    case "PTR":
      return [entry.PTR ?? []].flat().map((data) => ({ ...base, type: "PTR", data }));
    case "CNAME":
      return entry.CNAME ? [{ ...base, type: "CNAME", data: entry.CNAME }] : [];
    default:
      return [];
  }
}

function resolve(zone: Zone, q: Question): Resolution {
  const answers: Answer[] = [];
  let name = q.name;
  let delayMs = 0;
  // Follow in-zone CNAMEs (bounded) the way an authoritative server adds them to the answer.
  for (let hops = 0; hops < 8; hops++) {
    const entry = lookup(zone, name);
    if (!entry) {
      if (hops > 0) return { rcode: "NOERROR", answers, delayMs };
      // An empty non-terminal (a parent of a zone name) exists: NODATA, not NXDOMAIN.
      const suffix = `.${norm(name)}`;
      const exists = Object.keys(zone).some((k) => norm(k).endsWith(suffix));
      return { rcode: exists ? "NOERROR" : "NXDOMAIN", answers, delayMs };
    }
    delayMs = Math.max(delayMs, entry.delayMs ?? 0);
    if (entry.noAnswer) return { rcode: null, answers, delayMs };
    if (entry.servfail) return { rcode: "SERVFAIL", answers: [], delayMs };
    if (entry.nxdomain) return { rcode: "NXDOMAIN", answers, delayMs };
    if (entry.CNAME && q.type !== "CNAME") {
      answers.push(...recordsOf(name, entry, "CNAME"));
      name = entry.CNAME;
      continue;
    }
    answers.push(...recordsOf(name, entry, q.type));
    return { rcode: "NOERROR", answers, delayMs };
  }
  return { rcode: "SERVFAIL", answers: [], delayMs };
}

function answer(zone: Zone, query: Packet, transport: "udp" | "tcp", log: DnsQueryLog[]) {
  const questions = query.questions ?? [];
  const q = questions[0];
  let res: Resolution = { rcode: "NOERROR", answers: [], delayMs: 0 };
  if (q) res = resolve(zone, q);
  log.push({ name: q?.name ?? "", type: q?.type ?? "", transport, rcode: res.rcode });
  if (res.rcode === null) return { packet: null, delayMs: 0 };
  const rd = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  const packet: Packet = {
    type: "response",
    id: query.id,
    flags: dnsPacket.AUTHORITATIVE_ANSWER | rd | RCODE_NUM[res.rcode],
    questions,
    answers: res.answers,
  };
  return { packet, delayMs: res.delayMs };
}

export interface DnsServerOptions {
  /** Fixed port (e.g. for a web server whose env is set before the lab starts); default ephemeral. */
  port?: number;
}

export async function startDnsServer(zone: Zone, options: DnsServerOptions = {}): Promise<DnsServer> {
  if (options.port) {
    const server = await tryStart(zone, options.port);
    if (!server) throw new Error(`startDnsServer: TCP port ${options.port} on 127.0.0.1 is taken`);
    return server;
  }
  // UDP takes an ephemeral port; TCP must get the same number (retry if it is taken).
  for (let attempt = 0; attempt < 10; attempt++) {
    const server = await tryStart(zone, 0);
    if (server) return server;
  }
  throw new Error("startDnsServer: no port free for both UDP and TCP");
}

async function tryStart(zone: Zone, wantedPort: number): Promise<DnsServer | null> {
  const queries: DnsQueryLog[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    if (ms <= 0) return fn();
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const udp = dgram.createSocket("udp4");
  udp.on("error", () => {});
  udp.on("message", (msg, rinfo) => {
    let query: Packet;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return; // garbage: ignore like a real server would
    }
    const { packet, delayMs } = answer(zone, query, "udp", queries);
    if (packet) later(delayMs, () => udp.send(dnsPacket.encode(packet), rinfo.port, rinfo.address));
  });

  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buf = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const len = buf.readUInt16BE(0);
        const msg = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        let query: Packet;
        try {
          query = dnsPacket.decode(msg);
        } catch {
          socket.destroy();
          return;
        }
        const { packet, delayMs } = answer(zone, query, "tcp", queries);
        if (packet) later(delayMs, () => socket.writable && socket.write(dnsPacket.streamEncode(packet)));
      }
    });
  });

  const port = await new Promise<number>((res, rej) => {
    udp.once("error", rej);
    udp.bind(wantedPort, "127.0.0.1", () => {
      udp.off("error", rej);
      res(udp.address().port);
    });
  });
  const tcpOk = await new Promise<boolean>((res) => {
    tcp.once("error", () => res(false));
    tcp.listen(port, "127.0.0.1", () => res(true));
  });
  if (!tcpOk) {
    await new Promise<void>((res) => udp.close(() => res()));
    return null;
  }

  let closing: Promise<void> | null = null;
  return {
    address: "127.0.0.1",
    port,
    server: `127.0.0.1:${port}`,
    zone,
    queries,
    close() {
      closing ??= (async () => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        await Promise.all([
          new Promise<void>((res) => udp.close(() => res())),
          new Promise<void>((res) => tcp.close(() => res())),
        ]);
      })();
      return closing;
    },
  };
}
