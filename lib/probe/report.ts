// The report is a fold over the event stream. The store, the live page and the CLI all use
// this one reducer, so a permalink shows exactly what the live page showed.
import { worstStatus } from "./status";
import type { ProbeEvent, Report } from "./types";

export const SCHEMA_VERSION = 1 as const;

export function emptyReport(id: string, target: string, createdAt: string): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    target,
    normalizedTarget: null,
    ports: [],
    relay: false,
    createdAt,
    finishedAt: null,
    durationMs: null,
    status: "pass",
    state: "running",
    error: null,
    checks: [],
    sessions: [],
  };
}

export function applyEvent(report: Report, event: ProbeEvent): Report {
  switch (event.type) {
    case "started":
      return {
        ...report,
        id: event.id,
        normalizedTarget: event.target,
        ports: event.ports,
        relay: event.relay,
        createdAt: event.createdAt,
        ...(event.notes?.length ? { notes: event.notes } : {}),
        ...(event.heloName ? { heloName: event.heloName } : {}),
        ...(event.reused ? { reused: event.reused } : {}),
      };
    case "session": {
      if (event.phase !== "end" || !event.session) return report;
      return { ...report, sessions: [...report.sessions, event.session] };
    }
    case "check": {
      const checks = [...report.checks, event.check];
      return { ...report, checks, status: worstStatus(checks.map((c) => c.status)) };
    }
    case "finished":
      return {
        ...report,
        state: "finished",
        status: event.status,
        finishedAt: event.finishedAt,
        durationMs: event.durationMs,
      };
    case "failed":
      return {
        ...report,
        state: event.code === "aborted" ? "aborted" : "failed",
        error: { code: event.code, message: event.message },
        finishedAt: report.finishedAt ?? new Date().toISOString(),
        status: event.code === "aborted" ? report.status : "inconclusive",
      };
  }
}
