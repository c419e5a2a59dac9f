#!/usr/bin/env bash
# Cluster load run of `bundleforge serve` on loopback with wrk: the mixed load of bench/load/run.sh (frequently
# bought together, recommendations, bundles on a product page and for a customer alone; 500 popular items and 500
# customers of Online Retail) against
#   1. a single node (SQLite, `serve --model`), the reference;
#   2. one cluster node (`serve --cluster`, PostgreSQL started here the way tests/BundleForge.Cluster.Tests does it:
#      a temporary data folder, run as the unprivileged postgres account when root, stopped and deleted at the end);
#   3. three cluster nodes on 127.0.0.1, driven round robin: three wrk clients, one per node, each with a third of the
#      connections (wrk cannot switch hosts within one run).
# For each: requests/s and p50/p99 of the mixed load (CONNECTIONS connections), and the unloaded latency of bundles on
# a product page (one connection, one request at a time): its p50 over the single node's is the per-request cost
# cluster mode adds (the customer's session is read from their grain, on another node for 2 of 3 customers when there
# are three). Prints Markdown tables with the load average beside each row.
#
#   bench/load/cluster.sh [DURATION_SECONDS (default 10, at most 30)] [CONNECTIONS (default 32)]
#
# Environment: DATA, MODELS, TRAIN_ARGS as bench/load/run.sh; WORK (default /tmp/bf-load-cluster; MODEL=<folder> serves
# an existing model folder instead of training one: it must have been trained under BUNDLEFORGE_PSEUDONYM_KEY),
# PORT (default 5180: nodes listen on PORT+1..PORT+3). Rate limiting is off (RateLimit__PermitsPerSecond=0).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DURATION=${1:-10}
CONNECTIONS=${2:-32}
if (( DURATION > 30 )); then echo "duration is capped at 30 s per run" >&2; DURATION=30; fi
DATA=${DATA:-$ROOT/../shared/data/online-retail/online_retail.csv.gz}
[[ -f "$DATA" ]] || DATA=$ROOT/../../shared/data/online-retail/online_retail.csv.gz
WORK=${WORK:-/tmp/bf-load-cluster}
PORT=${PORT:-5180}
MODELS=${MODELS:-baseline,rules,item2vec,sasrec,bundles}
TRAIN_ARGS=${TRAIN_ARGS:---seq-max-minutes 15}
CLI=${CLI:-$ROOT/src/BundleForge.Cli/bin/Release/net10.0/bundleforge.dll}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$PGBIN/initdb" ]] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 2; }
[[ -f "$CLI" ]] || dotnet build "$ROOT/src/BundleForge.Cli" -c Release >/dev/null
mkdir -p "$WORK"
export BUNDLEFORGE_PSEUDONYM_KEY=${BUNDLEFORGE_PSEUDONYM_KEY:-bench-load-secret-0123456789}
export BUNDLEFORGE_ADMIN_KEY=${BUNDLEFORGE_ADMIN_KEY:-bench-load-admin-key}

if [[ -n "${MODEL:-}" ]]; then
  rm -rf "$WORK/model"; cp -r "$MODEL" "$WORK/model"; echo "copied $MODEL" > "$WORK/model.args"
elif [[ ! -f "$WORK/model/manifest.json" || "$(cat "$WORK/model.args" 2>/dev/null)" != "$MODELS $TRAIN_ARGS" ]]; then
  echo "training $MODELS on $(basename "$DATA") ($TRAIN_ARGS) ..." >&2
  # shellcheck disable=SC2086 # TRAIN_ARGS is a list of options
  dotnet "$CLI" train --data "$DATA" --models "$MODELS" --out "$WORK/model" $TRAIN_ARGS --json > "$WORK/train.json"
  echo "$MODELS $TRAIN_ARGS" > "$WORK/model.args"
fi

# Request paths, as bench/load/run.sh makes them (its unknown-item filter is replaced by the catalog check below).
set +o pipefail
zcat "$DATA" | awk -F, 'NR>1 && $2!="" {print $2}' | sort | uniq -c | sort -rn | head -500 \
  | awk -v q='?k=10' '{print "/v1/items/" $2 "/frequently-bought-together" q}' > "$WORK/fbt.paths"
zcat "$DATA" | awk -F, 'NR>1 && $7!="" {sub(/\.0$/, "", $7); print $7}' | sort | uniq -c | sort -rn | head -500 \
  | awk '{print "/v1/users/" $2 "/recommendations?k=10"}' > "$WORK/recs.paths"
set -o pipefail

# PostgreSQL, as the cluster tests start it.
PG=$(mktemp -d /tmp/bf-load-pg-XXXXXX)
PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) == 0 ]] && chown -R postgres "$PG"
as_pg "$PGBIN/initdb" -D "$PG/data" -U bundleforge --auth=trust -E UTF8 --no-sync >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PG/data" -l "$PG/postgres.log" -w -t 60 \
  -o "-p $PGPORT -k $PG -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
for db in one three; do psql -q -h 127.0.0.1 -p "$PGPORT" -U bundleforge -d postgres -c "CREATE DATABASE $db"; done
cs() { echo "Host=127.0.0.1;Port=$PGPORT;Username=bundleforge;Database=$1"; }

NODES=()
stop_nodes() { for p in "${NODES[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${NODES[@]}"; do wait "$p" 2>/dev/null || true; done; NODES=(); }
cleanup() { stop_nodes; as_pg "$PGBIN/pg_ctl" -D "$PG/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$PG"; }
trap cleanup EXIT

start_node() { # n, extra serve arguments...
  local n=$1; shift
  rm -f "$WORK"/events.db*
  env RateLimit__PermitsPerSecond=0 BUNDLEFORGE_Cluster__SiloPort=$((11200 + n)) BUNDLEFORGE_Cluster__GatewayPort=$((30200 + n)) \
    dotnet "$CLI" serve --model "$WORK/model" --urls "http://127.0.0.1:$((PORT + n))" "$@" > "$WORK/node$n.log" 2>&1 &
  NODES+=($!)
}
wait_ready() { # n
  local url="http://127.0.0.1:$((PORT + $1))"
  for _ in $(seq 1 240); do curl -fs "$url/health" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "$url/health" >/dev/null || { echo "node $1 did not get ready:" >&2; cat "$WORK/node$1.log" >&2; exit 1; }
  if [[ -d "$WORK/model/bundles" ]]; then
    for _ in $(seq 1 360); do grep -q "Bundle warm-up done" "$WORK/node$1.log" && break; sleep 0.5; done
  fi
}

ms() { awk '{ v = $1; if (v ~ /us$/) printf "%.3f", v / 1000; else if (v ~ /ms$/) printf "%.3f", v + 0; else if (v ~ /s$/) printf "%.3f", v * 1000; else print "?" }' <<<"$1"; }

PATHS_READY=0
make_paths() { # once a node serves: keep catalog items, build the bundle and mixed paths
  (( PATHS_READY )) && return
  local url="http://127.0.0.1:$((PORT + 1))"
  while read -r p; do [[ $(curl -s -o /dev/null -w '%{http_code}' "$url$p") == 200 ]] && echo "$p"; done < "$WORK/fbt.paths" > "$WORK/fbt.ok"
  mv "$WORK/fbt.ok" "$WORK/fbt.paths"
  paste -d' ' <(sed 's|/recommendations.*||' "$WORK/recs.paths") <(sed 's|/v1/items/||; s|/frequently.*||' "$WORK/fbt.paths") \
    | awk 'NF==2 {print $1 "/bundles?item=" $2 "&n=3"}' > "$WORK/bundles-item.paths"
  sed 's|/recommendations.*|/bundles?n=3|' "$WORK/recs.paths" > "$WORK/bundles-user.paths"
  cat "$WORK/fbt.paths" "$WORK/recs.paths" "$WORK/bundles-item.paths" "$WORK/bundles-user.paths" > "$WORK/mixed.paths"
  shuf --random-source=<(yes) "$WORK/mixed.paths" -o "$WORK/mixed.paths"
  PATHS_READY=1
}

cpu_ticks() { local t=0 p; for p in "${NODES[@]}"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }  # CPU clock ticks of the nodes

# The mixed load against nodes 1..k, CONNECTIONS split between them; one wrk per node, run together.
mixed() { # label, k
  local label=$1 k=$2 per=$((CONNECTIONS / $2)) i
  for i in $(seq 1 "$k"); do wrk -t1 -c"$per" -d5s -s bench/load/paths.lua "http://127.0.0.1:$((PORT + i))" -- "$WORK/mixed.paths" >/dev/null & done; wait
  local before after; before=$(cpu_ticks)
  for i in $(seq 1 "$k"); do
    wrk -t$(( k == 1 ? 2 : 1 )) -c"$per" -d"${DURATION}s" --latency -s bench/load/paths.lua "http://127.0.0.1:$((PORT + i))" -- "$WORK/mixed.paths" > "$WORK/wrk$i.txt" &
  done
  # This runs in a command substitution: wait sees only its own wrk clients, not the nodes.
  wait
  after=$(cpu_ticks)
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  awk -v label="$label" -v load="$load" -v cpu="$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" 'BEGIN { print t / hz * 1000 }')" '
    /Requests\/sec/ { rps += $2 } /requests in/ { requests += $1 }
    $1 == "50%" || $1 == "99%" { v = $2; if (v ~ /us$/) v = v / 1000; else if (v ~ /ms$/) v = v + 0; else if (v ~ /s$/) v = v * 1000;
                                 if ($1 == "50%") { p50 += v; n++ } else if (v > p99) p99 = v }
    /Non-2xx/ { bad += $5 } /Socket errors/ { timeouts += $NF }
    END { printf "| %s | %.0f | %.2f ms | %.2f ms | %d / %d | %.2f ms | %s |\n", label, rps, p50 / n, p99, bad, timeouts, cpu / requests, load }' "$WORK"/wrk[1-"$k"].txt
}

# Unloaded latency of bundles on a product page: one connection against node 1; and the CPU time the nodes spent per
# request over the run (all nodes: a session read on another node costs CPU there), which a loaded machine distorts far
# less than latency.
single_request() { # label
  wrk -t1 -c1 -d3s -s bench/load/paths.lua "http://127.0.0.1:$((PORT + 1))" -- "$WORK/bundles-item.paths" >/dev/null
  local out before after requests
  before=$(cpu_ticks)
  out=$(wrk -t1 -c1 -d"${DURATION}s" --latency -s bench/load/paths.lua "http://127.0.0.1:$((PORT + 1))" -- "$WORK/bundles-item.paths")
  after=$(cpu_ticks)
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "| $1 | $(awk '/Requests\/sec/ {print $2}' <<<"$out") | $(ms "$(awk '$1=="50%" {print $2}' <<<"$out")") ms | $(ms "$(awk '$1=="99%" {print $2}' <<<"$out")") ms | $(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.3f", t / hz * 1000 / n }') ms | $(cut -d' ' -f1 /proc/loadavg) |"
}

MIXED=(); SINGLE=()
start_node 1 --events "$WORK/events.db"; wait_ready 1; make_paths
MIXED+=("$(mixed "single node (SQLite)" 1)"); SINGLE+=("$(single_request "single node (SQLite)")"); stop_nodes

export BUNDLEFORGE_Cluster__ClusterId=one
start_node 1 --cluster "$(cs one)"; wait_ready 1
MIXED+=("$(mixed "one cluster node" 1)"); SINGLE+=("$(single_request "one cluster node")"); stop_nodes

export BUNDLEFORGE_Cluster__ClusterId=three
for n in 1 2 3; do start_node "$n" --cluster "$(cs three)"; done
for n in 1 2 3; do wait_ready "$n"; done
MIXED+=("$(mixed "three cluster nodes, round robin" 3)"); SINGLE+=("$(single_request "three cluster nodes (node 1)")"); stop_nodes

echo "wrk over $(wc -l < "$WORK/mixed.paths") mixed paths, ${DURATION}s per run after a 5 s warm-up, $CONNECTIONS connections in all, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M') UTC, PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"
echo
echo "| setup | requests/s | p50 (mean of the clients) | p99 (worst client) | non-2xx / timeouts | node CPU per request | load average (1 min) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${MIXED[@]}"
echo
echo "Bundles on a product page, one connection (unloaded latency; $(wc -l < "$WORK/bundles-item.paths") customer/item pairs):"
echo
echo "| setup | requests/s | p50 | p99 | node CPU per request | load average (1 min) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${SINGLE[@]}"
base=$(awk -F'|' 'NR == 1 { print $4 + 0 }' <<<"$(printf '%s\n' "${SINGLE[@]}")")
echo
cpu=$(awk -F'|' 'NR == 1 { print $6 + 0 }' <<<"$(printf '%s\n' "${SINGLE[@]}")")
printf '%s\n' "${SINGLE[@]:1}" | awk -F'|' -v base="$base" -v cpu="$cpu" '{ printf "cluster mode adds %.3f ms at p50 and %.3f ms of CPU per request for bundles (%s)\n", ($4 + 0) - base, ($6 + 0) - cpu, $2 }'
