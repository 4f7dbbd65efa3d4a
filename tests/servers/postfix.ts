// A real Postfix instance per call, with a private config/queue directory, bound to
// one loopback address only. Needs root (ports < 1024, `ip addr`, Postfix itself).
import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";

export interface PostfixTls {
  keyPem: string;
  /** The leaf; used when chainPem is absent. */
  certPem: string;
  /** What Postfix serves (leaf first, then intermediates). */
  chainPem?: string;
}

export interface PostfixOptions {
  /** A 127.x address of its own per instance, e.g. "127.0.10.1". */
  address: string;
  /** myhostname: the greeting and EHLO name, and the only local domain. */
  name?: string;
  tls: PostfixTls | null;
  /** Default [25]. 587 = submission (TLS required when tls is set), 465 = implicit TLS. */
  ports?: number[];
  /** Extra main.cf settings, written last so they override the defaults above. */
  extraMainCf?: Record<string, string>;
}

export interface PostfixInstance {
  address: string;
  name: string;
  ports: number[];
  configDir: string;
  /** Postfix's own log so far (postlogd → maillog file). */
  maillog(): string;
  stop(): Promise<void>;
}

const POSTFIX = "/usr/sbin/postfix";
const POSTCONF = "/usr/sbin/postconf";
const DEFAULT_MAIN_CF = "/etc/postfix/main.cf";
const BASE_DIR = path.join(os.tmpdir(), "mailprobe-postfix");

function findIp(): string | null {
  return ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].find((p) => existsSync(p)) ?? null;
}

function missingRequirements(): string[] {
  const missing: string[] = [];
  if (!existsSync(POSTFIX) || !existsSync(POSTCONF)) missing.push("postfix (apt-get install postfix)");
  if (!findIp()) missing.push("iproute2 (apt-get install iproute2)");
  if (process.getuid?.() !== 0) missing.push("root (ports < 1024, ip addr add, postfix start)");
  return missing;
}

/**
 * True when Postfix instances can be started here. Under CI a missing requirement
 * throws instead, so Postfix-backed tests fail rather than silently skip.
 */
export function postfixAvailable(): boolean {
  const missing = missingRequirements();
  if (missing.length === 0) return true;
  if (process.env.CI) throw new Error(`Postfix tests cannot run under CI, missing: ${missing.join(", ")}`);
  return false;
}

function run(cmd: string, args: string[]): { code: number; output: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
  return { code: r.status ?? -1, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

// `postfix start` leaves a daemon behind: with pipes, "close" would wait for it.
// Send output to a file and wait for "exit" only.
async function runDetached(cmd: string, args: string[], logFile: string): Promise<{ code: number; output: string }> {
  const fd = openSync(logFile, "w");
  try {
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(cmd, args, { stdio: ["ignore", fd, fd] });
      child.once("error", reject);
      child.once("exit", (c) => resolve(c ?? -1));
    });
    return { code, output: readFileSync(logFile, "utf8") };
  } finally {
    closeSync(fd);
  }
}

function assertLoopbackV4(address: string): void {
  if (net.isIPv4(address) && address.startsWith("127.") && address !== "127.0.0.1") return;
  throw new Error(`startPostfix: address must be a dedicated 127.x address (not 127.0.0.1), got ${address}`);
}

// Postfix binds only addresses configured on an interface; the 127/8 route is not enough.
function ensureLoopbackAddress(address: string): void {
  const ip = findIp() as string;
  const shown = run(ip, ["-4", "-o", "addr", "show", "dev", "lo"]).output;
  if (new RegExp(`inet ${address.replace(/\./g, "\\.")}/`).test(shown)) return;
  const r = run(ip, ["addr", "add", `${address}/32`, "dev", "lo"]);
  if (r.code !== 0 && !/File exists/.test(r.output)) throw new Error(`ip addr add ${address}: ${r.output}`);
}

/** PIDs of processes belonging to the instance in configDir (Postfix passes MAIL_CONFIG to all of them). */
function instancePids(configDir: string): number[] {
  const marker = `MAIL_CONFIG=${configDir}\0`;
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, "latin1");
      if (`\0${env}\0`.includes(`\0${marker}`)) pids.push(Number(entry));
    } catch {
      // the process is gone, or not ours to read
    }
  }
  return pids;
}

async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

// Stops whatever a previous (crashed) run left for this address: first politely, then by PID.
async function stopInstance(dir: string): Promise<void> {
  const configDir = path.join(dir, "etc");
  const before = instancePids(configDir);
  if (existsSync(path.join(configDir, "main.cf"))) {
    await runDetached(POSTFIX, ["-c", configDir, "stop"], path.join(dir, "stop.log")).catch(() => null);
  }
  if (!(await waitFor(() => instancePids(configDir).length === 0, 3000))) {
    for (const pid of instancePids(configDir)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await waitFor(() => instancePids(configDir).length === 0, 3000);
  }
  // Exited daemons linger as zombies (no environ to match) until init reaps them.
  await waitFor(() => before.every((pid) => !existsSync(`/proc/${pid}`)), 3000);
}

// alternate_config_directories lives in the default main.cf, shared by every test worker:
// serialise the read-modify-write with an exclusive lock file.
async function registerConfigDir(configDir: string): Promise<void> {
  const lock = `${DEFAULT_MAIN_CF}.mailprobe-lock`;
  const acquired = await waitFor(() => {
    try {
      closeSync(openSync(lock, "wx"));
      return true;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) rmSync(lock, { force: true }); // stale
      } catch {
        // raced with the owner releasing it
      }
      return false;
    }
  }, 15_000);
  if (!acquired) throw new Error(`startPostfix: could not lock ${lock}`);
  try {
    if (!existsSync(DEFAULT_MAIN_CF)) {
      // A "No configuration" install has no main.cf; this one only lists test instances.
      writeFileSync(
        DEFAULT_MAIN_CF,
        "# written by mailprobe tests (tests/servers/postfix.ts)\ncompatibility_level = 3.6\n",
      );
    }
    const current = run(POSTCONF, ["-c", "/etc/postfix", "-h", "alternate_config_directories"]).output.trim();
    const dirs = current.split(/[\s,]+/).filter(Boolean);
    if (dirs.includes(configDir)) return;
    const r = run(POSTCONF, [
      "-c",
      "/etc/postfix",
      "-e",
      `alternate_config_directories = ${[...dirs, configDir].join(" ")}`,
    ]);
    if (r.code !== 0) throw new Error(`postconf -e alternate_config_directories: ${r.output}`);
  } finally {
    rmSync(lock, { force: true });
  }
}

function mainCf(o: {
  dir: string;
  address: string;
  name: string;
  tls: boolean;
  extra?: Record<string, string>;
}): string {
  const domain = o.name.includes(".") ? o.name.split(".").slice(1).join(".") : o.name;
  const extra = o.extra ?? {};
  const base = [
    "compatibility_level = 3.6",
    `queue_directory = ${o.dir}/spool`,
    `data_directory = ${o.dir}/data`,
    `syslog_name = postfix-${o.address}`,
    `maillog_file = ${o.dir}/maillog`,
    `maillog_file_prefixes = ${o.dir}`,
    `inet_interfaces = ${o.address}`,
    "inet_protocols = ipv4",
    `myhostname = ${o.name}`,
    `mydomain = ${domain}`,
    "myorigin = $myhostname",
    "mydestination = $myhostname",
    // The prober connects from this same address (its local route's source), so
    // mynetworks must not match any real client: relaying is then always denied.
    "mynetworks = 127.255.255.254/32",
    "relay_domains =",
    "smtpd_relay_restrictions = reject_unauth_destination",
    "smtpd_recipient_restrictions =",
    "local_recipient_maps =",
    "alias_maps =",
    "alias_database =",
    // Nothing is ever delivered anywhere.
    "local_transport = discard:",
    "default_transport = discard:",
    "relay_transport = discard:",
    "smtpd_banner = $myhostname ESMTP",
    // No DNS (PTR of the client, MX of destinations) from tests.
    "smtpd_peername_lookup = no",
    "smtp_dns_support_level = disabled",
    "biff = no",
    "append_dot_mydomain = no",
    "smtpd_sasl_auth_enable = no",
    ...(o.tls
      ? [
          `smtpd_tls_chain_files = ${o.dir}/etc/tls-key.pem, ${o.dir}/etc/tls-chain.pem`,
          "smtpd_tls_security_level = may",
          "smtpd_tls_loglevel = 1",
          "smtpd_tls_received_header = yes",
        ]
      : ["smtpd_tls_security_level = none"]),
  ];
  // Extra settings replace same-named defaults (a duplicate would make postconf warn).
  const kept = base.filter((line) => !Object.hasOwn(extra, line.split("=")[0].trim()));
  return `${[...kept, ...Object.entries(extra).map(([key, value]) => `${key} = ${value}`)].join("\n")}\n`;
}

function masterCf(ports: number[], withTls: boolean): string {
  const smtpd = (port: number): string[] => {
    const line = `${port} inet n - n - - smtpd`;
    if (port === 465) return [line, "  -o smtpd_tls_wrappermode=yes", "  -o smtpd_tls_security_level=encrypt"];
    if (port === 587 && withTls) return [line, "  -o smtpd_tls_security_level=encrypt"];
    return [line];
  };
  // Every service unchrooted: a private queue directory has no chroot environment.
  return `${[
    "# service type private unpriv chroot wakeup maxproc command",
    ...ports.flatMap(smtpd),
    "pickup unix n - n 60 1 pickup",
    "cleanup unix n - n - 0 cleanup",
    "qmgr unix n - n 300 1 qmgr",
    "tlsmgr unix - - n 1000? 1 tlsmgr",
    "rewrite unix - - n - - trivial-rewrite",
    "bounce unix - - n - 0 bounce",
    "defer unix - - n - 0 bounce",
    "trace unix - - n - 0 bounce",
    "verify unix - - n - 1 verify",
    "flush unix n - n 1000? 0 flush",
    "proxymap unix - - n - - proxymap",
    "proxywrite unix - - n - 1 proxymap",
    "smtp unix - - n - - smtp",
    "relay unix - - n - - smtp",
    "showq unix n - n - - showq",
    "error unix - - n - - error",
    "retry unix - - n - - error",
    "discard unix - - n - - discard",
    "local unix - n n - - local",
    "anvil unix - - n - 1 anvil",
    "scache unix - - n - 1 scache",
    "postlog unix-dgram n - n - 1 postlogd",
  ].join("\n")}\n`;
}

function readGreeting(socket: net.Socket, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    let buf = "";
    const done = (value: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(buf), timeoutMs);
    socket.on("data", (d) => {
      buf += d.toString("latin1");
      if (/\r?\n/.test(buf)) done(buf);
    });
    socket.on("error", () => done(""));
    socket.on("close", () => done(buf));
  });
}

async function answers220(address: string, port: number, name: string): Promise<boolean> {
  const socket =
    port === 465
      ? tls.connect({ host: address, port, servername: name, rejectUnauthorized: false })
      : net.connect({ host: address, port });
  return (await readGreeting(socket, 2000)).startsWith("220");
}

const running = new Map<string, string>(); // dir → configDir, for the exit safety net

process.once("exit", () => {
  // Last resort when a test forgot stop(): synchronous, so it works inside "exit".
  for (const configDir of running.values()) run(POSTFIX, ["-c", configDir, "stop"]);
});

export async function startPostfix(opts: PostfixOptions): Promise<PostfixInstance> {
  if (!postfixAvailable()) throw new Error(`startPostfix: missing ${missingRequirements().join(", ")}`);
  assertLoopbackV4(opts.address);
  const name = opts.name ?? "mx.mailprobe.test";
  const ports = opts.ports ?? [25];
  if (!opts.tls && ports.includes(465)) throw new Error("startPostfix: port 465 needs tls");

  // One fixed directory per address, so a crashed run's instance is found and stopped here.
  const dir = path.join(BASE_DIR, opts.address);
  const configDir = path.join(dir, "etc");
  if (running.has(dir)) throw new Error(`startPostfix: ${opts.address} is already in use by this process`);
  await stopInstance(dir);
  rmSync(dir, { recursive: true, force: true });
  // postfix chdirs into the queue directory first; post-install then creates data/ (owned
  // by postfix) and the queue subdirectories. A pre-made root-owned data/ breaks master.lock.
  for (const sub of [configDir, path.join(dir, "spool")]) mkdirSync(sub, { recursive: true, mode: 0o755 });

  ensureLoopbackAddress(opts.address);
  for (const port of ports) {
    if (await answers220(opts.address, port, name).catch(() => false)) {
      throw new Error(`startPostfix: ${opts.address}:${port} is already served by something else`);
    }
  }

  writeFileSync(
    path.join(configDir, "main.cf"),
    mainCf({ dir, address: opts.address, name, tls: !!opts.tls, extra: opts.extraMainCf }),
  );
  writeFileSync(path.join(configDir, "master.cf"), masterCf(ports, !!opts.tls));
  if (opts.tls) {
    writeFileSync(path.join(configDir, "tls-key.pem"), opts.tls.keyPem, { mode: 0o600 });
    writeFileSync(path.join(configDir, "tls-chain.pem"), opts.tls.chainPem ?? opts.tls.certPem);
  }
  await registerConfigDir(configDir);

  const maillog = () => {
    try {
      return readFileSync(path.join(dir, "maillog"), "utf8");
    } catch {
      return "";
    }
  };
  // postfix-script reports to maillog_file, not to its stdout.
  const log = path.join(dir, "postfix-cmd.log");
  const check = await runDetached(POSTFIX, ["-c", configDir, "check"], log);
  if (check.code !== 0) throw new Error(`postfix check failed:\n${check.output}\n${maillog()}`);
  running.set(dir, configDir);
  const start = await runDetached(POSTFIX, ["-c", configDir, "start"], log);
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await stopInstance(dir);
      running.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const ready =
    start.code === 0 &&
    (await waitFor(async () => {
      for (const port of ports) if (!(await answers220(opts.address, port, name).catch(() => false))) return false;
      return true;
    }, 20_000));
  if (!ready) {
    const details = `${start.output}\n--- maillog ---\n${maillog()}`;
    await stop();
    throw new Error(`postfix on ${opts.address} did not become ready:\n${details}`);
  }
  return { address: opts.address, name, ports, configDir, maillog, stop };
}
