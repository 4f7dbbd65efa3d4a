"use client";

import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { Spinner } from "@/components/ui/status-icon";
import type { ProbePort } from "@/lib/probe/types";
import { plural } from "@/lib/ui/format";
import { STATUS_META } from "@/lib/ui/status-meta";
import { buildSummary } from "@/lib/ui/summary";
import { useProbe } from "@/lib/ui/use-probe";
import { ResultsPanel } from "./results-panel";
import { ReusedNotice } from "./reused-notice";
import { ShareLink } from "./share-link";

const PORT_OPTIONS: { port: ProbePort; name: string; help: string }[] = [
  { port: 25, name: "SMTP", help: "Where other mail servers deliver to your domain (the MX)." },
  { port: 587, name: "Submission", help: "Where your users' mail apps send, upgraded with STARTTLS." },
  { port: 465, name: "Submissions", help: "Submission over TLS from the first byte (implicit TLS)." },
];

const MAX_TARGET = 320;

interface ProbeFormProps {
  /** Prefill the target (the ?target= query parameter also does). */
  initialTarget?: string;
}

/** The test form and, below it, the live results of the run it starts. */
export function ProbeForm({ initialTarget = "" }: ProbeFormProps) {
  const ids = useId();
  const [target, setTarget] = useState(initialTarget);
  const [ports, setPorts] = useState<ProbePort[]>([25]);
  const [relay, setRelay] = useState(true);
  const [localError, setLocalError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);
  const probe = useProbe();
  const { report, running, formError, active, lastInput } = probe;

  // Links such as "Run again" come with ?target=…&ports=25,587&relay=0.
  useEffect(() => {
    const q = new URLSearchParams(window.location.search);
    const t = q.get("target");
    if (t) setTarget(t.slice(0, MAX_TARGET));
    const p = q
      .get("ports")
      ?.split(",")
      .map((x) => Number(x.trim()))
      .filter((x): x is ProbePort => x === 25 || x === 465 || x === 587);
    if (p?.length) setPorts([...new Set(p)]);
    if (q.get("relay") === "0") setRelay(false);
  }, []);

  // Screen-reader announcements for start and end (the panel itself is not a live region).
  const state = report?.state;
  const status = report?.status;
  const checkCount = report?.checks.length ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: announce state transitions, not every new check.
  useEffect(() => {
    if (!state) return;
    if (state === "running") setAnnouncement("Test started. Results appear below as each step completes.");
    else if (state === "finished" && status && report)
      // The summary sentence once at the end: what a sighted user reads first.
      setAnnouncement(
        `Test finished. Overall ${STATUS_META[status].label}, ${plural(checkCount, "check")}. ${buildSummary(report).headline}`,
      );
    else if (state === "aborted") setAnnouncement("Test stopped.");
    else if (state === "failed") setAnnouncement("The test could not complete.");
  }, [state, status]);

  const togglePort = (port: ProbePort, on: boolean) => {
    setPorts((prev) => {
      const next = on ? [...prev, port] : prev.filter((p) => p !== port);
      return PORT_OPTIONS.map((o) => o.port).filter((p) => next.includes(p));
    });
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (running) return;
    const value = target.trim();
    if (!value) {
      setLocalError("Enter a domain, a mail server name, an IP address or an email address.");
      inputRef.current?.focus();
      return;
    }
    if (!ports.length) {
      setLocalError("Choose at least one port to test.");
      return;
    }
    setLocalError(null);
    void probe.start({ target: value, ports, relay: ports.includes(25) ? relay : false });
  };

  const error = localError ?? formError;
  const errorId = `${ids}-error`;
  const hintId = `${ids}-hint`;

  return (
    <div className="space-y-6">
      <form
        onSubmit={onSubmit}
        noValidate
        className="rounded-2xl border border-line bg-surface p-4 shadow-[0_1px_3px_rgb(0_0_0/0.05),0_8px_24px_-12px_rgb(0_0_0/0.12)] sm:p-6"
        data-testid="probe-form"
        aria-busy={running}
      >
        <fieldset disabled={running} className="min-w-0 space-y-5">
          <legend className="sr-only">Test a mail server</legend>
          <div>
            <label htmlFor={`${ids}-target`} className="block text-sm font-medium text-fg">
              What should we test?
            </label>
            <div className="mt-2 flex flex-col gap-2 sm:flex-row">
              <input
                ref={inputRef}
                id={`${ids}-target`}
                name="target"
                type="text"
                inputMode="url"
                autoComplete="off"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                enterKeyHint="go"
                maxLength={MAX_TARGET}
                value={target}
                onChange={(e) => {
                  setTarget(e.target.value);
                  if (localError) setLocalError(null);
                }}
                placeholder="example.com, mx.example.com, 192.0.2.1 or you@example.com"
                aria-describedby={error ? `${hintId} ${errorId}` : hintId}
                aria-invalid={error ? true : undefined}
                className="h-12 w-full min-w-0 rounded-xl sm:flex-1 border border-line-strong bg-surface px-4 font-mono text-[0.9375rem] text-fg shadow-inner shadow-black/[0.02] placeholder:font-sans placeholder:text-subtle focus:border-ring focus:outline-none focus:ring-4 focus:ring-ring/20 disabled:opacity-70"
                data-testid="target-input"
              />
              <button
                type="submit"
                className="inline-flex h-12 items-center justify-center gap-2 rounded-xl bg-ink px-6 text-[0.9375rem] font-semibold text-ink-fg shadow-sm transition hover:opacity-90 disabled:cursor-not-allowed disabled:opacity-60"
                data-testid="submit"
              >
                {running ? (
                  <>
                    <Spinner />
                    Testing…
                  </>
                ) : (
                  "Run test"
                )}
              </button>
            </div>
            <p id={hintId} className="mt-2 text-xs text-muted">
              A domain tests all of its MX hosts. An email address tests its domain. A host name or IP address is tested
              directly.
            </p>
            {error && (
              <p
                id={errorId}
                role="alert"
                className="mt-3 flex items-start gap-2 rounded-lg border border-fail-line bg-fail-soft px-3 py-2 text-sm text-fg"
                data-testid="form-error"
              >
                <svg
                  className="mt-0.5 size-4 shrink-0 text-fail"
                  viewBox="0 0 20 20"
                  fill="none"
                  aria-hidden
                  focusable={false}
                >
                  <circle cx="10" cy="10" r="8" stroke="currentColor" strokeWidth="1.8" />
                  <path d="M10 6v5M10 13.8v.1" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
                </svg>
                <span className="[overflow-wrap:anywhere]">{error}</span>
              </p>
            )}
          </div>

          <div className="grid gap-5 lg:grid-cols-[1fr_17rem]">
            <fieldset className="min-w-0">
              <legend className="text-sm font-medium text-fg">Ports</legend>
              <div className="mt-2 grid gap-2 sm:grid-cols-3">
                {PORT_OPTIONS.map((o) => {
                  const checked = ports.includes(o.port);
                  return (
                    <label
                      key={o.port}
                      className={`flex cursor-pointer gap-2.5 rounded-xl border p-3 transition ${checked ? "border-accent/60 bg-accent-soft/60" : "border-line hover:border-line-strong"}`}
                    >
                      <input
                        type="checkbox"
                        name="ports"
                        value={o.port}
                        checked={checked}
                        onChange={(e) => togglePort(o.port, e.target.checked)}
                        className="mt-0.5 size-4 shrink-0 accent-[var(--accent)]"
                        data-testid={`port-${o.port}`}
                      />
                      <span className="min-w-0">
                        <span className="block text-sm font-semibold">
                          {o.port} <span className="font-normal text-muted">· {o.name}</span>
                        </span>
                        <span className="mt-0.5 block text-xs leading-snug text-muted">{o.help}</span>
                      </span>
                    </label>
                  );
                })}
              </div>
            </fieldset>

            <fieldset className="min-w-0">
              <legend className="text-sm font-medium text-fg">Open-relay test</legend>
              <label
                className={`mt-2 flex cursor-pointer gap-2.5 rounded-xl border p-3 transition ${relay && ports.includes(25) ? "border-accent/60 bg-accent-soft/60" : "border-line hover:border-line-strong"} ${ports.includes(25) ? "" : "opacity-60"}`}
              >
                <input
                  type="checkbox"
                  name="relay"
                  checked={relay && ports.includes(25)}
                  disabled={!ports.includes(25)}
                  onChange={(e) => setRelay(e.target.checked)}
                  className="mt-0.5 size-4 shrink-0 accent-[var(--accent)]"
                  data-testid="relay-toggle"
                />
                <span className="min-w-0">
                  <span className="block text-sm font-semibold">Check for open relay</span>
                  <span className="mt-0.5 block text-xs leading-snug text-muted">
                    {ports.includes(25)
                      ? "Sends MAIL FROM/RCPT TO only, never a message. Port 25."
                      : "Runs on port 25 only; select port 25 to enable it."}
                  </span>
                </span>
              </label>
            </fieldset>
          </div>
        </fieldset>

        {running && (
          <div className="mt-4 flex items-center justify-between gap-3 border-t border-line pt-4">
            <p className="text-sm text-muted">Results stream in below as each step completes.</p>
            <button
              type="button"
              onClick={probe.stop}
              className="inline-flex items-center gap-1.5 rounded-lg border border-line-strong bg-surface px-3 py-1.5 text-sm font-medium text-fg hover:bg-surface-2"
              data-testid="stop-button"
            >
              <svg className="size-3.5" viewBox="0 0 20 20" aria-hidden focusable={false}>
                <rect x="4" y="4" width="12" height="12" rx="2" fill="currentColor" />
              </svg>
              Stop
            </button>
          </div>
        )}
      </form>

      <p className="sr-only" aria-live="polite" data-testid="probe-announcer">
        {announcement}
      </p>

      {report && (
        <div className="space-y-4" data-testid="live-results">
          {report.id && <ShareLink id={report.id} label={running ? "Permalink" : "Share"} />}
          {report.reused && !running && lastInput && (
            <ReusedNotice reused={report.reused} onRunAgain={() => void probe.start({ ...lastInput, fresh: true })} />
          )}
          <ResultsPanel report={report} active={active} />
        </div>
      )}
    </div>
  );
}
