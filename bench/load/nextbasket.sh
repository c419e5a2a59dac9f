#!/usr/bin/env bash
# /v1/users/{id}/recommendations answered by the `nextbasket` component (issue 15: at least 5,000 requests/s on the
# two-core machine), with bench/load/run.sh: trains baseline,item2vec,nextbasket on the full Online Retail data once
# (cached in WORK), then wrk on the trivial endpoints, frequently-bought-together and the recommendations of the 500
# customers with the most lines. Run it on a quiet machine and note `uptime` beside the figures.
#
#   bench/load/nextbasket.sh [DURATION_SECONDS (default 10)] [CONNECTIONS (default 32)]
set -euo pipefail
cd "$(dirname "$0")/../.."
uptime
WORK=${WORK:-/tmp/bf-load-nextbasket} MODELS=baseline,item2vec,nextbasket TRAIN_ARGS="${TRAIN_ARGS:---epochs 8 --seed 42}" \
  MEMORY_SECONDS=${MEMORY_SECONDS:-20} ALSO_RECOMMENDERS="" BUNDLE_CACHE_OFF=0 bench/load/run.sh "$@"
uptime
