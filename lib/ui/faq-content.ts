// FAQ content. Plain data: rendered as <details> on the home page (featured items) and on /faq
// (all items), and serialised as schema.org FAQPage structured data.

export type FaqBlock = string | { list: string[] } | { code: string };

export interface FaqItem {
  /** Anchor on /faq (#id). */
  id: string;
  question: string;
  answer: FaqBlock[];
  /** Shown on the home page. */
  featured?: boolean;
}

export const FAQ: FaqItem[] = [
  {
    id: "starttls",
    featured: true,
    question: "What does STARTTLS do and why does it matter?",
    answer: [
      "An SMTP conversation starts in plain text. STARTTLS is the command a client sends to turn that same connection into an encrypted TLS session before any message or password crosses it. The server lists STARTTLS in its reply to EHLO, answers the command with 220, and both sides then run a TLS handshake.",
      "Server-to-server mail on port 25 uses it opportunistically: if your server does not offer STARTTLS, or the upgrade fails, most senders deliver in clear text, readable by every network on the path. Major mailbox providers flag mail that arrived unencrypted, and policies such as MTA-STS and DANE refuse to deliver at all without a working upgrade.",
      "On port 587 STARTTLS protects your users' passwords and mail; a submission server should not accept AUTH until the upgrade has happened.",
    ],
  },
  {
    id: "which-port",
    featured: true,
    question: "Which port should I test: 25, 587 or 465?",
    answer: [
      "Test the ports your server is meant to serve:",
      {
        list: [
          "25 (SMTP): where other mail servers deliver mail for your domain. Every server named in your MX records must answer here. Start with this one.",
          "587 (Submission): where mail apps and devices send outgoing mail after logging in. It starts in plain text and must upgrade with STARTTLS.",
          "465 (Submissions): the same job as 587, but TLS starts with the first byte (implicit TLS). RFC 8314 recommends it for mail apps.",
        ],
      },
      "If you type a domain, its MX hosts are tested on every port you select. Submission is often served by a different name (smtp.example.com rather than mx1.example.com): to test it, type that host name and select 587 and 465.",
    ],
  },
  {
    id: "open-relay",
    question: "What is an open relay and why is it dangerous?",
    answer: [
      "An open relay accepts mail from anyone, for anyone: a stranger can connect and have your server deliver their messages to any address on the internet. Spammers scan for such servers continuously, and once found, one is usually abused within hours.",
      "The result is a server sending spam under your IP address, listed on blocklists, with your own legitimate mail rejected everywhere, plus a queue full of bounces.",
      'Our test gives a sender and a recipient at two outside domains (neither is yours) and watches the answer to RCPT TO. A correctly configured server refuses it, typically with 550 or 554 "relay access denied". Then we reset and quit; no message is sent.',
      "To fix an open relay in Postfix, make sure relaying needs authentication or a trusted network, and that mynetworks lists only your own hosts:",
      {
        code: "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination\nmynetworks = 127.0.0.0/8 [::1]/128",
      },
      "In Exim check relay_from_hosts; in Exchange, check which receive connectors grant anonymous users permission to relay.",
    ],
  },
  {
    id: "starttls-fails",
    question: "The server connects but STARTTLS fails. What does that mean?",
    answer: [
      'The server advertised STARTTLS, so senders will try it, but the upgrade did not complete. Either the server refused the command (often 454 "TLS not available", meaning its certificate or key could not be loaded), or the TLS handshake itself failed: no protocol version or cipher in common, a certificate that does not match its private key, or the connection dropped mid-handshake.',
      "This is worse than not offering STARTTLS at all. Senders that hit a failed upgrade must retry, some fall back to plain text, and senders that require TLS (MTA-STS, DANE) keep the mail queued until they give up.",
      "Check your mail server's log at the time of the test; it usually names the problem (file permissions on the key are a classic). Reproduce from a shell with:",
      { code: "openssl s_client -starttls smtp -connect mx.example.com:25 -servername mx.example.com" },
    ],
  },
  {
    id: "inconclusive",
    featured: true,
    question: 'Why "inconclusive" rather than "fail"?',
    answer: [
      'We only report fail when we saw your server do something wrong. When we could not find out, the result is inconclusive: no greeting before our time limit, a 421 "try again later", greylisting or another temporary 4xx reply, a connection dropped by rate limiting, or a DNS lookup that failed on our side.',
      "Those can be deliberate defences or passing trouble, and some may be ours rather than yours, so calling them a failure would be unfair. Each inconclusive result quotes the server's own words and the stage where it happened. Run the test again in a few minutes; if the result repeats, the quoted reply and the transcript usually point at the cause.",
    ],
  },
  {
    id: "greylisting",
    question: "What about greylisting and tarpits?",
    answer: [
      "Both are defences against spam that make a server deliberately slow or reluctant towards unknown senders, and both look like trouble to a tester.",
      {
        list: [
          'Greylisting answers the first attempt from an unknown sender with a temporary refusal (451 or 450, "try again later") and accepts the retry minutes later. Real mail servers retry; many spam tools do not.',
          "A tarpit delays its replies on purpose, most often the greeting: it waits seconds before saying 220, and drops clients that talk before it has finished (pregreet or early-talker detection, as in Postfix postscreen).",
        ],
      },
      "We wait up to 30 seconds for the greeting, never speak first, and report a temporary refusal or a reply that did not come in time as inconclusive, quoting the server and naming the step. For the open-relay test a 4xx to RCPT TO is inconclusive, never a pass or a fail: the server has not said what it would do.",
      "If you run greylisting, it usually applies at RCPT TO, after the checks that matter for encryption, so the STARTTLS and certificate results are still complete. To see the relay verdict too, exempt the tester or run the test again after the greylisting delay.",
    ],
  },
  {
    id: "incomplete-chain",
    question: 'Why is my certificate "not trusted" when my mail client accepts it?',
    answer: [
      "Usually because the server sends only its own certificate and leaves out the intermediate certificate that links it to a trusted root. Mail apps and browsers often paper over this: they remember intermediates they have seen before or download the missing one. Mail servers do not, so a sending server that verifies certificates sees a chain it cannot complete.",
      "The fix is to configure the full chain: your certificate followed by the intermediates, in one file. With Let's Encrypt that is fullchain.pem, not cert.pem. For Postfix:",
      {
        code: "smtpd_tls_chain_files =\n    /etc/letsencrypt/live/mx.example.com/privkey.pem,\n    /etc/letsencrypt/live/mx.example.com/fullchain.pem",
      },
      "Reload the server afterwards. A self-signed certificate or one from a private CA is also reported as not trusted: fine for a lab, but senders that enforce MTA-STS will not deliver to it.",
    ],
  },
  {
    id: "sends-email",
    featured: true,
    question: "Does the test send an email? What does it send, and what not?",
    answer: [
      "No. We connect, read the greeting, send EHLO, upgrade with STARTTLS where offered and send EHLO again. If you leave the open-relay test on, we also send MAIL FROM and RCPT TO to see whether the server would accept a relayed message, then RSET and QUIT.",
      "We never send DATA, the command that carries a message, so nothing can be delivered to anyone. Your logs will show a connection from our tester and, with the relay test, a refused (we hope) recipient.",
      "We also never log in (no AUTH), never send VRFY or EXPN, and never try a guessed address of yours. The EHLO name we use and the time of the test are on every report, so you can find the session in your logs.",
    ],
  },
  {
    id: "null-mx",
    question: "What is a null MX?",
    answer: [
      'A null MX is a single MX record with preference 0 and the target "." (RFC 7505). It declares that the domain accepts no email at all, so senders bounce messages at once instead of retrying for days against servers that do not exist.',
      "It is the right setting for a domain that only hosts a website or only sends mail. If you expected to receive mail at the domain, remove the null MX and publish MX records for your real mail servers.",
      { code: "example.com.  3600  IN  MX  0 ." },
    ],
  },
  {
    id: "port-25-timeout",
    featured: true,
    question: "Why might port 25 time out?",
    answer: [
      "A timeout means the connection attempt got no answer at all, not even a refusal. Something on the path is silently dropping the packets:",
      {
        list: [
          "a firewall in front of the server: a cloud security group, the host's own firewall (nftables, iptables, firewalld) or the hosting provider's filter;",
          "the server listens on another address, for example on IPv4 but not on the IPv6 address your DNS publishes;",
          "the provider blocks port 25 for the whole network, as many residential ISPs and several cloud platforms do by default.",
        ],
      },
      "The last point also explains the opposite confusion: if you try telnet to port 25 from home or from a cloud VM and it hangs, your own outbound port 25 is likely blocked. Testing from outside, as this tool does, tells the two apart.",
    ],
  },
  {
    id: "privacy",
    featured: true,
    question: "Is it safe? What do you store?",
    answer: [
      "The test behaves like any well-mannered sending server: a handful of SMTP commands per connection, no message, no login. We only connect to public addresses and limit how many tests one network can run.",
      "Each test is saved as a report so its link keeps working: the target you typed, the DNS answers, every check result, the SMTP transcript and the certificates your server presented. That is information your server already shows to anyone who connects. Reports are not listed or published anywhere; a report can be opened only by someone who has its link, which contains a long random id.",
      "The transcript never holds a password, because we never authenticate.",
    ],
  },
  {
    id: "name-mismatch",
    question: "How do I fix a certificate name mismatch?",
    answer: [
      "The certificate must list, among its Subject Alternative Names, the exact host name senders connect to: the name in your MX record (mx1.example.com), not your domain (example.com) and not the machine's internal name. The old Common Name field is ignored when SANs are present.",
      "Either get a certificate that covers the MX name, or point the MX record at a name the certificate already covers. Each MX host needs a certificate for its own name, or one certificate that lists them all. A wildcard such as *.example.com covers mx1.example.com but not example.com or a.mx.example.com.",
      { code: "certbot certonly --standalone -d mx1.example.com" },
      "Reload the mail server after installing the new certificate, and check that it serves it on every port you test.",
    ],
  },
  {
    id: "self-signed-port-25",
    question: "Is a self-signed certificate on port 25 a problem?",
    answer: [
      "Today, often not: most senders use STARTTLS opportunistically on port 25 and encrypt even when the certificate is self-signed, expired or for the wrong name. That is why we treat a working upgrade and a valid certificate as separate checks.",
      "It matters as soon as a sender authenticates the connection. MTA-STS (used by large providers) and DANE both require a certificate the sender can verify, and a domain that publishes an MTA-STS policy in enforce mode with a broken certificate will stop receiving mail from them. A valid certificate also protects you against someone impersonating your server on the path.",
    ],
  },
  {
    id: "each-address",
    question: "Why is every IP address tested separately?",
    answer: [
      "Senders pick one address of an MX host, IPv4 or IPv6, and expect each to behave the same. A common fault is a host whose IPv6 address has no listener or a different certificate: mail then fails only for senders that prefer IPv6. Testing each address separately shows such differences.",
    ],
  },
];

export const FEATURED_FAQ: FaqItem[] = FAQ.filter((item) => item.featured);

/** Plain text of an answer, for structured data. */
export function answerText(item: FaqItem): string {
  return item.answer
    .map((block) => {
      if (typeof block === "string") return block;
      if ("list" in block) return block.list.map((l) => `- ${l}`).join("\n");
      return block.code;
    })
    .join("\n\n");
}
