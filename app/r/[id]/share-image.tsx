// The share card of one report (OpenGraph and Twitter images), drawn with next/og. Only the
// font next/og bundles is used and every string goes through imageText (printable ASCII), so
// rendering never reaches for a network font or emoji.
import { ImageResponse } from "next/og";
import { isReportId } from "@/lib/probe/ids";
import type { Report, Status } from "@/lib/probe/types";
import { getReportStore } from "@/lib/reports";
import { formatDateTime } from "@/lib/ui/format";
import { countPhrase, imageText, shareTarget, statusCounts, verdictPhrase, verdictWord } from "@/lib/ui/share-summary";

export const SHARE_IMAGE_SIZE = { width: 1200, height: 630 };
export const SHARE_IMAGE_ALT = "mailprobe report: the verdict, the tested mail server and the date of the test";

// The light theme's status colours (app/globals.css), with a soft background per status.
const COLOURS: Record<Status, { fg: string; soft: string }> = {
  pass: { fg: "#177245", soft: "#e3f4ea" },
  info: { fg: "#1d5fc4", soft: "#e4eefc" },
  warn: { fg: "#9a5a05", soft: "#fcf0db" },
  fail: { fg: "#b42318", soft: "#fde7e5" },
  inconclusive: { fg: "#6841c7", soft: "#eee8fc" },
  skipped: { fg: "#5f6b7a", soft: "#eceef1" },
};

/** The status shapes of components/ui/status-icon.tsx, with explicit colours for the renderer. */
function Icon({ status, size }: { status: Status; size: number }) {
  const stroke = COLOURS[status].fg;
  const common = { stroke, strokeWidth: 1.8, strokeLinecap: "round" as const, strokeLinejoin: "round" as const };
  const circle = (
    <circle cx="10" cy="10" r="8" {...common} strokeDasharray={status === "skipped" ? "3 2.4" : undefined} />
  );
  let inner: React.ReactNode;
  switch (status) {
    case "pass":
      inner = <path d="M6.5 10.2l2.4 2.4 4.6-5" {...common} />;
      break;
    case "info":
      inner = <path d="M10 9v5M10 6.2v.1" {...common} />;
      break;
    case "fail":
      inner = <path d="M7.2 7.2l5.6 5.6M12.8 7.2l-5.6 5.6" {...common} />;
      break;
    case "inconclusive":
      inner = <path d="M7.8 7.9a2.3 2.3 0 1 1 3.2 2.1c-.6.3-1 .8-1 1.4v.4M10 14.3v.1" {...common} />;
      break;
    case "skipped":
      inner = <path d="M6.8 10h6.4" {...common} />;
      break;
    case "warn":
      inner = <path d="M10 8v3.8M10 14.1v.1" {...common} />;
      break;
  }
  return (
    <svg width={size} height={size} viewBox="0 0 20 20" fill="none" aria-hidden="true">
      {status === "warn" ? <path d="M10 2.8l7.6 13.4H2.4z" {...common} /> : circle}
      {inner}
    </svg>
  );
}

function Card({ report }: { report: Report }) {
  const { word, status } = verdictWord(report);
  const counts = statusCounts(report);
  const shown = (["fail", "inconclusive", "warn", "info", "pass", "skipped"] as const).filter((s) => counts[s] > 0);
  const date = formatDateTime(report.createdAt);
  const ports = report.ports.length ? `port ${report.ports.join(", ")}` : "";
  return (
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        flexDirection: "column",
        justifyContent: "space-between",
        background: "#f6f7f9",
        color: "#101828",
        padding: "56px 72px",
        borderTop: `16px solid ${COLOURS[status].fg}`,
      }}
    >
      <div style={{ display: "flex", alignItems: "center", justifyContent: "space-between", fontSize: 30 }}>
        <div style={{ display: "flex", color: "#1f5bd1" }}>mailprobe</div>
        <div style={{ display: "flex", color: "#556070" }}>Mail server report</div>
      </div>
      <div style={{ display: "flex", flexDirection: "column" }}>
        <div style={{ display: "flex", alignItems: "center", color: COLOURS[status].fg }}>
          <Icon status={status} size={112} />
          <div style={{ display: "flex", marginLeft: 28, fontSize: 104, lineHeight: 1 }}>{word}</div>
        </div>
        <div style={{ display: "flex", marginTop: 28, fontSize: 56, lineHeight: 1.15 }}>
          {imageText(shareTarget(report), 36)}
        </div>
        <div style={{ display: "flex", marginTop: 12, fontSize: 30, color: "#556070" }}>
          {imageText([`Tested ${date}`, ports, verdictPhrase(report)].filter(Boolean).join("  |  "), 80)}
        </div>
      </div>
      <div style={{ display: "flex", flexWrap: "wrap" }}>
        {shown.map((s) => (
          <div
            key={s}
            style={{
              display: "flex",
              alignItems: "center",
              marginRight: 18,
              padding: "10px 20px",
              borderRadius: 14,
              background: COLOURS[s].soft,
              color: COLOURS[s].fg,
              fontSize: 30,
            }}
          >
            <Icon status={s} size={34} />
            <div style={{ display: "flex", marginLeft: 12 }}>{countPhrase(s, counts[s])}</div>
          </div>
        ))}
      </div>
    </div>
  );
}

/** The PNG for a stored report, or a plain 404 for an unknown id. */
export async function renderShareImage(params: Promise<{ id: string }>): Promise<Response> {
  const { id } = await params;
  const report = isReportId(id) ? getReportStore().get(id) : null;
  if (!report) {
    return new Response("No report with this id", {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  return new ImageResponse(<Card report={report} />, {
    ...SHARE_IMAGE_SIZE,
    // A running report changes: let it be fetched again; a finished one is final.
    headers: { "cache-control": report.state === "running" ? "no-store" : "public, max-age=3600" },
  });
}
