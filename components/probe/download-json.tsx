"use client";

import type { Report } from "@/lib/probe/types";

/** Saves the whole report as the same JSON document the API and the CLI give. */
export function DownloadJson({ report }: { report: Report }) {
  const onClick = () => {
    const blob = new Blob([`${JSON.stringify(report, null, 2)}\n`], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `mailprobe-${report.id || "report"}.json`;
    document.body.append(a);
    a.click();
    a.remove();
    // Revoked later: Chromium reads the blob after click() returns.
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button
      type="button"
      onClick={onClick}
      className="rounded-md border border-line bg-surface px-2.5 py-1 text-xs font-medium text-fg hover:bg-surface-2"
      data-testid="download-json"
    >
      Download JSON
    </button>
  );
}
