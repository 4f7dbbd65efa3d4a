import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ReportLive } from "@/components/probe/report-live";
import { ResultsPanel, reportTargetLabel } from "@/components/probe/results-panel";
import { ShareLink } from "@/components/probe/share-link";
import { isReportId } from "@/lib/probe/ids";
import type { Report } from "@/lib/probe/types";
import { getReportStore } from "@/lib/reports";
import { formatDateTime } from "@/lib/ui/format";
import { shareDescription, shareTitle } from "@/lib/ui/share-summary";

export const runtime = "nodejs";
// Reports change while their probe runs: never cache this page.
export const dynamic = "force-dynamic";

interface PageProps {
  params: Promise<{ id: string }>;
}

/** One store read per request, shared by generateMetadata and the page. */
const loadReport = cache((id: string): Report | null => (isReportId(id) ? getReportStore().get(id) : null));

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { id } = await params;
  const report = loadReport(id);
  if (!report) return { title: "No report with this id", robots: { index: false } };
  const title = shareTitle(report);
  const description = shareDescription(report);
  // The images themselves come from opengraph-image.tsx / twitter-image.tsx beside this page;
  // Next adds their URLs (and size, alt) to these fields.
  return {
    title: { absolute: title },
    description,
    openGraph: { type: "article", title, description, siteName: "mailprobe" },
    twitter: { card: "summary_large_image", title, description },
    // Reports are reachable by link only; keep them out of search indexes.
    robots: { index: false, follow: false },
  };
}

function rerunHref(report: Report): string {
  const q = new URLSearchParams({ target: report.target });
  if (report.ports.length) q.set("ports", report.ports.join(","));
  if (!report.relay) q.set("relay", "0");
  return `/?${q.toString()}`;
}

export default async function ReportPage({ params }: PageProps) {
  const { id } = await params;
  if (!isReportId(id)) notFound();
  const report = loadReport(id);
  if (!report) notFound();

  return (
    <div className="mx-auto max-w-5xl px-4 py-8 sm:px-6 sm:py-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <p className="text-xs font-semibold uppercase tracking-[0.14em] text-muted">Mail server report</p>
          <h1
            className="mt-1 text-2xl font-semibold tracking-tight [overflow-wrap:anywhere] sm:text-3xl"
            data-testid="report-target"
          >
            {reportTargetLabel(report)}
          </h1>
          <p className="mt-1 text-sm text-muted">
            Tested <time dateTime={report.createdAt}>{formatDateTime(report.createdAt)}</time>
            {report.heloName && (
              <>
                {" "}
                · we connected as <span className="font-mono text-[0.8125rem]">{report.heloName}</span>
              </>
            )}
            {report.normalizedTarget && report.normalizedTarget.input !== reportTargetLabel(report) && (
              <> · entered as “{report.normalizedTarget.input}”</>
            )}
          </p>
        </div>
        <Link
          href={rerunHref(report)}
          className="inline-flex items-center gap-1.5 rounded-lg border border-line-strong bg-surface px-3 py-1.5 text-sm font-medium text-fg shadow-sm hover:bg-surface-2"
          data-testid="rerun"
        >
          <svg className="size-4" viewBox="0 0 20 20" fill="none" aria-hidden focusable={false}>
            <path
              d="M15.5 10a5.5 5.5 0 1 1-1.6-3.9M15.5 3.8v3.4h-3.4"
              stroke="currentColor"
              strokeWidth="1.7"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          Test again
        </Link>
      </div>

      <ShareLink id={report.id} className="mt-6" />

      <div className="mt-6">
        {report.state === "running" ? <ReportLive initial={report} /> : <ResultsPanel report={report} />}
      </div>
    </div>
  );
}
