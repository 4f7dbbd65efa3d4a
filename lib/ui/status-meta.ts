// Presentation of the six statuses. Class names are written out in full so Tailwind's scanner
// sees them; never build them by string concatenation.
import type { Status } from "@/lib/probe/types";

export interface StatusMeta {
  /** The word shown beside the icon (colour is never the only signal). */
  label: string;
  /** One-line meaning, for tooltips and the legend. */
  meaning: string;
  text: string;
  soft: string;
  border: string;
  /** Solid accent bar (left edge of rows and banners). */
  bar: string;
}

export const STATUS_META: Record<Status, StatusMeta> = {
  pass: {
    label: "Pass",
    meaning: "Works as it should.",
    text: "text-pass",
    soft: "bg-pass-soft",
    border: "border-pass-line",
    bar: "bg-pass",
  },
  info: {
    label: "Info",
    meaning: "Worth knowing, not a problem.",
    text: "text-info",
    soft: "bg-info-soft",
    border: "border-info-line",
    bar: "bg-info",
  },
  warn: {
    label: "Warning",
    meaning: "Works, but should be improved.",
    text: "text-warn",
    soft: "bg-warn-soft",
    border: "border-warn-line",
    bar: "bg-warn",
  },
  fail: {
    label: "Fail",
    meaning: "Misconfigured: mail is affected or at risk.",
    text: "text-fail",
    soft: "bg-fail-soft",
    border: "border-fail-line",
    bar: "bg-fail",
  },
  inconclusive: {
    label: "Inconclusive",
    meaning: "We could not tell; this is not a verdict on your server.",
    text: "text-inconclusive",
    soft: "bg-inconclusive-soft",
    border: "border-inconclusive-line",
    bar: "bg-inconclusive",
  },
  skipped: {
    label: "Skipped",
    meaning: "Not run because an earlier step did not succeed.",
    text: "text-skipped",
    soft: "bg-skipped-soft",
    border: "border-skipped-line",
    bar: "bg-skipped",
  },
};

/** Display order for counts: worst first, skipped last. */
export const STATUS_ORDER: Status[] = ["fail", "inconclusive", "warn", "info", "pass", "skipped"];

/** Statuses whose explanation is shown expanded without a click. */
export function explainsInline(status: Status): boolean {
  return status === "warn" || status === "fail" || status === "inconclusive";
}

/** Headline for the overall verdict of a finished report. */
export function verdictHeadline(status: Status): string {
  switch (status) {
    case "pass":
      return "Everything we tested works";
    case "info":
      return "Everything works, with notes";
    case "warn":
      return "Mail flows, but some things need attention";
    case "fail":
      return "Problems found";
    case "inconclusive":
      return "Some checks could not be completed";
    case "skipped":
      return "Nothing could be tested";
  }
}
