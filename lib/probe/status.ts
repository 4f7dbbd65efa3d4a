import type { Status } from "./types";

/** Worst first. "skipped" never decides the overall status. */
const SEVERITY: Record<Status, number> = {
  fail: 5,
  inconclusive: 4,
  warn: 3,
  info: 2,
  pass: 1,
  skipped: 0,
};

/** Combine = keep the worst (fail > inconclusive > warn > info > pass); skipped is ignored. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = "pass";
  for (const s of statuses) if (SEVERITY[s] > SEVERITY[worst]) worst = s;
  return worst;
}

export function severity(status: Status): number {
  return SEVERITY[status];
}
