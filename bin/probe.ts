// mailprobe CLI: npm run -s probe -- <target> [--port N]... [--no-relay] [--json]
// Exit 0 when nothing failed, 1 when a check failed, 2 for bad usage or a probe that could not run.
import { parseArgs } from "node:util";
import { engineSettingsFromEnv } from "../lib/probe/engine-from-env";
import { explain } from "../lib/probe/explanations";
import { applyEvent, emptyReport } from "../lib/probe/report";
import { runProbe } from "../lib/probe/run-probe";
import { describeIssues, probeRequestSchema } from "../lib/probe/schema";
import type { CheckResult, ProbeEvent, Report } from "../lib/probe/types";

const USAGE = `usage: npm run -s probe -- <target> [--port 25] [--port 587] [--port 465] [--no-relay] [--json]

  <target>     a domain (its MX hosts are tested), a host name, an IP address,
               or an email address (its domain)
  --port N     25, 587 or 465; repeat for several (default: 25)
  --no-relay   skip the open-relay test on port 25
  --json       print the report JSON instead of live lines

exit code: 0 nothing failed · 1 a check failed · 2 bad usage or the probe could not run`;

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, s: string) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);
const STATUS_STYLE: Record<CheckResult["status"], [number, string]> = {
  pass: [32, "PASS"],
  info: [36, "INFO"],
  warn: [33, "WARN"],
  fail: [31, "FAIL"],
  inconclusive: [35, "INCONCLUSIVE"],
  skipped: [90, "SKIPPED"],
};

/** Server text may carry escape sequences: never let it drive the terminal. */
function safe(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

function usage(message?: string): never {
  if (message) process.stderr.write(`mailprobe: ${message}\n\n`);
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

function where(c: CheckResult): string {
  const { host, ip, port } = c.subject;
  if (ip && port) return `${host && host !== ip ? `${host} ` : ""}[${ip}]:${port}`;
  return host ?? "";
}

const INDENT = " ".repeat(13);
const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => `${INDENT}${safe(l)}`)
    .join("\n");

/** Live listing: one line per check; a session's skipped checks fold into one line at its end. */
class LiveListing {
  private readonly skipped = new Map<string, { count: number; title: string }>();

  render(event: ProbeEvent): string | null {
    switch (event.type) {
      case "started":
        return `mailprobe ${event.target.name}${event.target.unicode ? ` (${event.target.unicode})` : ""} · ports ${event.ports.join(", ")} · relay test ${event.relay ? "on" : "off"}`;
      case "check":
        return this.check(event.check);
      case "session": {
        if (event.phase !== "end") return null;
        const key = `${event.host} [${event.ip}]:${event.port}`;
        const folded = this.skipped.get(key);
        if (!folded) return null;
        this.skipped.delete(key);
        const [color, word] = STATUS_STYLE.skipped;
        return `${paint(color, word.padEnd(12))} ${`${folded.count} more`.padEnd(16)} ${safe(key).padEnd(34)} ${safe(folded.title)}`;
      }
      case "finished": {
        const [color, word] = STATUS_STYLE[event.status];
        return `\noverall: ${paint(color, word)} in ${(event.durationMs / 1000).toFixed(1)} s`;
      }
      case "failed":
        return `mailprobe: ${safe(event.message)}`;
    }
  }

  private check(c: CheckResult): string | null {
    const e = explain(c);
    if (c.status === "skipped" && c.subject.port) {
      const key = where(c);
      const prev = this.skipped.get(key);
      this.skipped.set(key, { count: (prev?.count ?? 0) + 1, title: e.title });
      return null;
    }
    const [color, word] = STATUS_STYLE[c.status];
    const time = c.durationMs && !/\d\s?m?s\b/.test(e.title) ? paint(90, ` (${c.durationMs} ms)`) : "";
    const head = `${paint(color, word.padEnd(12))} ${c.id.padEnd(16)} ${safe(where(c)).padEnd(34)} ${safe(e.title)}${time}`;
    if (c.status === "pass" || c.status === "info" || c.status === "skipped") return head;
    return [head, e.why && indent(`why: ${e.why}`), e.fix && indent(`fix: ${e.fix}`)].filter(Boolean).join("\n");
  }
}

async function main(): Promise<number> {
  const options = {
    port: { type: "string", multiple: true },
    "no-relay": { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  } as const;
  let args: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    args = parseArgs({ options, allowPositionals: true });
  } catch (err) {
    usage((err as Error).message);
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.positionals.length !== 1)
    usage(args.positionals.length === 0 ? "a target is required" : "give exactly one target");
  const ports = (args.values.port ?? ["25"]).map((p) => Number(p));
  const request = probeRequestSchema.safeParse({ target: args.positionals[0], ports, relay: !args.values["no-relay"] });
  if (!request.success) usage(describeIssues(request.error));

  let settings: ReturnType<typeof engineSettingsFromEnv>;
  try {
    settings = engineSettingsFromEnv();
  } catch (err) {
    process.stderr.write(`mailprobe: ${(err as Error).message}\n`);
    return 2;
  }
  const abort = new AbortController();
  process.once("SIGINT", () => abort.abort());

  let report: Report = emptyReport("", request.data.target, new Date().toISOString());
  const listing = new LiveListing();
  for await (const event of runProbe({ ...settings, request: request.data, signal: abort.signal })) {
    report = applyEvent(report, event);
    if (args.values.json) continue;
    const text = listing.render(event);
    if (text) (event.type === "failed" ? process.stderr : process.stdout).write(`${text}\n`);
  }
  if (args.values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (report.state !== "finished") return 2;
  return report.checks.some((c) => c.status === "fail") ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`mailprobe: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
