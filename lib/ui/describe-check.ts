// One place where the UI asks the explanations module for wording, with a fallback so a
// missing entry degrades to the raw outcome instead of breaking the page.

import type { ExplanationText } from "@/components/probe/explanation";
import { CHECK_TITLES, explain } from "@/lib/probe/explanations";
import type { CheckResult } from "@/lib/probe/types";

export function checkTitle(check: Pick<CheckResult, "id">): string {
  return CHECK_TITLES[check.id] ?? check.id;
}

export function describeCheck(check: CheckResult): ExplanationText {
  try {
    const e = explain(check);
    if (e && typeof e.title === "string") return e;
  } catch {
    // Fall through.
  }
  return { title: check.outcome.replace(/-/g, " "), why: "", fix: "" };
}
