import path from "node:path";
import { createTestPki, type TestPki } from "../servers/test-ca";

/** One test PKI for the whole vitest run: global-setup creates it and points NODE_EXTRA_CA_CERTS at its root. */
export const PKI_DIR = path.resolve(__dirname, "../.tmp/vitest-pki");

export function testPki(): TestPki {
  return createTestPki(PKI_DIR);
}
