import { Spinner, StatusIcon } from "@/components/ui/status-icon";
import { escapeControl, plural } from "@/lib/ui/format";
import { PORT_ROLES, sessionLabel } from "@/lib/ui/report-view";
import type { MatrixCell, MatrixHost, NotTested, SessionMatrix as SessionMatrixModel } from "@/lib/ui/session-matrix";
import { STATUS_META } from "@/lib/ui/status-meta";

interface SessionMatrixProps {
  matrix: SessionMatrixModel;
}

const STATE_WORD: Record<MatrixCell["state"], string> = {
  queued: "Queued",
  running: "Testing",
  done: "No result",
  incomplete: "Unfinished",
  "not-run": "Not run",
};

/** Statuses worth flagging on a cell that is still running. */
const EARLY_WARNING = new Set(["fail", "inconclusive", "warn"]);

function cellWord(cell: MatrixCell): string {
  if (cell.state === "queued" || cell.state === "not-run" || cell.state === "running") return STATE_WORD[cell.state];
  return cell.status ? STATUS_META[cell.status].label : STATE_WORD[cell.state];
}

/** Spoken and hover text: where, what, and how far along. */
function cellDescription(cell: MatrixCell): string {
  const where = sessionLabel(cell);
  const word = cellWord(cell);
  switch (cell.state) {
    case "queued":
      return `${where}: queued, not started yet`;
    case "not-run":
      return `${where}: not run before the test ended`;
    case "running":
      return `${where}: testing, ${plural(cell.checkCount, "check")} so far${cell.status ? `, worst so far ${STATUS_META[cell.status].label}` : ""}`;
    case "incomplete":
      return `${where}: ${word}, did not finish before the test ended`;
    default:
      return `${where}: ${word}`;
  }
}

function QueuedIcon() {
  return (
    <svg
      className="size-3.5"
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="10" cy="10" r="7.5" strokeDasharray="2 2.6" />
      <path d="M10 6.5V10l2.2 1.6" />
    </svg>
  );
}

function Cell({ cell }: { cell: MatrixCell }) {
  const meta = cell.status ? STATUS_META[cell.status] : null;
  const finished = cell.state === "done" || cell.state === "incomplete";
  let tone = "border-dashed border-line-strong bg-surface text-subtle";
  if (cell.state === "running") tone = "border-line bg-surface text-muted";
  else if (finished && meta) tone = `${meta.border} ${meta.soft} ${meta.text}`;
  else if (cell.state === "not-run") tone = "border-line bg-surface-2 text-subtle";

  let icon = <QueuedIcon />;
  if (cell.state === "running")
    icon = (
      <span className="text-accent">
        <Spinner className="size-3.5" />
      </span>
    );
  else if (cell.status) icon = <StatusIcon status={cell.status} className="size-3.5" />;
  else if (cell.state !== "queued") icon = <StatusIcon status="skipped" className="size-3.5" />;

  // A running session that already has a bad result shows it beside the spinner.
  const early = cell.state === "running" && cell.status && EARLY_WARNING.has(cell.status) ? cell.status : null;
  const body = (
    <>
      <span className="inline-flex items-center gap-1">
        {icon}
        {early && (
          <span className={STATUS_META[early].text}>
            <StatusIcon status={early} className="size-3.5" />
          </span>
        )}
      </span>
      <span className="leading-tight">{cellWord(cell)}</span>
    </>
  );
  const shared = {
    "data-testid": cell.testId,
    "data-status": cell.status ?? cell.state,
    "data-state": cell.state,
    title: cellDescription(cell),
    className: `flex min-h-11 w-full flex-col items-center justify-center gap-0.5 rounded-md border px-1 py-1.5 text-center text-xs font-medium sm:flex-row sm:gap-1.5 sm:px-2 ${tone}`,
  };
  return (
    <td className="p-1 align-middle">
      {cell.anchor ? (
        <a
          href={`#${cell.anchor}`}
          aria-label={cellDescription(cell)}
          {...shared}
          className={`${shared.className} transition hover:brightness-95 hover:ring-2 hover:ring-ring/30 dark:hover:brightness-125`}
        >
          {body}
        </a>
      ) : (
        <span {...shared} role="img" aria-label={cellDescription(cell)}>
          {body}
        </span>
      )}
    </td>
  );
}

function HostRows({ host, columns }: { host: MatrixHost; columns: number }) {
  return (
    <tbody className="border-t border-line first:border-t-0">
      {!host.literal && (
        <tr>
          <th
            scope="colgroup"
            colSpan={columns}
            className="px-3 pb-0.5 pt-2.5 text-left text-sm font-semibold [overflow-wrap:anywhere]"
          >
            {escapeControl(host.host)}
            {host.preference !== null && (
              <span className="ml-2 text-xs font-normal text-subtle">MX preference {host.preference}</span>
            )}
          </th>
        </tr>
      )}
      {host.rows.map((row) => (
        <tr key={row.ip}>
          <th scope="row" className="py-1 pl-3 pr-2 text-left align-middle font-normal">
            <span className="block font-mono text-xs text-fg [overflow-wrap:anywhere] sm:text-[0.8125rem]">
              {row.ip}
            </span>
            <span className="text-[0.6875rem] font-medium text-subtle">{row.family}</span>
          </th>
          {row.cells.map((cell) => (
            <Cell key={cell.port} cell={cell} />
          ))}
        </tr>
      ))}
    </tbody>
  );
}

function NotTestedList({ items }: { items: NotTested[] }) {
  if (!items.length) return null;
  return (
    <div className="text-sm text-muted" data-testid="not-tested">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-muted">Not tested</h3>
      <ul className="mt-1 space-y-0.5">
        {items.map((item) => (
          <li key={`${item.host}|${item.ip ?? ""}`} className="[overflow-wrap:anywhere]" data-ip={item.ip ?? undefined}>
            <span className="font-mono text-xs text-fg">{item.ip ?? item.host}</span>
            {item.ip && item.ip !== item.host && <span> of {escapeControl(item.host)}</span>} (
            {escapeControl(item.reason)})
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Host → address rows × port columns; each cell is the worst status of one session, live. */
export function SessionMatrix({ matrix }: SessionMatrixProps) {
  if (!matrix.hosts.length && !matrix.notTested.length) return null;
  const cells = matrix.hosts.flatMap((h) => h.rows.flatMap((r) => r.cells));
  const finished = cells.filter((c) => c.state === "done").length;

  return (
    <section aria-labelledby="matrix-title" className="space-y-2" data-testid="session-matrix">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <h2 id="matrix-title" className="text-sm font-semibold uppercase tracking-wide text-muted">
          Overview
        </h2>
        {cells.length > 0 && (
          <p className="text-xs text-subtle">
            {finished} of {plural(cells.length, "connection")} finished · select one for its details
          </p>
        )}
      </div>
      {matrix.hosts.length > 0 && (
        <div className="overflow-x-auto rounded-xl border border-line bg-surface">
          <table className="w-full table-fixed border-collapse text-sm">
            <caption className="sr-only">Worst result per mail host address and port</caption>
            <thead>
              <tr className="border-b border-line bg-surface-2/60">
                <th scope="col" className="w-[36%] px-3 py-2 text-left text-xs font-medium text-muted sm:w-64">
                  Address
                </th>
                {matrix.ports.map((port) => (
                  <th key={port} scope="col" className="px-1 py-2 text-center text-xs font-medium text-muted">
                    <span className="block whitespace-nowrap text-fg">Port {port}</span>
                    {PORT_ROLES[port] && (
                      <span className="hidden font-normal text-subtle sm:block">{PORT_ROLES[port]}</span>
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            {matrix.hosts.map((host) => (
              <HostRows key={host.host} host={host} columns={matrix.ports.length + 1} />
            ))}
          </table>
        </div>
      )}
      <NotTestedList items={matrix.notTested} />
    </section>
  );
}
