// TCP connect with its own deadline, telling "refused" (closed port) from "timeout"
// (no answer at all: usually a firewall dropping packets).
import net from "node:net";
import type { SessionError } from "../types";

export type ConnectResult =
  | { ok: true; socket: net.Socket; ms: number }
  | { ok: false; error: SessionError; ms: number };

export type ConnectFn = (ip: string, port: number, timeoutMs: number) => Promise<ConnectResult>;

const ERRNO: Record<string, { code: SessionError["code"]; words: string }> = {
  ECONNREFUSED: { code: "refused", words: "connection refused (nothing listens on this port)" },
  ENETUNREACH: { code: "unreachable", words: "network unreachable from the probe" },
  EHOSTUNREACH: { code: "unreachable", words: "host unreachable from the probe" },
  ECONNRESET: { code: "reset", words: "connection reset during connect" },
};

export const tcpConnect: ConnectFn = (ip, port, timeoutMs) =>
  new Promise((resolve) => {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const socket = net.connect({ host: ip, port, noDelay: true });
    let settled = false;
    const finish = (r: ConnectResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeListener("error", onError);
      socket.removeListener("connect", onConnect);
      resolve(r);
    };
    const onConnect = () => finish({ ok: true, socket, ms: elapsed() });
    const onError = (err: NodeJS.ErrnoException) => {
      socket.destroy();
      const known = ERRNO[err.code ?? ""];
      finish({
        ok: false,
        ms: elapsed(),
        error: {
          stage: "connect",
          code: known?.code ?? "socket-error",
          message: known ? `${known.words} (${err.code})` : err.message,
        },
      });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish({
        ok: false,
        ms: elapsed(),
        error: {
          stage: "connect",
          code: "timeout",
          message: `no answer to the connection attempt within ${Math.round(timeoutMs / 1000)} s`,
        },
      });
    }, timeoutMs);
    socket.once("connect", onConnect);
    socket.once("error", onError);
  });
