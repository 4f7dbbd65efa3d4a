#!/usr/bin/env bash
# System prerequisites for the tests: packages, loopback, and no default Postfix instance
# (it would own port 25 on every address). Idempotent: does nothing when all is in place.
# As root on Debian it installs what is missing; otherwise it says what to install and fails.
set -euo pipefail

# chromium: Playwright's browser · postfix: real MTA fixtures · openssl: reference TLS client ·
# iproute2: loopback test addresses · fonts-dejavu-core: stable rendering in the browser ·
# python3 make g++: better-sqlite3 builds from source during npm ci.
PACKAGES=(chromium postfix openssl iproute2 fonts-dejavu-core python3 make g++)

is_root() { [ "$(id -u)" -eq 0 ]; }

# Without dpkg (not Debian), fall back to looking for the files the tests use.
installed() {
  if command -v dpkg-query >/dev/null 2>&1; then
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
    return
  fi
  case "$1" in
    chromium) command -v chromium >/dev/null 2>&1 ;;
    postfix) [ -x /usr/sbin/postfix ] ;;
    iproute2) command -v ip >/dev/null 2>&1 ;;
    fonts-dejavu-core) ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-system: missing system packages: ${missing[*]}" >&2
    echo "install them (as root, Debian/Ubuntu), keeping Postfix's default instance stopped:" >&2
    echo "  printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d" >&2
    echo "  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections" >&2
    echo "  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Before postfix is unpacked: keep apt from starting its default instance.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
  fi
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  echo "setup-system: installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Loopback must be up (Turbopack workers, every fixture server, the DNS fixture).
if ! ip -o link show lo | grep -q '[<,]UP[,>]' || ! ip -o -4 addr show dev lo | grep -q ' 127\.0\.0\.1/'; then
  if ! is_root; then
    echo "setup-system: loopback is down; run as root: ip link set lo up && ip addr add 127.0.0.1/8 dev lo" >&2
    exit 1
  fi
  ip link set lo up
  ip -o -4 addr show dev lo | grep -q ' 127\.0\.0\.1/' || ip addr add 127.0.0.1/8 dev lo
fi

# The default Postfix instance must stay down: test instances bind their own 127.x addresses.
if [ -x /usr/sbin/postfix ]; then
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ] && is_root; then
    systemctl disable --now postfix.service >/dev/null 2>&1 || true
  fi
  if /usr/sbin/postfix -c /etc/postfix status >/dev/null 2>&1; then
    if ! is_root; then
      echo "setup-system: the default Postfix instance is running; stop it as root: postfix stop" >&2
      exit 1
    fi
    echo "setup-system: stopping the default Postfix instance"
    /usr/sbin/postfix -c /etc/postfix stop >/dev/null 2>&1 || true
  fi
fi

echo "setup-system: ok"
