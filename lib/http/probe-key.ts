// Which requests are "the same probe": same normalised target (an email address and its
// domain are one target; an IDN and its A-label too), same set of ports, same relay setting.
// Requests that differ in any of these open different connections, so they do not share.
import type { NormalizedTarget, ProbePort } from "../probe/types";

export interface ProbeSpec {
  /** NormalizedTarget.name: A-label or canonical IP text. */
  name: string;
  ports: ProbePort[];
  /** Only meaningful with port 25; false otherwise. */
  relay: boolean;
}

export function probeSpec(target: NormalizedTarget, ports: readonly ProbePort[], relay: boolean): ProbeSpec {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  return { name: target.name, ports: sorted, relay: relay && sorted.includes(25) };
}

export function probeKey(spec: ProbeSpec): string {
  return `${spec.name}|${spec.ports.join(",")}|${spec.relay ? "relay" : "no-relay"}`;
}
