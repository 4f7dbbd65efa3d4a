// Words for a shared report: the permalink's <title> and description, and the text of its
// OpenGraph image. Pure, so the page, the image route and the tests agree on every phrase.
import type { Report, Status } from "@/lib/probe/types";
import { formatDateTime } from "./format";

export type StatusCounts = Record<Status, number>;

export function statusCounts(report: Pick<Report, "checks">): StatusCounts {
  const counts: StatusCounts = { pass: 0, info: 0, warn: 0, fail: 0, inconclusive: 0, skipped: 0 };
  for (const check of report.checks) counts[check.status] += 1;
  return counts;
}

const NOUNS: Record<Status, [string, string]> = {
  fail: ["failure", "failures"],
  inconclusive: ["inconclusive", "inconclusive"],
  warn: ["warning", "warnings"],
  info: ["note", "notes"],
  pass: ["pass", "passes"],
  skipped: ["skipped", "skipped"],
};

export function countPhrase(status: Status, n: number): string {
  return `${n} ${NOUNS[status][n === 1 ? 0 : 1]}`;
}

/** The target as tested: the A-label (ASCII) for IDN names, so it reads the same everywhere. */
export function shareTarget(report: Pick<Report, "target" | "normalizedTarget">): string {
  return report.normalizedTarget?.name ?? report.target;
}

/**
 * The verdict in a few words: the worst status with its count ("2 failures"), or how the run
 * ended when it did not finish.
 */
export function verdictPhrase(report: Pick<Report, "state" | "status" | "checks">): string {
  if (report.state === "running") return "test in progress";
  if (report.state === "failed") return "the test could not run";
  if (report.state === "aborted") return "test stopped before the end";
  const counts = statusCounts(report);
  for (const status of ["fail", "inconclusive", "warn"] as const) {
    if (counts[status] > 0) return countPhrase(status, counts[status]);
  }
  if (counts.pass + counts.info === 0) return "nothing could be tested";
  return "all checks passed";
}

/** One word for the image's headline, with the status whose colour and icon it uses. */
export function verdictWord(report: Pick<Report, "state" | "status">): { word: string; status: Status } {
  if (report.state === "running") return { word: "Running", status: "skipped" };
  if (report.state === "failed") return { word: "Not tested", status: "inconclusive" };
  if (report.state === "aborted") return { word: "Stopped", status: "inconclusive" };
  const words: Record<Status, string> = {
    pass: "Passed",
    info: "Passed",
    warn: "Warnings",
    fail: "Failed",
    inconclusive: "Inconclusive",
    skipped: "Not tested",
  };
  return { word: words[report.status], status: report.status };
}

export function shareTitle(
  report: Pick<Report, "target" | "normalizedTarget" | "state" | "status" | "checks">,
): string {
  return `${shareTarget(report)}: ${verdictPhrase(report)} — mailprobe report`;
}

export function shareDescription(
  report: Pick<Report, "target" | "normalizedTarget" | "state" | "status" | "checks" | "ports" | "createdAt">,
): string {
  const ports = report.ports.length ? ` on port${report.ports.length === 1 ? "" : "s"} ${report.ports.join(", ")}` : "";
  const head = `Mail server test of ${shareTarget(report)}${ports}, ${formatDateTime(report.createdAt)}`;
  if (report.state !== "finished") return `${head}: ${verdictPhrase(report)}.`;
  const counts = statusCounts(report);
  const parts = (["fail", "inconclusive", "warn", "info", "pass"] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => countPhrase(s, counts[s]));
  const tally = parts.length ? parts.join(", ") : verdictPhrase(report);
  return `${head}: ${tally}. Reachability, STARTTLS, certificate and open relay, explained.`;
}

/**
 * Text safe to draw in the share image: printable ASCII only (anything else becomes "?"), so
 * the image renderer never has to fetch a fallback font for a glyph, and at most `max`
 * characters, cut with "...".
 */
export function imageText(text: string, max: number): string {
  const ascii = text.replace(/[^\x20-\x7e]/gu, "?").trim();
  if (ascii.length <= max) return ascii;
  return `${ascii.slice(0, Math.max(0, max - 3)).trimEnd()}...`;
}
