// The process's one probe service, built from the environment on first use. Kept on globalThis
// so Next's module re-evaluation in dev does not start a second hub beside the first.
import { MemoryClientLimiter } from "../limits/client-limiter";
import { ProbeSlots } from "../limits/probe-slots";
import { RecentReports } from "../limits/recent-reports";
import { RelayLedger } from "../limits/relay-ledger";
import { type LimitSettings, limitSettingsFromEnv } from "../limits/settings";
import { engineSettingsFromEnv } from "../probe/engine-from-env";
import { runProbe } from "../probe/run-probe";
import { getReportStore } from "../reports";
import { ProbeHub } from "./probe-hub";
import { stdoutProbeLogger } from "./probe-log";
import { ProbeService } from "./probe-service";

const holder = globalThis as unknown as { __mailprobeProbes?: { service: ProbeService; settings: LimitSettings } };

function build(env: NodeJS.ProcessEnv): { service: ProbeService; settings: LimitSettings } {
  const settings = limitSettingsFromEnv(env);
  const service = new ProbeService({
    settings,
    store: getReportStore(),
    clients: new MemoryClientLimiter({
      concurrent: settings.clientConcurrent,
      probes: settings.clientProbes,
      windowSeconds: settings.clientWindowSeconds,
    }),
    slots: new ProbeSlots({
      max: settings.globalConcurrent,
      queue: settings.queueSize,
      waitMs: settings.queueWaitSeconds * 1000,
    }),
    hub: new ProbeHub(),
    recent: new RecentReports(settings.reuseSeconds * 1000),
    relay: new RelayLedger(settings.relayWindowSeconds * 1000),
    engine: (request, id, signal) => runProbe({ ...engineSettingsFromEnv(env), request, id, signal }),
    log: stdoutProbeLogger,
  });
  return { service, settings };
}

export function getProbeService(): { service: ProbeService; settings: LimitSettings } {
  holder.__mailprobeProbes ??= build(process.env);
  return holder.__mailprobeProbes;
}
