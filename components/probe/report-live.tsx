"use client";

import useSWR from "swr";
import type { Report } from "@/lib/probe/types";
import { ResultsPanel } from "./results-panel";

interface ReportLiveProps {
  /** The report as the server rendered it (state "running"). */
  initial: Report;
}

class FetchError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

async function fetchReport(url: string): Promise<Report> {
  const res = await fetch(url, { cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) throw new FetchError(res.status);
  return (await res.json()) as Report;
}

/** A permalink opened while its probe is still running: poll the report until it is done. */
export function ReportLive({ initial }: ReportLiveProps) {
  const { data, error } = useSWR<Report>(`/api/reports/${encodeURIComponent(initial.id)}`, fetchReport, {
    fallbackData: initial,
    refreshInterval: (latest) => (latest && latest.state !== "running" ? 0 : 1000),
    revalidateOnFocus: false,
    dedupingInterval: 500,
  });
  const report = data ?? initial;

  return (
    <div data-testid="report-live" data-polling={report.state === "running" ? "true" : "false"}>
      {error && report.state === "running" && (
        <p className="mb-4 rounded-lg border border-line bg-surface-2 px-3 py-2 text-sm text-muted" role="status">
          Live updates are interrupted; retrying…
        </p>
      )}
      <ResultsPanel report={report} />
    </div>
  );
}
