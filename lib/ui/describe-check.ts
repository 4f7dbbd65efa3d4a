// One place where the UI asks the explanations module for wording, with a fallback so a
// missing entry degrades to the raw outcome instead of breaking the page.

import type { ExplanationText } from "@/components/probe/explanation";
import { CHECK_TITLES, explain } from "@/lib/probe/explanations";
import type { CheckResult } from "@/lib/probe/types";
import { escapeControl } from "./format";

export function checkTitle(check: Pick<CheckResult, "id">): string {
  return CHECK_TITLES[check.id] ?? check.id;
}

/**
 * Explanations carry server text through their {placeholders}. The engine already replaces
 * controls in params; escaping again here means no invisible or reordering character (zero-width,
 * bidi marks) reaches the page, whatever a future check puts in its params.
 */
export function describeCheck(check: CheckResult): ExplanationText {
  try {
    const e = explain(check);
    if (e && typeof e.title === "string") {
      return {
        ...e,
        title: escapeControl(e.title),
        why: escapeControl(e.why, true),
        fix: escapeControl(e.fix, true),
        hosted: escapeControl(e.hosted ?? ""),
      };
    }
  } catch {
    // Fall through.
  }
  return { title: escapeControl(check.outcome.replace(/-/g, " ")), why: "", fix: "" };
}
