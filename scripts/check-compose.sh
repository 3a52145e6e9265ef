#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine and prints its services, the way the
# README uses it: with the demo's env file (infra/demo.env), and with a real deployment's
# variables; checks that with none set it refuses, naming `pnpm api-key`; and that the profiles are
# `demo` (the mock provider) and `monitoring` (prometheus and grafana), the demo with monitoring valid.
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
unset COMPOSE_FILE COMPOSE_PROFILES COMPOSE_PATH_SEPARATOR API_KEYS PROVIDER_URL PROVIDER_AUTH_KEY
project_dir="$(dirname "$file")"
demo_env="$repo_root/infra/demo.env"
empty_env="$(mktemp)"
trap 'rm -f "$empty_env"' EXIT
real_env=(API_KEYS="ops:$(printf '0%.0s' {1..64})" PROVIDER_URL=https://sms.example/messages PROVIDER_AUTH_KEY=key)
validated=0

# check <compose command...>: the demo and a real deployment validate; no variables are refused.
check() {
  echo "check-compose: $* config (demo env file, real variables, no variables)"
  "$@" -f "$file" --project-directory "$project_dir" --env-file "$demo_env" config -q ||
    { echo "check-compose: INVALID with $demo_env" >&2; exit 1; }
  env "${real_env[@]}" "$@" -f "$file" --project-directory "$project_dir" --env-file "$empty_env" config -q ||
    { echo "check-compose: INVALID with a real deployment's variables" >&2; exit 1; }
  local refused
  if refused="$(env PROVIDER_URL=https://sms.example PROVIDER_AUTH_KEY=key "$@" -f "$file" \
    --project-directory "$project_dir" --env-file "$empty_env" config -q 2>&1)"; then
    echo "check-compose: accepted an empty API_KEYS setting; it must be required" >&2
    exit 1
  fi
  grep -q "pnpm api-key" <<<"$refused" ||
    { echo "check-compose: the refusal does not say how to make a key: $refused" >&2; exit 1; }
}

# check_profiles <compose command...>: the profiles are demo and monitoring, and the demo with the
# monitoring profile (docs/observability.md) validates and has the prometheus and grafana services.
check_profiles() {
  echo "check-compose: $* config (profiles demo and monitoring)"
  local profiles services service
  profiles="$("$@" -f "$file" --project-directory "$project_dir" --env-file "$demo_env" config --profiles | sort | xargs)"
  [[ "$profiles" == "demo monitoring" ]] ||
    { echo "check-compose: the profiles are '$profiles', not 'demo monitoring'" >&2; exit 1; }
  "$@" -f "$file" --project-directory "$project_dir" --env-file "$demo_env" --profile demo --profile monitoring config -q ||
    { echo "check-compose: INVALID with the demo and monitoring profiles" >&2; exit 1; }
  services="$("$@" -f "$file" --project-directory "$project_dir" --env-file "$demo_env" --profile demo --profile monitoring config --services)"
  for service in prometheus grafana; do
    grep -qx "$service" <<<"$services" ||
      { echo "check-compose: no $service service in the monitoring profile" >&2; exit 1; }
  done
}

if command -v docker-compose >/dev/null 2>&1; then
  echo "check-compose: docker-compose $(docker-compose version --short 2>/dev/null)"
  check docker-compose
  check_profiles docker-compose
  echo "check-compose: services:"
  docker-compose -f "$file" --project-directory "$project_dir" --env-file "$demo_env" config --services | sed 's/^/  - /'
  validated=1
fi

if docker compose version >/dev/null 2>&1; then
  echo "check-compose: docker compose $(docker compose version --short 2>/dev/null)"
  check docker compose
  check_profiles docker compose
  if [[ $validated -eq 0 ]]; then
    echo "check-compose: services:"
    docker compose -f "$file" --project-directory "$project_dir" --env-file "$demo_env" config --services | sed 's/^/  - /'
  fi
  validated=1
fi

if [[ $validated -eq 0 ]]; then
  echo "check-compose: no validator found; install one with: apt-get install -y docker-compose" >&2
  exit 1
fi
echo "check-compose: OK"
