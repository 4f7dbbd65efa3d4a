// A check is a small declarative object: its id, the outcomes it can produce (each with a fixed
// status), the facts it reads, and a pure evaluate(). The registry (index.ts) turns a Verdict
// into a CheckResult and refuses outcomes that were not declared.
import type {
  CheckId,
  DomainFacts,
  EvidenceItem,
  HostFacts,
  ProbePort,
  SessionFacts,
  Stage,
  Status,
  Timeouts,
} from "../types";

/** O narrows the outcome to a check's declared names, so typos fail to compile. */
export interface Verdict<O extends string = string> {
  outcome: O;
  params?: Record<string, string | number>;
  evidence?: EvidenceItem[];
  durationMs?: number;
}

export interface EvalContext {
  /** Clock for expiry arithmetic (tests pass a fixed date). */
  now: Date;
  /** The limits the engine used, so texts can say "within 30 s"; estimated when absent. */
  timeouts?: Partial<Timeouts>;
}

interface CheckBase {
  id: CheckId;
  /** Every outcome this check can return, with its status. Explanations exist for each. */
  outcomes: Record<string, Status>;
}

export interface DomainCheck extends CheckBase {
  scope: "domain";
  evaluate(domain: DomainFacts, ctx: EvalContext): Verdict;
}

export interface HostCheck extends CheckBase {
  scope: "host";
  evaluate(host: HostFacts, domain: DomainFacts, ctx: EvalContext): Verdict;
}

export interface SessionCheck extends CheckBase {
  scope: "session";
  /** Evaluated once the session has completed this stage, or has ended (whichever first). */
  after: Stage;
  /** Only applies to these ports (all when omitted). */
  ports?: readonly ProbePort[];
  /**
   * Returns null when the check does not apply to this session (e.g. relay test not requested).
   * When a prerequisite failed, return a "skipped"-status outcome rather than null.
   */
  evaluate(session: SessionFacts, ctx: EvalContext): Verdict | null;
}

export type Check = DomainCheck | HostCheck | SessionCheck;

export function defineCheck<C extends Check>(check: C): C {
  return check;
}
