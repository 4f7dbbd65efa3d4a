// Runs before the e2e web server starts (see playwright.config.ts): Node reads
// NODE_EXTRA_CA_CERTS only at start-up, so the lab's CA file must exist by then.
import fs from "node:fs";
import { createTestPki } from "../servers/test-ca";
import { LAB_CA_FILE, LAB_DIR } from "./lab";

fs.rmSync(LAB_DIR, { recursive: true, force: true });
const pki = createTestPki(LAB_DIR);
fs.copyFileSync(pki.caPath, LAB_CA_FILE);
fs.rmSync("tests/.tmp/e2e.db", { force: true });
fs.rmSync("tests/.tmp/e2e.db-wal", { force: true });
fs.rmSync("tests/.tmp/e2e.db-shm", { force: true });
console.log(`e2e lab CA ready: ${LAB_CA_FILE}`);
