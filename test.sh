#!/usr/bin/env bash
# The one test command, on a fresh machine too: installs what the tests start for real
# (redis-server, for the shared rate budget), then runs every test. Arguments go to dotnet test.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v redis-server >/dev/null 2>&1; then
  echo "test.sh: installing redis-server from the system's packages (the Redis budget tests start their own)" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  if command -v apt-get >/dev/null 2>&1; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
  elif command -v brew >/dev/null 2>&1; then
    brew install redis
  else
    echo "test.sh: no apt-get or brew here; install redis-server (7.0 or newer) and run me again." >&2
    exit 1
  fi
fi

exec dotnet test Contracts.sln "$@"
