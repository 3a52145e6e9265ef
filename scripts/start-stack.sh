#!/usr/bin/env bash
# `pnpm start:stack`: the whole demo in containers (docker-compose.yml with infra/demo.env), with
# `docker compose` (v2) where its plugin is installed, else Debian's `docker-compose` 1.29.
# Extra arguments go to `up` (e.g. `pnpm start:stack -d`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if docker compose version >/dev/null 2>&1; then
  exec docker compose --env-file infra/demo.env up --build "$@"
fi
exec docker-compose --env-file infra/demo.env up --build "$@"
