// A stored report turned back into the event stream that built it, so a reused report reaches
// the page through the same reducer as a live one. Folding these events with applyEvent gives
// the same checks and sessions, in the same order, as the stored report.
import type { ProbeEvent, Report, ReuseInfo } from "../probe/types";

/** The events of a finished report; null when it has nothing to replay (never started, not finished). */
export function eventsFromReport(report: Report, reused?: ReuseInfo): ProbeEvent[] | null {
  if (report.state !== "finished" || !report.normalizedTarget || !report.finishedAt) return null;
  const events: ProbeEvent[] = [
    {
      type: "started",
      id: report.id,
      target: report.normalizedTarget,
      ports: report.ports,
      relay: report.relay,
      createdAt: report.createdAt,
      ...(report.notes?.length ? { notes: report.notes } : {}),
      ...(report.heloName ? { heloName: report.heloName } : {}),
      ...(reused ? { reused } : {}),
    },
  ];
  for (const session of report.sessions) {
    const where = { host: session.host, ip: session.ip, port: session.port };
    events.push({ type: "session", phase: "start", ...where });
    events.push({ type: "session", phase: "end", ...where, session });
  }
  for (const check of report.checks) events.push({ type: "check", check });
  events.push({
    type: "finished",
    status: report.status,
    durationMs: report.durationMs ?? 0,
    finishedAt: report.finishedAt,
  });
  return events;
}
