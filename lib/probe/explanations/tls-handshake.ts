import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

export const tlsHandshakeExplanations: CheckExplanations = {
  ok: {
    title: "TLS established: {protocol}, {cipher}",
    why: "The encrypted channel came up in {ms} ms (key exchange: {keyExchange}). Certificate trust, name and dates are judged by the checks below, since many senders encrypt even when those are wrong.",
    fix: "",
    learnMore: [RFC.starttls, RFC.implicitTls],
  },
  "extra-bytes": {
    title: "TLS established, but {bytes} bytes arrived in plaintext after 220",
    why: "After answering 220 to STARTTLS, the server (or something in front of it) sent more plaintext before the handshake. We discarded it, as RFC 3207 requires, so the session is safe, but this is how a STARTTLS response-injection attack looks, and older clients may act on those bytes.",
    fix: "Check for a proxy or firewall rewriting the SMTP session, and that the server does not pipeline replies after 220 to STARTTLS. Update the mail server software if it is old.",
    learnMore: [RFC.starttlsSecurity],
  },
  refused: {
    title: "STARTTLS advertised but refused: {reply}",
    why: 'The server offered STARTTLS, then refused it when asked. Senders fall back to clear text or give up, depending on their policy. 454 is formally "temporary", but in practice it almost always means the server cannot load its certificate or key, which lasts until someone fixes it.',
    fix: 'Check the mail log at the time of the test. Postfix logs "cannot load certificate" or "cannot get private key": check that the files in smtpd_tls_chain_files (or smtpd_tls_cert_file / smtpd_tls_key_file) exist, are readable by Postfix, and that the key matches the certificate. Exim: check tls_certificate and tls_privatekey. Exchange: check that a valid certificate is enabled for SMTP.',
    learnMore: [RFC.starttls],
  },
  temporary: {
    title: "STARTTLS answered with a temporary error: {reply}",
    why: "The server declined STARTTLS with a 4xx code that is not about TLS itself (for example 421, service closing). We could not tell whether TLS works.",
    fix: "Check the server's logs and limits for the reason, then run the test again.",
    learnMore: [RFC.starttls, RFC.replies],
  },
  failed: {
    title: "TLS handshake failed: {message}",
    why: "The server agreed to start TLS but the handshake did not complete. Senders then fall back to clear text or do not deliver. Common causes: no protocol version or cipher in common (a very old or very restricted server), a missing or unreadable certificate, a broken key.",
    fix: 'Test with "openssl s_client -starttls smtp -connect {ip}:{port}" (or without -starttls on 465) and read the error. Allow TLS 1.2 and 1.3 with current ciphers (Postfix: smtpd_tls_protocols = >=TLSv1.2 and default smtpd_tls_ciphers; Exim: tls_require_ciphers). Check the certificate and key files the server loads.',
    learnMore: [RFC.starttls, RFC.tlsDeprecation],
  },
  "plaintext-after-220": {
    title: "Server said 220 to STARTTLS, then kept talking plaintext",
    why: "The server accepted STARTTLS but never started TLS: it went on with plaintext SMTP ({message}). Senders cannot encrypt, and those that require TLS will not deliver. This is typically a proxy or firewall that handles STARTTLS without doing TLS, or a broken server build.",
    fix: 'Look for SMTP inspection or a load balancer in front of the server that answers STARTTLS itself. On the server, check that TLS support is compiled in and enabled (Postfix: "postconf -m" / "postconf smtpd_tls_security_level"; Exim: "exim -bV" lists TLS support).',
    learnMore: [RFC.starttls, RFC.starttlsSecurity],
  },
  "plaintext-implicit": {
    title: "Port 465 answered in plaintext instead of TLS",
    why: 'Port 465 is for implicit TLS (RFC 8314): the client starts TLS on connect, before any SMTP. This server spoke plaintext instead ({message}), so mail clients configured for 465 ("SSL/TLS") cannot connect.',
    fix: 'Configure port 465 for implicit TLS. Postfix: in master.cf, the "submissions" (or "smtps") service with -o smtpd_tls_wrappermode=yes. Exim: tls_on_connect_ports = 465. If you only want STARTTLS, use port 587 and close 465.',
    learnMore: [RFC.implicitTls],
  },
  timeout: {
    title: "TLS handshake timed out",
    why: "The handshake started but did not finish in time ({message}). An overloaded server, a slow key operation, or a network device dropping large packets (certificate chains are large) can cause this; we could not tell whether TLS works.",
    fix: 'Test with "openssl s_client" from another network. If it hangs after sending ClientHello, check MTU / path MTU discovery on the path and any firewall doing SMTP or TLS inspection.',
    learnMore: [RFC.starttls],
  },
  error: {
    title: "Connection lost during TLS: {message}",
    why: "The connection was closed or reset during the handshake. The server may have rejected our TLS parameters without saying why, or a device on the path interfered; we could not tell which.",
    fix: 'Test with "openssl s_client -starttls smtp -connect {ip}:{port}" (without -starttls on 465) and check the server\'s log for TLS errors at the time of the test.',
    learnMore: [RFC.starttls],
  },
  "not-offered": {
    title: "Not tested: {reason}",
    why: "Without STARTTLS there is no TLS handshake to test. Whether that is a problem is judged by the STARTTLS check.",
    fix: "Enable STARTTLS (see the STARTTLS check), then test again.",
    learnMore: [RFC.starttls],
  },
  "not-reached": NOT_REACHED,
};
