// Runs once in vitest's main process before the workers fork: Node reads NODE_EXTRA_CA_CERTS
// at start-up only, so the test root must exist and be named before any worker starts.
import fs from "node:fs";
import { PKI_DIR, testPki } from "./pki";

export default function setup(): void {
  fs.rmSync(PKI_DIR, { recursive: true, force: true });
  const pki = testPki();
  process.env.NODE_EXTRA_CA_CERTS = pki.caPath;
}
