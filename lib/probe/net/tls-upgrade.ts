// Permissive TLS: complete the handshake whatever the certificate, and record what we saw.
// A bad certificate is a finding for the checks, not a reason to hang up.
import net from "node:net";
import tls from "node:tls";
import type { SessionError, TlsFacts } from "../types";
import { analyseChain, certInfo, peerChain } from "./chain";

export type TlsResult = { ok: true; socket: tls.TLSSocket; facts: TlsFacts } | { ok: false; error: SessionError };

// Errors OpenSSL raises when the bytes that came back are not TLS records at all.
const PLAINTEXT_ERRORS = new Set([
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_SSL_PACKET_LENGTH_TOO_LONG",
  "ERR_SSL_UNKNOWN_PROTOCOL",
  "ERR_SSL_HTTP_REQUEST",
  "ERR_SSL_RECORD_LAYER_FAILURE",
]);

/**
 * Forward secrecy: every TLS 1.3 suite and ECDHE/DHE key exchange has it; static RSA (or static
 * ECDH/DH) key exchange does not, so a stolen server key decrypts recorded sessions.
 */
export function hasForwardSecrecy(
  protocol: string | null,
  cipher: string | null,
  ephemeral: { type?: string } | null,
): boolean | null {
  if (protocol === "TLSv1.3") return true;
  if (cipher && /^TLS_(ECDHE|DHE)_|^(ECDHE|DHE|EDH)-/.test(cipher)) return true;
  if (cipher && /^TLS_(RSA|ECDH|DH|PSK)_/.test(cipher)) return false;
  // Unknown name: Node reports an ephemeral key only when there was one.
  if (ephemeral) return !!ephemeral.type;
  return null;
}

function verifyCode(err: unknown): string | null {
  if (!err) return null;
  if (typeof err === "string") return err;
  return (err as { code?: string }).code ?? String(err);
}

export function upgradeToTls(
  socket: net.Socket,
  opts: { servername: string | null; timeoutMs: number; discardedBytes: number; stage?: "tls" },
): Promise<TlsResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const secure = tls.connect({
      socket,
      // SNI must be a host name; never send an IP literal as servername.
      servername: opts.servername && net.isIP(opts.servername) === 0 ? opts.servername : undefined,
      rejectUnauthorized: false,
      // Let old servers complete the handshake so we can report TLS 1.0/1.1 as such.
      minVersion: "TLSv1",
      ciphers: "DEFAULT:@SECLEVEL=0",
    });
    // A late error after we settled must never crash the process.
    secure.on("error", () => {});
    let settled = false;
    const finish = (r: TlsResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      secure.removeListener("secureConnect", onSecure);
      secure.removeListener("error", onError);
      secure.removeListener("close", onClose);
      if (!r.ok) secure.destroy();
      resolve(r);
    };
    const onSecure = () => {
      const chain = peerChain(secure);
      const eph = secure.getEphemeralKeyInfo();
      let keyExchange: string | null = null;
      if (eph && "type" in eph && eph.type) {
        keyExchange = eph.type === "ECDH" ? `${eph.name ?? "ECDH"} (${eph.size} bits)` : `${eph.type} ${eph.size} bits`;
      }
      const protocol = secure.getProtocol() ?? null;
      const cipher = secure.getCipher()?.standardName ?? secure.getCipher()?.name ?? null;
      finish({
        ok: true,
        socket: secure,
        facts: {
          protocol,
          cipher,
          forwardSecrecy: hasForwardSecrecy(protocol, cipher, eph ?? null),
          keyExchange,
          chain: chain.map(certInfo),
          authorized: secure.authorized,
          verifyError: verifyCode(secure.authorizationError),
          chainTrust: analyseChain(chain),
          discardedBytes: opts.discardedBytes,
          handshakeMs: Math.round(performance.now() - started),
        },
      });
    };
    const onError = (err: NodeJS.ErrnoException) => {
      const plaintext = PLAINTEXT_ERRORS.has(err.code ?? "");
      finish({
        ok: false,
        error: {
          stage: "tls",
          code: plaintext ? "tls-plaintext" : "tls-error",
          message: plaintext
            ? `the server did not answer with TLS (it kept speaking plaintext): ${err.message}`
            : err.message,
        },
      });
    };
    const onClose = () =>
      finish({
        ok: false,
        error: { stage: "tls", code: "closed", message: "the server closed the connection during the TLS handshake" },
      });
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          error: {
            stage: "tls",
            code: "timeout",
            message: `the TLS handshake did not complete within ${Math.round(opts.timeoutMs / 1000)} s`,
          },
        }),
      opts.timeoutMs,
    );
    secure.once("secureConnect", onSecure);
    secure.on("error", onError);
    secure.once("close", onClose);
  });
}
