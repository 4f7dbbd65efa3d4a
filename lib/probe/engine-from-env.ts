// The engine's settings as the app and the CLI read them from the environment (DESIGN.md).
import { heloNameFromEnv, timeoutsFromEnv } from "./config";
import { resolverFromEnv } from "./net/resolve";
import { parseAllowList } from "./net/target-guard";
import type { ProbeOptions } from "./run-probe";

export type EngineSettings = Pick<ProbeOptions, "resolver" | "timeouts" | "heloName" | "allowTargets">;

export function engineSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): EngineSettings {
  return {
    resolver: resolverFromEnv(env),
    timeouts: timeoutsFromEnv(env),
    heloName: heloNameFromEnv(env),
    allowTargets: parseAllowList(env.MAILPROBE_ALLOW_TARGETS),
  };
}
