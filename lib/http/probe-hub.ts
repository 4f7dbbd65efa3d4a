// Probes in flight, one per probe key, shared by everyone who asks for the same thing. The first
// request starts the run; later ones join it: they get every event emitted so far, then follow
// live, and no new connection is opened. A run keeps going while at least one viewer is
// connected; when the last one leaves (closed tab), it is stopped.
import type { ProbeEvent } from "../probe/types";

/** Why a run did not start, as the HTTP answer to give. */
export interface Refusal {
  status: 429 | 503;
  retryAfterSeconds: number;
  error: string;
}

export interface ProbeRunSpec {
  key: string;
  id: string;
  /** Waits for capacity; `signal` fires when every viewer has left. Null to go ahead. */
  admit(signal: AbortSignal): Promise<Refusal | null>;
  /** The probe itself; it must end soon after `signal` fires, and should not throw. */
  source(signal: AbortSignal): AsyncIterable<ProbeEvent>;
  /** Called once when the run is over: after its last event, or after a refusal. */
  onEnd?(run: ProbeRun, admitted: boolean): void;
}

type Decorate = (event: ProbeEvent) => ProbeEvent;

export class ProbeRun {
  readonly key: string;
  readonly id: string;
  /** Every event so far, in order; the replay for viewers who join late. */
  readonly events: ProbeEvent[] = [];
  /** Resolves once the run has started (null) or been refused. */
  readonly ready: Promise<Refusal | null>;
  private readonly viewers = new Set<Viewer>();
  private readonly control = new AbortController();
  private viewerCount = 0;
  private over = false;

  constructor(
    private readonly spec: ProbeRunSpec,
    private readonly onSettled: (run: ProbeRun) => void,
  ) {
    this.key = spec.key;
    this.id = spec.id;
    this.ready = this.pump();
  }

  get ended(): boolean {
    return this.over;
  }

  /** Viewers that ever watched this run. */
  get totalViewers(): number {
    return this.viewerCount;
  }

  /** Viewers connected now. */
  get liveViewers(): number {
    return this.viewers.size;
  }

  /** Stopped because nobody was watching any more. */
  get abandoned(): boolean {
    return this.control.signal.aborted;
  }

  /**
   * A new viewer: replays the events so far, then follows live. Registered at once (not at the
   * first read), so the run knows it is watched even before the response starts streaming.
   */
  watch(signal?: AbortSignal, decorate?: Decorate): AsyncIterableIterator<ProbeEvent> {
    const viewer = new Viewer(this, decorate);
    this.viewers.add(viewer);
    this.viewerCount++;
    if (signal) {
      if (signal.aborted) viewer.close();
      else signal.addEventListener("abort", () => viewer.close(), { once: true });
    }
    return viewer;
  }

  /** @internal Viewer → run. */
  leave(viewer: Viewer): void {
    if (!this.viewers.delete(viewer)) return;
    if (this.viewers.size === 0 && !this.over && !this.control.signal.aborted) {
      this.control.abort(new Error("every viewer left"));
      // A new request for this target must start afresh, not join a run that is being stopped.
      this.onSettled(this);
    }
  }

  /** Starts the run in the background; the promise settles on admission, not at the end. */
  private pump(): Promise<Refusal | null> {
    let resolveReady!: (r: Refusal | null) => void;
    const ready = new Promise<Refusal | null>((r) => {
      resolveReady = r;
    });
    void (async () => {
      let admitted = false;
      try {
        const refusal = await this.spec.admit(this.control.signal);
        resolveReady(refusal);
        if (refusal) return;
        admitted = true;
        for await (const event of this.spec.source(this.control.signal)) this.push(event);
      } catch (err) {
        resolveReady(null);
        // The source is meant to turn its own crashes into a "failed" event; this is the backstop.
        this.push({ type: "failed", code: "internal", message: "the probe stopped on an internal error" });
        console.error("mailprobe: probe run crashed", err);
      } finally {
        this.over = true;
        this.onSettled(this);
        for (const v of [...this.viewers]) v.wake();
        try {
          this.spec.onEnd?.(this, admitted);
        } catch (err) {
          console.error("mailprobe: probe end hook failed", err);
        }
      }
    })();
    return ready;
  }

  private push(event: ProbeEvent): void {
    this.events.push(event);
    for (const v of this.viewers) v.wake();
  }
}

/** One reader of a run. Ends when the run has ended and it has read everything, or on close(). */
class Viewer implements AsyncIterableIterator<ProbeEvent> {
  private index = 0;
  private closed = false;
  private waiting: (() => void) | null = null;

  constructor(
    private readonly run: ProbeRun,
    private readonly decorate?: Decorate,
  ) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<ProbeEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<ProbeEvent>> {
    for (;;) {
      if (this.closed) return { value: undefined, done: true };
      if (this.index < this.run.events.length) {
        const event = this.run.events[this.index++];
        return { value: this.decorate ? this.decorate(event) : event, done: false };
      }
      if (this.run.ended) {
        this.close();
        return { value: undefined, done: true };
      }
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }

  async return(): Promise<IteratorResult<ProbeEvent>> {
    this.close();
    return { value: undefined, done: true };
  }

  wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    this.run.leave(this);
  }
}

export class ProbeHub {
  private readonly runs = new Map<string, ProbeRun>();

  /** The run in flight (waiting for a slot, or probing) for this key. */
  find(key: string): ProbeRun | undefined {
    return this.runs.get(key);
  }

  start(spec: ProbeRunSpec): ProbeRun {
    if (this.runs.has(spec.key)) throw new Error(`a probe for ${spec.key} is already in flight`);
    const run = new ProbeRun(spec, (r) => {
      if (this.runs.get(r.key) === r) this.runs.delete(r.key);
    });
    // The run may settle synchronously only after an await, so registering now is safe.
    this.runs.set(spec.key, run);
    return run;
  }

  get size(): number {
    return this.runs.size;
  }
}
