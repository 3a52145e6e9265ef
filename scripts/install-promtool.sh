#!/usr/bin/env bash
# Installs Prometheus's `promtool` (used by the tests to check /metrics output with
# `promtool check metrics`, and the alert rules with `promtool check rules` and `test rules`) and
# the `prometheus` server binary (which one test starts on a free port of its own) from Debian's
# `prometheus` package, without installing or starting the Prometheus daemon: the .deb is
# downloaded with `apt-get download` and unpacked with `dpkg-deb -x` into a cache directory.
#
# Usage: bash scripts/install-promtool.sh        prints the promtool path on stdout (logs on stderr);
#                                                 the server is beside it (usr/bin/prometheus)
#        PROMTOOL_DIR=/some/dir bash scripts/...  unpacks there instead of the default
#
# Idempotent: when a working promtool is already in the cache, it only prints its path.
# Needs root (or write access to the cache directory) and Debian's archive the first time.
set -Eeuo pipefail

PROMTOOL_DIR="${PROMTOOL_DIR:-/var/cache/dispatcher-tools/promtool}"
PROMTOOL="$PROMTOOL_DIR/usr/bin/promtool"
PROMETHEUS="$PROMTOOL_DIR/usr/bin/prometheus"

log() { printf '[install-promtool] %s\n' "$*" >&2; }

if [[ -x "$PROMTOOL" ]] && "$PROMTOOL" --version >/dev/null 2>&1 && [[ -x "$PROMETHEUS" ]]; then
  echo "$PROMTOOL"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/promtool.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# apt-get download writes into the current directory; _apt must be able to write there.
chmod 755 "$work"
chown _apt "$work" 2>/dev/null || true

log "downloading Debian's prometheus package (promtool and the server binary are kept)"
if ! (cd "$work" && apt-get download -q prometheus >&2); then
  log "apt-get download failed; updating the package lists and retrying"
  apt-get update -q >&2
  (cd "$work" && apt-get download -q prometheus >&2)
fi
deb="$(find "$work" -maxdepth 1 -name 'prometheus_*.deb' | head -n 1)"
[[ -n "$deb" ]] || {
  log "no prometheus_*.deb was downloaded"
  exit 1
}
log "unpacking $(basename "$deb")"
dpkg-deb -x "$deb" "$work/root"
for binary in promtool prometheus; do
  [[ -x "$work/root/usr/bin/$binary" ]] || {
    log "the package holds no usr/bin/$binary"
    exit 1
  }
done

# Keep only the two binaries, and swap them in whole so a concurrent run never sees half a file.
mkdir -p "$(dirname "$PROMTOOL_DIR")"
staged="$(mktemp -d "$(dirname "$PROMTOOL_DIR")/.promtool.XXXXXX")"
mkdir -p "$staged/usr/bin"
cp "$work/root/usr/bin/promtool" "$work/root/usr/bin/prometheus" "$staged/usr/bin/"
chmod 755 "$staged" "$staged/usr" "$staged/usr/bin" "$staged/usr/bin/promtool" "$staged/usr/bin/prometheus"
rm -rf "$PROMTOOL_DIR"
mv "$staged" "$PROMTOOL_DIR"

"$PROMTOOL" --version >&2
echo "$PROMTOOL"
