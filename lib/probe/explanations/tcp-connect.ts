import { NOT_REACHED, RFC } from "./rfc";
import type { CheckExplanations } from "./types";

export const tcpConnectExplanations: CheckExplanations = {
  connected: {
    title: "Port {port} is open (connected in {ms} ms)",
    why: "A TCP connection to {ip} port {port} succeeded, so senders can reach the server.",
    fix: "",
  },
  refused: {
    title: "Connection refused on port {port}: the port is closed",
    why: "{ip} answered that nothing listens on port {port}. Senders cannot deliver here and will try the next MX, or queue and eventually bounce.",
    fix: 'Make sure the mail server is running and listens on port {port} on this address (Postfix: the smtp/submission/submissions services in master.cf and inet_interfaces; Exim: daemon_smtp_ports and local_interfaces; Exchange: the receive connector bindings). Check "ss -ltnp" on the server. If this port is not meant to be used, remove the address from DNS or ignore this result.',
    learnMore: [RFC.smtp],
  },
  filtered: {
    title: "No answer on port {port} within {seconds} s: likely a firewall",
    why: "Our connection attempt to {ip} port {port} got no reply at all. Packets are being dropped silently, which is what a firewall does. Senders will wait, time out and retry for days.",
    fix: "Allow inbound TCP to port {port} on the host firewall (nftables/iptables/ufw/Windows Firewall), the cloud security group and any network firewall in front of the server. Many cloud and home providers block port 25 by default: ask them to lift it. If you can connect from elsewhere, the block may sit only in front of some networks.",
  },
  unreachable: {
    title: "Address {ip} is unreachable from our network",
    why: "The network reported that {ip} cannot be reached ({message}). That may be a routing problem anywhere between us and the server, including on our side, so we cannot tell whether senders see the same.",
    fix: "Check that {ip} is routed and announced (e.g. traceroute from another network). For IPv6, make sure the server really has IPv6 connectivity, or remove the AAAA record.",
  },
  error: {
    title: "Connection to port {port} failed: {message}",
    why: "The connection attempt ended with an unexpected network error, so we could not tell whether the server is reachable.",
    fix: 'Run the test again. If the error repeats, test from another network (e.g. "nc -v {ip} {port}") to see whether the problem is on the path to the server.',
  },
  "not-reached": NOT_REACHED,
};
