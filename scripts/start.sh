#!/usr/bin/env bash
# The quick start: installs everything, makes sure PostgreSQL and Redis run, migrates the
# database, creates the demo account, builds the apps, then runs each in the foreground until
# Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version)" != 10.* ]]; then
  npm install -g pnpm@10
fi
bash scripts/services.sh
pnpm install --frozen-lockfile
pnpm migrate
pnpm build

demo_key=$(pnpm -s admin --json demo | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).apiKey.key))')

API_PORT=${PORT:-3000}
SIMULATOR_PORT=${SIMULATOR_PORT:-4010}
export NODE_ENV=${NODE_ENV:-development}
export BULL_BOARD_PASSWORD=${BULL_BOARD_PASSWORD:-$(node -e \
  'console.log(require("crypto").randomBytes(12).toString("base64url"))')}
export MIDJOURNEY_PROXY_URL=${MIDJOURNEY_PROXY_URL:-http://127.0.0.1:$SIMULATOR_PORT}
export SUNO_API_URL=${SUNO_API_URL:-http://127.0.0.1:$SIMULATOR_PORT}
export SUNO_CALLBACK_URL=${SUNO_CALLBACK_URL:-http://127.0.0.1:$API_PORT/v2/upstream/suno/callback}
# The simulator's default pace: a few seconds per job, so progress can be watched.
export SIMULATOR_STEP_LATENCY_MS=${SIMULATOR_STEP_LATENCY_MS:-500}

pids=()
stop_all() {
  trap - INT TERM EXIT
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

# Each app is one node process running its bundle (no pnpm wrapper), so stopping its pid stops
# the app. The worker's flag is its start script's: a smaller young generation.
run() { node "$@" & pids+=($!); }
PORT=$SIMULATOR_PORT run apps/simulator/dist/main.js
PORT=$API_PORT run apps/api/dist/main.js
METRICS_PORT=${METRICS_PORT:-9464} run --max-semi-space-size=4 apps/worker/dist/main.js

for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$API_PORT/v2/models" >/dev/null 2>&1; then break; fi
  sleep 0.5
done

cat <<INFO

Reprise is running on the built-in simulator.
  API         http://127.0.0.1:$API_PORT      (docs: http://127.0.0.1:$API_PORT/docs)
  Bull Board  http://127.0.0.1:$API_PORT/admin/queues   (operator / $BULL_BOARD_PASSWORD)
  Metrics     http://127.0.0.1:$API_PORT/metrics (same login), worker: http://127.0.0.1:${METRICS_PORT:-9464}/metrics
  Simulator   http://127.0.0.1:$SIMULATOR_PORT
  Demo key    $demo_key

Try it:
  curl -s -X POST http://127.0.0.1:$API_PORT/v2/images/generate \\
    -H "X-API-Key: $demo_key" -H "Content-Type: application/json" \\
    -d '{"prompt":"a lighthouse at dusk","model":"midjourney"}'
  curl -s http://127.0.0.1:$API_PORT/v2/jobs/<jobId> -H "X-API-Key: $demo_key"

Press Ctrl-C to stop.
INFO

wait -n "${pids[@]}"
