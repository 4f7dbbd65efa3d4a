// `npm start`: build when the build is missing or older than the sources, then serve on $PORT (3000).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "..");
const buildId = path.join(root, ".next", "BUILD_ID");

function newestMtime(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

const sources = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "package-lock.json",
  "next.config.js",
  "postcss.config.mjs",
];
const built = fs.statSync(buildId, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const changed = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
if (built === 0 || changed > built) {
  console.log(built === 0 ? "mailprobe: no build yet, building…" : "mailprobe: sources changed, rebuilding…");
  const r = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const port = process.env.PORT || "3000";
console.log(
  `mailprobe: serving on http://localhost:${port} (reports in ${process.env.MAILPROBE_DB || "./data/mailprobe.db"})`,
);
// Not `next start`: it would keep a client-sent X-Forwarded-For as it is (see next-server.mjs).
const child = spawn(process.execPath, [path.join(root, "scripts", "next-server.mjs")], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PORT: port },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
