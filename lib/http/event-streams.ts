// Small stages between the engine and the viewers.
import type { ProbeEvent, ProbeNote } from "../probe/types";

/** Turns a crash inside the probe into a "failed" event, so the report and the viewers see an end. */
export async function* endOnCrash(events: AsyncIterable<ProbeEvent>): AsyncGenerator<ProbeEvent> {
  try {
    yield* events;
  } catch (err) {
    console.error("mailprobe: the probe crashed", err);
    yield { type: "failed", code: "internal", message: "the probe stopped on an internal error" };
  }
}

/** Adds notes to the started event (once per note code); other events pass unchanged. */
export function addNotes(event: ProbeEvent, notes: readonly ProbeNote[]): ProbeEvent {
  if (event.type !== "started" || notes.length === 0) return event;
  const have = event.notes ?? [];
  const extra = notes.filter((n) => !have.some((h) => h.code === n.code));
  return extra.length ? { ...event, notes: [...have, ...extra] } : event;
}

export async function* withNotes(events: AsyncIterable<ProbeEvent>, notes: readonly ProbeNote[]) {
  for await (const event of events) yield addNotes(event, notes);
}

export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
