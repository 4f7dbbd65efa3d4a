// The production server behind `npm start`: Next's request handler on a plain node:http server
// that first appends the socket's peer address to X-Forwarded-For, as a proxy would.
//
// Why: `next start` keeps an X-Forwarded-For the client sent and fills in the socket address only
// when the header is missing, so a client could pick any address and dodge the per-client limits.
// After this append the right-most entry is always the machine that connected to us; the app
// trusts MAILPROBE_TRUSTED_PROXIES more hops to the left of it (lib/http/client-address.ts).
//
// Usage: node scripts/next-server.mjs [app-dir]   (listens on $PORT, default 3000, all interfaces)
import http from "node:http";
import path from "node:path";
import next from "next";

const here = import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname);
const dir = path.resolve(process.argv[2] ?? path.join(here, ".."));
const port = Number(process.env.PORT || 3000);

process.env.NODE_ENV = "production";
const app = next({ dev: false, dir, port, hostname: "localhost" });
const handle = app.getRequestHandler();
await app.prepare();

/** The header as one comma-separated list, with the peer appended. */
function appendPeer(existing, peer) {
  const before = (Array.isArray(existing) ? existing.join(", ") : (existing ?? "")).trim();
  const self = peer ?? "unknown";
  return before ? `${before}, ${self}` : self;
}

const server = http.createServer((req, res) => {
  req.headers["x-forwarded-for"] = appendPeer(req.headers["x-forwarded-for"], req.socket.remoteAddress);
  handle(req, res).catch((err) => {
    console.error("mailprobe: request failed", err);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
server.listen(port, () => {
  console.log(`mailprobe: listening on port ${port}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    // Streaming probes keep connections open: give them a moment, not forever.
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
