"use client";

// Runs one probe from the browser: POST /api/probe, read the NDJSON stream, fold each event into
// a Report with the same reducer the store uses, and expose it for live rendering.
import { useCallback, useEffect, useRef, useState } from "react";
import { readNdjson } from "@/lib/http/ndjson-client";
import { applyEvent, emptyReport } from "@/lib/probe/report";
import type { ProbeEvent, ProbePort, Report } from "@/lib/probe/types";
import type { SessionRef } from "./report-view";

export interface ProbeInput {
  target: string;
  ports: ProbePort[];
  relay: boolean;
  /** Probe again even if a recent report exists ("run again"); the server's limits still apply. */
  fresh?: boolean;
}

export interface ProbeState {
  /** The live report; null before the first run. */
  report: Report | null;
  running: boolean;
  /** A request-level error (400/429/503 or network) to show next to the form. */
  formError: string | null;
  /** Sessions that have started and not yet ended. */
  active: SessionRef[];
  /** What the latest run asked for, so "run again" can repeat it. */
  lastInput: ProbeInput | null;
}

const STATUS_FALLBACK: Record<number, string> = {
  400: "The server could not accept this target.",
  413: "The request was too large.",
  429: "Too many tests from your network. Please wait a minute and try again.",
  503: "The tester is busy right now. Please try again shortly.",
};

async function errorMessageOf(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: unknown };
    if (body && typeof body.error === "string" && body.error.trim()) return body.error;
  } catch {
    // Not JSON: fall through to a generic message.
  }
  const generic = STATUS_FALLBACK[res.status] ?? `The test could not start (HTTP ${res.status}).`;
  // Retry-After in seconds (the API never sends the date form).
  const retry = Number(res.headers.get("retry-after"));
  return Number.isInteger(retry) && retry > 0 ? `${generic} (Try again in ${retry} s.)` : generic;
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException ? err.name === "AbortError" : (err as { name?: string })?.name === "AbortError";
}

export function useProbe() {
  const [state, setState] = useState<ProbeState>({
    report: null,
    running: false,
    formError: null,
    active: [],
    lastInput: null,
  });
  const controllerRef = useRef<AbortController | null>(null);

  // Leaving the page closes the request; the server stops the probe.
  useEffect(() => () => controllerRef.current?.abort(), []);

  const stop = useCallback(() => {
    controllerRef.current?.abort();
  }, []);

  const start = useCallback(async (input: ProbeInput) => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;

    let report = emptyReport("", input.target, new Date().toISOString());
    let active: SessionRef[] = [];
    let sawStart = false;
    setState({ report, running: true, formError: null, active, lastInput: input });

    // A newer run supersedes this one: never let a stale run write state.
    const isCurrent = () => controllerRef.current === controller;
    const publish = () => {
      if (isCurrent()) setState({ report, running: true, formError: null, active, lastInput: input });
    };
    const finish = (formError: string | null = null, clearReport = false) => {
      if (!isCurrent()) return;
      controllerRef.current = null;
      setState({ report: clearReport ? null : report, running: false, formError, active: [], lastInput: input });
    };

    let res: Response;
    try {
      res = await fetch("/api/probe", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/x-ndjson" },
        body: JSON.stringify(input),
        signal: controller.signal,
        cache: "no-store",
      });
    } catch (err) {
      if (isAbort(err)) return finish(null, true);
      return finish("Could not reach the tester. Check your connection and try again.", true);
    }

    if (!res.ok) {
      return finish(await errorMessageOf(res), true);
    }

    try {
      for await (const event of readNdjson<ProbeEvent>(res)) {
        if (event.type === "started") sawStart = true;
        if (event.type === "session") {
          const ref = { host: event.host || event.ip, ip: event.ip, port: event.port };
          active =
            event.phase === "start"
              ? [...active, { ...ref, startedAtMs: Date.now() }]
              : active.filter((a) => !(a.host === ref.host && a.ip === ref.ip && a.port === ref.port));
        }
        report = applyEvent(report, event);
        if (report.state !== "running") break;
        publish();
      }
      if (report.state === "running") {
        report = applyEvent(report, {
          type: "failed",
          code: "internal",
          message: sawStart
            ? "The connection to the tester closed before the test finished. The results below are incomplete."
            : "The tester closed the connection without starting the test.",
        });
      }
      finish();
    } catch (err) {
      if (isAbort(err) || controller.signal.aborted) {
        report = applyEvent(report, { type: "failed", code: "aborted", message: "You stopped the test." });
        return finish();
      }
      report = applyEvent(report, {
        type: "failed",
        code: "internal",
        message: "The results stream was interrupted, so the report below is incomplete.",
      });
      finish();
    }
  }, []);

  return { ...state, start, stop };
}
