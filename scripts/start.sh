#!/usr/bin/env bash
# The quick start: installs everything, makes sure PostgreSQL and Redis run, migrates the
# database, creates the demo account, then runs every app in the foreground until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version)" != 10.* ]]; then
  npm install -g pnpm@10
fi
bash scripts/services.sh
pnpm install --frozen-lockfile
pnpm migrate

demo_key=$(pnpm -s admin --json demo | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).apiKey.key))')

API_PORT=${PORT:-3000}
SIMULATOR_PORT=${SIMULATOR_PORT:-4010}
export NODE_ENV=${NODE_ENV:-development}

pids=()
stop_all() {
  trap - INT TERM EXIT
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

PORT=$SIMULATOR_PORT pnpm -s --filter @reprise/simulator start &
pids+=($!)
PORT=$API_PORT pnpm -s --filter @reprise/api start &
pids+=($!)

for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$API_PORT/v2/models" >/dev/null 2>&1; then break; fi
  sleep 0.5
done

cat <<INFO

Reprise is running on the built-in simulator.
  API        http://127.0.0.1:$API_PORT      (docs: http://127.0.0.1:$API_PORT/docs)
  Simulator  http://127.0.0.1:$SIMULATOR_PORT
  Demo key   $demo_key

Try it:
  curl -s -X POST http://127.0.0.1:$API_PORT/v2/images/generate \\
    -H "X-API-Key: $demo_key" -H "Content-Type: application/json" \\
    -d '{"prompt":"a lighthouse at dusk","model":"midjourney"}'

Press Ctrl-C to stop.
INFO

wait -n "${pids[@]}"
