#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine and prints its services.
#
#   bash scripts/check-compose.sh [path/to/compose.yml]
#
# Uses Debian's docker-compose 1.29 (`apt-get install -y docker-compose`), whose
# `config` parses, interpolates and schema-checks the file offline. If the modern
# `docker compose` plugin is present too, the file is checked with it as well.
# Exits non-zero when the file is invalid or no validator is installed.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="${1:-$repo_root/docker-compose.yml}"

if [[ ! -f "$file" ]]; then
  echo "check-compose: no such file: $file" >&2
  exit 1
fi

# Make the check independent of the caller's compose settings.
unset COMPOSE_FILE COMPOSE_PROFILES COMPOSE_PATH_SEPARATOR
project_dir="$(dirname "$file")"
validated=0

if command -v docker-compose >/dev/null 2>&1; then
  echo "check-compose: $(docker-compose version --short 2>/dev/null || echo docker-compose) config -q -f $file"
  if ! docker-compose -f "$file" --project-directory "$project_dir" config -q; then
    echo "check-compose: INVALID according to docker-compose" >&2
    exit 1
  fi
  echo "check-compose: services:"
  docker-compose -f "$file" --project-directory "$project_dir" config --services | sed 's/^/  - /'
  validated=1
fi

if docker compose version >/dev/null 2>&1; then
  echo "check-compose: $(docker compose version --short 2>/dev/null || echo 'docker compose') config -q -f $file"
  if ! docker compose -f "$file" --project-directory "$project_dir" config -q; then
    echo "check-compose: INVALID according to docker compose" >&2
    exit 1
  fi
  if [[ $validated -eq 0 ]]; then
    echo "check-compose: services:"
    docker compose -f "$file" --project-directory "$project_dir" config --services | sed 's/^/  - /'
  fi
  validated=1
fi

if [[ $validated -eq 0 ]]; then
  echo "check-compose: no validator found; install one with: apt-get install -y docker-compose" >&2
  exit 1
fi
echo "check-compose: OK"
