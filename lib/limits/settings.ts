// Abuse limits for the public page, read from the environment (README "Running it publicly").
// Every limit has a safe default; tests and labs lower or raise them.

export interface LimitSettings {
  /** Proxies in front of mailprobe that append to X-Forwarded-For; 0 = clients connect directly. */
  trustedProxies: number;
  /** Probes one client address (IPv6: its /64) may have running at once. */
  clientConcurrent: number;
  /** Probes one client address may start per window… */
  clientProbes: number;
  /** …of this many seconds. */
  clientWindowSeconds: number;
  /** A finished report is served again for this long instead of probing anew; 0 turns reuse off. */
  reuseSeconds: number;
  /** The open-relay test runs at most once per target in this many seconds; 0 = no limit. */
  relayWindowSeconds: number;
  /** Probes running at once in this process, all clients together. */
  globalConcurrent: number;
  /** Requests allowed to wait for a free place when the global cap is reached; 0 = none wait. */
  queueSize: number;
  /** How long one of them may wait before it gets 503. */
  queueWaitSeconds: number;
}

export const DEFAULT_LIMIT_SETTINGS: LimitSettings = {
  trustedProxies: 0,
  clientConcurrent: 2,
  clientProbes: 10,
  clientWindowSeconds: 600,
  reuseSeconds: 60,
  relayWindowSeconds: 3600,
  globalConcurrent: 20,
  queueSize: 20,
  queueWaitSeconds: 20,
};

/** Variable name and the smallest value that makes sense for each setting. */
export const LIMIT_ENV: Record<keyof LimitSettings, { name: string; min: number }> = {
  trustedProxies: { name: "MAILPROBE_TRUSTED_PROXIES", min: 0 },
  clientConcurrent: { name: "MAILPROBE_LIMIT_CLIENT_CONCURRENT", min: 1 },
  clientProbes: { name: "MAILPROBE_LIMIT_CLIENT_PROBES", min: 1 },
  clientWindowSeconds: { name: "MAILPROBE_LIMIT_CLIENT_WINDOW_SECONDS", min: 1 },
  reuseSeconds: { name: "MAILPROBE_LIMIT_REUSE_SECONDS", min: 0 },
  relayWindowSeconds: { name: "MAILPROBE_LIMIT_RELAY_WINDOW_SECONDS", min: 0 },
  globalConcurrent: { name: "MAILPROBE_LIMIT_GLOBAL_CONCURRENT", min: 1 },
  queueSize: { name: "MAILPROBE_LIMIT_QUEUE", min: 0 },
  queueWaitSeconds: { name: "MAILPROBE_LIMIT_QUEUE_WAIT_SECONDS", min: 1 },
};

/** Limits from the environment; a malformed value throws, since a typo must not silently lift a limit. */
export function limitSettingsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): LimitSettings {
  const out = { ...DEFAULT_LIMIT_SETTINGS };
  for (const key of Object.keys(LIMIT_ENV) as (keyof LimitSettings)[]) {
    const { name, min } = LIMIT_ENV[key];
    const raw = env[name]?.trim();
    if (raw === undefined || raw === "") continue;
    const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min) {
      throw new Error(
        `${name} must be a whole number${min > 0 ? ` of at least ${min}` : " (0 or more)"}, got "${raw}"`,
      );
    }
    out[key] = n;
  }
  return out;
}
