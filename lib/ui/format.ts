// Small, deterministic formatters for the results UI. Deterministic matters: the same Report is
// rendered on the server (permalink) and in the browser, so nothing here may depend on the
// viewer's time zone or locale, or React would see a hydration mismatch.

/** "850 ms", "1.4 s", "2 min 5 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) {
    const s = ms / 1000;
    return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  }
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** Whole seconds, as a wait or an age: "42 s", "4 min 12 s", "1 h 5 min". */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  const total = Math.round(s / 60);
  const hours = Math.floor(total / 60);
  return total % 60 ? `${hours} h ${total % 60} min` : `${hours} h`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "28 Nov 2026, 03:45 UTC" — always UTC so server and browser agree. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "28 Nov 2026". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Whole days from `from` to `iso` (negative when in the past). */
export function daysUntil(iso: string, from: Date | number): number | null {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return null;
  const base = typeof from === "number" ? from : from.getTime();
  return Math.floor((t - base) / 86_400_000);
}

/** Transcript time stamp: "+0.000 s". */
export function formatOffset(ms: number): string {
  if (!Number.isFinite(ms)) return "";
  return `+${(Math.max(0, ms) / 1000).toFixed(3)}s`;
}

/** Bytes in a compact binary unit: "50 MiB". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return String(n);
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  const shown = i === 0 ? String(v) : v % 1 === 0 ? String(v) : v.toFixed(1);
  return `${shown} ${units[i]}`;
}

const NAMED_ESCAPES: Record<string, string> = {
  "\t": "\\t",
  "\r": "\\r",
  "\n": "\\n",
  "\u001b": "\\e",
};

/** Unicode format characters that reorder, hide or break text: bidi marks, embeddings,
 * overrides and isolates, zero-width characters, line/paragraph separators, invisible
 * operators, deprecated format controls, interlinear annotations and the BOM. */
function isFormatChar(cp: number): boolean {
  return (
    cp === 0x061c ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0x2066 && cp <= 0x206f) ||
    cp === 0xfeff ||
    (cp >= 0xfff9 && cp <= 0xfffb)
  );
}

/**
 * Make invisible and control characters visible: C0 controls, DEL, C1 controls, and the Unicode
 * format characters that can reorder or hide text (see isFormatChar). An ANSI escape sequence
 * thus shows as "\e[31m", a right-to-left override as "\u202e".
 * Printable text passes through unchanged. Newlines are escaped too unless keepNewlines is set.
 */
export function escapeControl(text: string, keepNewlines = false): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (keepNewlines && ch === "\n") {
      out += ch;
      continue;
    }
    const isC0 = cp < 0x20 || cp === 0x7f;
    const isC1 = cp >= 0x80 && cp <= 0x9f;
    if (isC0 || isC1) {
      out += NAMED_ESCAPES[ch] ?? `\\x${cp.toString(16).padStart(2, "0")}`;
    } else if (isFormatChar(cp)) {
      out += `\\u${cp.toString(16).padStart(4, "0")}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * Split one transcript entry into display lines: a multi-line SMTP reply is stored as one entry
 * with CRLFs. A single trailing line break is dropped; other control characters are escaped.
 */
export function transcriptDisplayLines(text: string): string[] {
  const trimmed = text.replace(/\r?\n$/, "");
  return trimmed.split(/\r?\n/).map((line) => escapeControl(line));
}

/** A token safe for data-testid and id attributes: lower case, [a-z0-9.-] only. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** "1 check", "3 checks". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Accept only http(s) and same-site links from data (never javascript: and friends). */
export function safeHref(href: string): string | null {
  if (href.startsWith("/") && !href.startsWith("//")) return href;
  try {
    const url = new URL(href);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/** Stable React keys for values that may repeat: "a", "b", "a#2". */
export function uniqueKeys(values: string[]): string[] {
  const seen = new Map<string, number>();
  return values.map((v) => {
    const n = (seen.get(v) ?? 0) + 1;
    seen.set(v, n);
    return n === 1 ? v : `${v}#${n}`;
  });
}
