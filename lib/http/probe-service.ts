// Decides what a probe request gets, in this order:
//   1. the same probe already in flight → join it (no limits: it opens no connection);
//   2. the same probe finished within the reuse window → its report again, labelled with its age
//      (`fresh: true` asks for a new probe instead, refused with 429 until the window is over);
//   3. relay asked, but the target's relay test ran within the hour → the same probe without it,
//      with a note (then 1 and 2 again for that probe);
//   4. otherwise a new probe, if the client's limits (429) and the global cap and queue (503) allow.
// Route handlers call open(); everything here is in-process and testable without Next.

import type { ClientLimiter } from "../limits/client-limiter";
import type { ProbeSlots } from "../limits/probe-slots";
import type { RecentReports } from "../limits/recent-reports";
import type { RelayLedger, RelayUse } from "../limits/relay-ledger";
import type { LimitSettings } from "../limits/settings";
import { newReportId } from "../probe/ids";
import { applyEvent, emptyReport } from "../probe/report";
import type { NormalizedTarget, ProbeEvent, ProbeNote, ProbePort, ProbeRequest, Report } from "../probe/types";
import { recordEvents } from "../reports/recorder";
import type { ReportStore } from "../reports/store";
import { formatSeconds } from "../ui/format";
import { logAddress, rateLimitKey } from "./client-address";
import { addNotes, endOnCrash, fromArray, withNotes } from "./event-streams";
import type { ProbeHub, ProbeRun, Refusal } from "./probe-hub";
import { type ProbeSpec, probeKey, probeSpec } from "./probe-key";
import type { ProbeLogger } from "./probe-log";
import { busy, testedJustNow, tooManyAtOnce, tooManyInWindow } from "./refusals";
import { eventsFromReport } from "./report-replay";

export interface ProbeServiceDeps {
  settings: LimitSettings;
  store: ReportStore;
  clients: ClientLimiter;
  slots: ProbeSlots;
  hub: ProbeHub;
  recent: RecentReports;
  relay: RelayLedger;
  /** The engine, configured: one probe for this request, announcing this id, stopping on `signal`. */
  engine(request: ProbeRequest, id: string, signal: AbortSignal): AsyncIterable<ProbeEvent>;
  log: ProbeLogger;
  now?: () => number;
}

export interface OpenRequest {
  /** As typed (kept in the report). */
  input: string;
  target: NormalizedTarget;
  ports: ProbePort[];
  relay: boolean;
  /** Skip the recent report (the page's "run again"). */
  fresh: boolean;
  /** The client's address (see clientAddressFrom), or null when unknown. */
  client: string | null;
  /** The request's own signal: a viewer leaves when it fires. */
  signal: AbortSignal;
}

export type Opened =
  | { ok: true; how: "started" | "joined" | "reused"; id: string; events: AsyncIterable<ProbeEvent> }
  | { ok: false; refusal: Refusal };

export class ProbeService {
  private readonly now: () => number;

  constructor(private readonly deps: ProbeServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Probes holding a global slot, requests waiting for one, and probe keys in flight. */
  get stats(): { running: number; waiting: number; inFlight: number } {
    return { running: this.deps.slots.running, waiting: this.deps.slots.waiting, inFlight: this.deps.hub.size };
  }

  async open(req: OpenRequest): Promise<Opened> {
    const asked = probeSpec(req.target, req.ports, req.relay);
    const same = await this.existing(asked, req, []);
    if (same) return same;

    let spec = asked;
    const notes: ProbeNote[] = [];
    const relayUse = asked.relay ? this.deps.relay.recent(asked.name) : null;
    if (relayUse) {
      spec = { ...asked, relay: false };
      notes.push(relaySkippedNote(relayUse, this.deps.settings.relayWindowSeconds));
      const other = await this.existing(spec, req, notes);
      if (other) return other;
    }
    return this.startNew(spec, asked, notes, req);
  }

  /** Join the same probe in flight, or replay its recent report; null when there is neither. */
  private async existing(spec: ProbeSpec, req: OpenRequest, notes: ProbeNote[]): Promise<Opened | null> {
    const key = probeKey(spec);
    const run = this.deps.hub.find(key);
    if (run) return this.join(run, req, notes);

    const recent = this.deps.recent.find(key);
    if (!recent) return null;
    if (req.fresh) {
      return {
        ok: false,
        refusal: testedJustNow(spec.name, recent.ageMs / 1000, Math.ceil(recent.remainingMs / 1000)),
      };
    }
    const report = this.deps.store.get(recent.id);
    const events = report
      ? eventsFromReport(report, {
          ageSeconds: Math.floor(recent.ageMs / 1000),
          rerunAfterSeconds: Math.max(0, Math.ceil(recent.remainingMs / 1000)),
        })
      : null;
    if (!events) {
      this.deps.recent.forget(key);
      return null;
    }
    return { ok: true, how: "reused", id: recent.id, events: fromArray(events.map((e) => addNotes(e, notes))) };
  }

  private async join(run: ProbeRun, req: OpenRequest, notes: ProbeNote[]): Promise<Opened> {
    const events = run.watch(req.signal, (e) => addNotes(e, notes));
    const refusal = await run.ready;
    if (refusal) {
      await events.return?.();
      return { ok: false, refusal };
    }
    return { ok: true, how: "joined", id: run.id, events };
  }

  private async startNew(spec: ProbeSpec, asked: ProbeSpec, notes: ProbeNote[], req: OpenRequest): Promise<Opened> {
    const { settings } = this.deps;
    const admission = await this.deps.clients.admit(rateLimitKey(req.client));
    if (!admission.ok) {
      const refusal =
        admission.reason === "concurrent"
          ? tooManyAtOnce(admission.limit, admission.retryAfterSeconds)
          : tooManyInWindow(admission.limit, settings.clientWindowSeconds, admission.retryAfterSeconds);
      return { ok: false, refusal };
    }
    // The client limiter may have awaited a store: someone else may have started this probe since.
    const key = probeKey(spec);
    const raced = this.deps.hub.find(key);
    if (raced) {
      admission.release({ refund: true });
      return this.join(raced, req, notes);
    }

    const id = newReportId();
    const relayClaim = spec.relay ? this.deps.relay.claim(spec.name, id) : null;
    let releaseSlot: (() => void) | null = null;
    let startedAt = 0;
    const request: ProbeRequest = { target: req.input, ports: spec.ports, relay: spec.relay };

    const run = this.deps.hub.start({
      key,
      id,
      admit: async (signal) => {
        const slot = await this.deps.slots.acquire(signal);
        if (!slot.ok) return busy(Math.max(5, settings.queueWaitSeconds));
        releaseSlot = slot.release;
        startedAt = this.now();
        return null;
      },
      source: (signal) =>
        recordEvents(withNotes(endOnCrash(this.deps.engine(request, id, signal)), notes), this.deps.store, {
          id,
          target: req.input,
        }),
      onEnd: (ended, admitted) => {
        releaseSlot?.();
        admission.release({ refund: !admitted });
        if (relayClaim && !relayTestRan(ended.events)) relayClaim.release();
        if (!admitted) return;
        const report = fold(ended.events, id, req.input);
        if (report.state === "finished") this.deps.recent.remember(key, id);
        this.deps.log({
          id,
          target: spec.name,
          kind: req.target.kind,
          ports: spec.ports,
          relay: spec.relay,
          relaySkipped: asked.relay && !spec.relay,
          durationMs: Math.max(0, this.now() - startedAt),
          state: report.state,
          status: report.status,
          error: report.error?.code ?? null,
          checks: report.checks.length,
          client: logAddress(req.client),
          viewers: ended.totalViewers,
        });
      },
    });
    // The creator's notes are already in the probe's own started event.
    const events = run.watch(req.signal);
    const refusal = await run.ready;
    if (refusal) {
      await events.return?.();
      return { ok: false, refusal };
    }
    return { ok: true, how: "started", id, events };
  }
}

function relaySkippedNote(use: RelayUse & { ageMs: number }, windowSeconds: number): ProbeNote {
  const ago = use.ageMs < 60_000 ? "less than a minute" : formatSeconds(Math.round(use.ageMs / 60_000) * 60);
  const every = windowSeconds === 3600 ? "once an hour" : `once every ${formatSeconds(windowSeconds)}`;
  return {
    code: "relay-skipped",
    message: `The open-relay test was left out: it ran on this target ${ago} ago, and mailprobe runs it at most ${every} per target, so that nobody can use it to pester a mail server. The earlier report has its result.`,
    reportId: use.reportId,
  };
}

/** Did the relay test actually talk to a server (an open-relay result other than not-reached)? */
function relayTestRan(events: readonly ProbeEvent[]): boolean {
  return events.some((e) => e.type === "check" && e.check.id === "open-relay" && e.check.outcome !== "not-reached");
}

function fold(events: readonly ProbeEvent[], id: string, input: string): Report {
  return events.reduce(applyEvent, emptyReport(id, input, new Date(0).toISOString()));
}
