// Folds probe events into the stored report as they pass, so the permalink is live.
import { applyEvent, emptyReport } from "../probe/report";
import type { ProbeEvent, Report } from "../probe/types";
import type { ReportStore } from "./store";

export async function* recordEvents(
  events: AsyncIterable<ProbeEvent>,
  store: ReportStore,
  seed: { id: string; target: string },
): AsyncGenerator<ProbeEvent> {
  let report: Report = emptyReport(seed.id, seed.target, new Date().toISOString());
  let ended = false;
  try {
    for await (const event of events) {
      report = applyEvent(report, event);
      // Session starts carry nothing the stored report shows; skip the write.
      if (!(event.type === "session" && event.phase === "start")) store.save(report);
      if (event.type === "finished" || event.type === "failed") ended = true;
      yield event;
    }
  } finally {
    if (!ended) {
      // The consumer went away (closed tab): the stored report must not stay "running" forever.
      store.save(
        applyEvent(report, { type: "failed", code: "aborted", message: "the probe was stopped before it finished" }),
      );
    }
  }
}
