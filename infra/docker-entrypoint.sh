#!/usr/bin/env bash
# Container entrypoint: runs the service's command (e.g. `pnpm start:worker`) so that
# `docker stop` shuts the Node process down gracefully.
#
# Why: `pnpm <script>` runs the app several processes deep (pnpm -> sh -> pnpm -> sh ->
# tsx -> node). pnpm does not pass SIGTERM on: it dies and leaves the app running, and the
# container's init then exits and the app is SIGKILLed mid-send. So the command runs in a
# process group of its own; SIGTERM/SIGINT/SIGHUP go to the whole group (tsx notices that
# its child already got the signal and does not send it twice), and this script waits
# until every process of the group has exited before it exits with the command's status.
# Docker's stop_grace_period still bounds the wait.
set -uo pipefail

if [[ $# -eq 0 ]]; then
  echo "docker-entrypoint: no command given (e.g. pnpm start:api)" >&2
  exit 64
fi

set -m # job control: the background command becomes the leader of a new process group
"$@" &
pgid=$!
set +m

# shellcheck disable=SC2317 # called from the traps below
forward() {
  kill -s "$1" -- "-$pgid" 2>/dev/null || true
}
trap 'forward TERM' TERM
trap 'forward INT' INT
trap 'forward HUP' HUP

# `wait` returns early (status > 128) whenever a trapped signal arrives; keep waiting
# until the command itself has exited. bash keeps a reaped job's status, so the final
# `wait` returns the command's real exit status.
while kill -0 "$pgid" 2>/dev/null; do
  wait "$pgid"
done
wait "$pgid"
status=$?

# Processes of the group that outlived the command (the app after pnpm died of the
# signal) are still shutting down: wait for them. Zombies do not count.
group_alive() {
  local stat rest
  for stat in /proc/[0-9]*/stat; do
    read -r rest 2>/dev/null <"$stat" || continue
    rest=${rest##*) } # fields after "pid (comm) ": state ppid pgrp ...
    # shellcheck disable=SC2086 # split the numeric fields on purpose
    set -- $rest
    [[ ${3:-} == "$pgid" && $1 != Z ]] && return 0
  done
  return 1
}
while group_alive; do
  sleep 0.2
done

exit "$status"
