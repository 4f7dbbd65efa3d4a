import { StatusIcon } from "@/components/ui/status-icon";
import { escapeControl } from "@/lib/ui/format";
import type { TlsVersionResult, TlsVersionRow } from "@/lib/ui/session-extras";

const RESULT_TEXT: Record<TlsVersionResult, string> = {
  accepted: "Accepted",
  rejected: "Rejected",
  error: "Could not tell",
  "not-tested": "Not tested",
};

function Result({ row }: { row: TlsVersionRow }) {
  if (row.result === "not-tested" || row.result === "error") {
    return <span className="text-muted">{RESULT_TEXT[row.result]}</span>;
  }
  // Icons follow what is good for this version: accepting 1.0/1.1 is a warning, refusing them a pass.
  const legacy = row.version === "1.0" || row.version === "1.1";
  const status = row.outdated ? "warn" : row.result === "accepted" || legacy ? "pass" : "skipped";
  const tone = status === "warn" ? "text-warn" : status === "pass" ? "text-pass" : "text-muted";
  return (
    <span className={`inline-flex items-center gap-1.5 font-medium ${tone}`}>
      <StatusIcon status={status} className="size-3.5" />
      {RESULT_TEXT[row.result]}
      {row.outdated && <span className="font-normal"> — outdated</span>}
    </span>
  );
}

/** Which TLS versions the server accepts, one handshake per version. */
export function TlsVersions({ rows }: { rows: TlsVersionRow[] }) {
  return (
    <div className="overflow-hidden rounded-lg border border-line" data-testid="tls-versions">
      <table className="w-full text-sm">
        <caption className="sr-only">TLS versions the server accepts</caption>
        <thead className="bg-surface-2 text-left text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-1.5 font-medium">
              Version
            </th>
            <th scope="col" className="px-3 py-1.5 font-medium">
              Result
            </th>
            <th scope="col" className="hidden px-3 py-1.5 font-medium sm:table-cell">
              Detail
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {rows.map((row) => (
            <tr key={row.version} data-version={row.version} data-result={row.result}>
              <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left font-mono font-medium">
                TLS {row.version}
              </th>
              <td className="px-3 py-1.5">
                <Result row={row} />
                {row.detail && (
                  <span className="block font-mono text-xs text-subtle [overflow-wrap:anywhere] sm:hidden">
                    {escapeControl(row.detail)}
                  </span>
                )}
              </td>
              <td className="hidden px-3 py-1.5 font-mono text-xs text-muted [overflow-wrap:anywhere] sm:table-cell">
                {row.detail ? escapeControl(row.detail) : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
