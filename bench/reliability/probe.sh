#!/usr/bin/env bash
# Durability, reload and erasure probe of `bundleforge serve` (issue 20, "Checks"): re-runs the three measurements the
# reliability issue recorded, against the code of this checkout, on loopback only. Prints one result line per check
# and ends with exit 0 when all three hold (0 lost events, 0 failed requests, 0 traces), else 1.
#
#   bench/reliability/probe.sh            (runs itself under nice -n 10: the machine may be shared)
#
# 1. Trains MODELS (default baseline,rules,bundles) on DATA (default ../shared/data/online-retail/online_retail.csv.gz)
#    once into WORK/model (kept between runs; the copy served is WORK/served).
# 2. Durability: ROUNDS (default 4) rounds of: start `serve`, POST EVENTS (default 2,000) events one request each,
#    each with its own event_id, from a client on a kept-alive connection that records every acknowledged (HTTP 200)
#    event; `kill -9` the server at a random point of the run (between 20 % and 80 % of the events); restart it and
#    count the acknowledged events found in the store (SQLite, read directly) and re-POST them (the server must call
#    every one a duplicate). Lost = acknowledged but not in the store.
# 3. Reloads under load: wrk (2 threads, 16 connections, RELOAD_SECONDS, default 40) over frequently-bought-together,
#    recommendation and bundle paths while 5 POST /v1/admin/reload are sent a few seconds apart. Failed = non-2xx
#    answers + socket errors reported by wrk + reloads not answered 200.
# 4. Erasure: a customer of the data gets live events and requests, is erased (DELETE /v1/users/{id}), the server is
#    stopped, and every file the server wrote (the served model folder, the event store with its -wal/-shm, its
#    stdout/stderr) is searched for the raw id and for its pseudonymous key. Traces = files holding either, not
#    counting the one entry the erasure list keeps by design (the key, so that retrained models leave the user out):
#    it must be there, and the store is searched without it.
#
# Environment: DATA, WORK (default /tmp/bf-reliability), PORT (default 5097), MODELS, ROUNDS, EVENTS, RELOAD_SECONDS,
# ERASE_USER (default 17850, a customer of Online Retail), CLI (a built bundleforge.dll to use instead of building this
# checkout's, e.g. a copy, so that rebuilding the checkout during the run does not change what is probed). Needs
# python3 and wrk (apt-get install -y wrk).
set -euo pipefail
if [[ -z "${BF_PROBE_NICED:-}" ]]; then export BF_PROBE_NICED=1; exec nice -n 10 "$0" "$@"; fi
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DATA=${DATA:-$ROOT/../shared/data/online-retail/online_retail.csv.gz}
[[ -f "$DATA" ]] || DATA=$ROOT/../../shared/data/online-retail/online_retail.csv.gz
WORK=${WORK:-/tmp/bf-reliability}
PORT=${PORT:-5097}
MODELS=${MODELS:-baseline,rules,bundles}
ROUNDS=${ROUNDS:-4}
EVENTS=${EVENTS:-2000}
RELOAD_SECONDS=${RELOAD_SECONDS:-40}
ERASE_USER=${ERASE_USER:-17850}
URL="http://127.0.0.1:$PORT"
CLI=${CLI:-}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }
[[ -f "$DATA" ]] || { echo "data not found: $DATA" >&2; exit 2; }
if [[ -z "$CLI" ]]; then
  CLI="$ROOT/src/BundleForge.Cli/bin/Release/net10.0/bundleforge.dll"
  dotnet build "$ROOT/src/BundleForge.Cli" -c Release -nologo -v q -clp:ErrorsOnly >&2
fi
mkdir -p "$WORK"
export BUNDLEFORGE_PSEUDONYM_KEY=${BUNDLEFORGE_PSEUDONYM_KEY:-reliability-probe-secret-0123456789}
export BUNDLEFORGE_ADMIN_KEY=${BUNDLEFORGE_ADMIN_KEY:-reliability-probe-admin-key-0123456789}
export RateLimit__PermitsPerSecond=0

if [[ ! -f "$WORK/model/manifest.json" || "$(cat "$WORK/model.args" 2>/dev/null)" != "$MODELS $DATA" ]]; then
  echo "training $MODELS on $(basename "$DATA") ..." >&2
  rm -rf "$WORK/model"
  dotnet "$CLI" train --data "$DATA" --models "$MODELS" --out "$WORK/model" --json > "$WORK/train.json"
  echo "$MODELS $DATA" > "$WORK/model.args"
fi

SERVER_PID=""
fresh_state() {
  rm -rf "$WORK/served" "$WORK"/events.db* "$WORK"/serve-*.log "$WORK"/serve-*.out "$WORK"/reload-*.json "$WORK/store-check"
  cp -r "$WORK/model" "$WORK/served"
}
start_server() { # $1: log name
  dotnet "$CLI" serve --model "$WORK/served" --events "$WORK/events.db" --urls "$URL" >>"$WORK/serve-$1.out" 2>>"$WORK/serve-$1.log" &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    if curl -fs "$URL/health" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "serve exited at start; see $WORK/serve-$1.log" >&2; exit 1; fi
    sleep 0.2
  done
  echo "serve did not answer /health within 120 s" >&2; exit 1
}
stop_server() { kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }
trap '[[ -n "$SERVER_PID" ]] && kill -9 "$SERVER_PID" 2>/dev/null; true' EXIT

# ---- 2. kill -9 during event POSTs ---------------------------------------------------------------------------------
fresh_state
acked_total=0; found_total=0; lost_total=0
for round in $(seq 1 "$ROUNDS"); do
  start_server durability
  kill_at=$(python3 -c "import random; print(random.randint($EVENTS // 5, $EVENTS * 4 // 5))")
  # The client posts every event, records each acknowledged id, and kills the server itself after kill_at acks:
  # the kill lands while requests are in flight on the connection.
  python3 - "$PORT" "$round" "$EVENTS" "$kill_at" "$SERVER_PID" "$WORK/acked-$round.txt" <<'PY'
import http.client, json, os, random, signal, sys, threading
port, rnd, total, kill_at, pid, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
acked = open(out, "w")
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
n = 0
for i in range(total):
    ev = {"user_id": f"probe-user-{i % 50}", "type": "view", "item_id": "85123A", "event_id": f"r{rnd}-e{i}"}
    try:
        conn.request("POST", "/v1/events", json.dumps(ev), {"Content-Type": "application/json"})
        r = conn.getresponse(); body = r.read()
        if r.status == 200 and json.loads(body)["accepted"] == 1:
            acked.write(ev["event_id"] + "\n"); acked.flush(); n += 1
            if n == kill_at:
                # A few milliseconds later, while the next requests are being written and committed.
                threading.Timer(random.uniform(0, 0.005), os.kill, (pid, signal.SIGKILL)).start()
    except Exception:
        break  # the server is gone: the rest are not acknowledged
acked.close()
PY
  kill -9 "$SERVER_PID" 2>/dev/null || true # in case the run ended before the kill point
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  start_server durability
  read -r acked found dup < <(python3 - "$WORK/events.db" "$WORK/acked-$round.txt" "$PORT" <<'PY'
import http.client, json, sqlite3, sys
db, acked_file, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
acked = [l.strip() for l in open(acked_file) if l.strip()]
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
stored = {r[0] for r in c.execute("SELECT event_id FROM events WHERE event_id IS NOT NULL")}
found = sum(1 for e in acked if e in stored)
# The server's own view: every acknowledged event sent again is a duplicate.
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
dup = 0
for k in range(0, len(acked), 500):
    batch = [{"user_id": f"probe-user-{int(e.split('-e')[1]) % 50}", "type": "view", "item_id": "85123A", "event_id": e} for e in acked[k:k + 500]]
    conn.request("POST", "/v1/events", json.dumps(batch), {"Content-Type": "application/json"})
    r = conn.getresponse(); dup += json.loads(r.read())["duplicates"]
print(len(acked), found, dup)
PY
)
  stop_server
  echo "round $round: $acked acknowledged, $found in the store after restart, $dup answered as duplicates" >&2
  acked_total=$((acked_total + acked)); found_total=$((found_total + found)); lost_total=$((lost_total + acked - found))
  if (( dup != acked )); then lost_total=$((lost_total + acked - dup)); fi
done
echo "durability: $ROUNDS rounds of kill -9 during $EVENTS event POSTs: $acked_total acknowledged, $found_total found after restart, lost $lost_total"

# ---- 3. reloads under load -----------------------------------------------------------------------------------------
fresh_state
start_server reload
set +o pipefail
zcat "$DATA" | awk -F, 'NR>1 && $2!="" {print $2}' | sort | uniq -c | sort -rn | head -300 | awk '{print $2}' > "$WORK/items.txt"
zcat "$DATA" | awk -F, 'NR>1 && $7!="" {sub(/\.0$/, "", $7); print $7}' | sort | uniq -c | sort -rn | head -300 | awk '{print $2}' > "$WORK/users.txt"
set -o pipefail
# Only items the model knows (cleaning drops some stock codes: postage, manual adjustments), so every request of the
# run should answer 200 and any non-2xx is a failure.
while read -r i; do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/v1/items/$i/frequently-bought-together?k=1")" == 200 ]] && echo "$i"
done < "$WORK/items.txt" > "$WORK/known-items.txt"
users=$(wc -l < "$WORK/known-items.txt")
head -"$users" "$WORK/users.txt" | paste -d' ' - "$WORK/known-items.txt" | awk '{print "/v1/items/" $2 "/frequently-bought-together?k=10"; print "/v1/users/" $1 "/recommendations?k=10"; print "/v1/users/" $1 "/bundles?item=" $2 "&n=3"}' > "$WORK/paths.txt"
wrk -t2 -c16 -d"${RELOAD_SECONDS}s" --timeout 10s -s "$ROOT/bench/load/paths.lua" "$URL" -- "$WORK/paths.txt" > "$WORK/wrk-reload.txt" 2>&1 &
WRK_PID=$!
reload_failed=0
sleep 4
for k in 1 2 3 4 5; do
  code=$(curl -s -o "$WORK/reload-$k.json" -w '%{http_code}' -X POST -H "X-Api-Key: $BUNDLEFORGE_ADMIN_KEY" "$URL/v1/admin/reload")
  [[ "$code" == 200 ]] || { reload_failed=$((reload_failed + 1)); echo "reload $k answered $code: $(cat "$WORK/reload-$k.json")" >&2; }
  sleep $(( (RELOAD_SECONDS - 8) / 5 ))
done
wait "$WRK_PID"
stop_server
requests=$(awk '/requests in/ {print $1}' "$WORK/wrk-reload.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk-reload.txt"); non2xx=${non2xx:-0}
socket=$(awk '/Socket errors/ {s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i; print s}' "$WORK/wrk-reload.txt"); socket=${socket:-0}
rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-reload.txt")
failed=$((non2xx + socket + reload_failed))
echo "reloads: 5 reloads ($((5 - reload_failed)) answered 200) under $requests requests in ${RELOAD_SECONDS} s ($rps/s): $non2xx non-2xx, $socket socket errors, failed $failed"

# ---- 4. erasure leaves no trace --------------------------------------------------------------------------------------
fresh_state
start_server erasure
key=$(python3 -c "import hmac, hashlib, os, sys; print(hmac.new(os.environ['BUNDLEFORGE_PSEUDONYM_KEY'].encode(), sys.argv[1].encode(), hashlib.sha256).hexdigest()[:32])" "$ERASE_USER")
grep -rqa "$key" "$WORK/served" || { echo "user $ERASE_USER is not in the model (no file holds its key): choose another ERASE_USER" >&2; exit 1; }
item=$(head -1 "$WORK/items.txt")
curl -fs -X POST -H 'Content-Type: application/json' "$URL/v1/events" \
  -d "[{\"user_id\":\"$ERASE_USER\",\"type\":\"view\",\"item_id\":\"$item\",\"event_id\":\"erase-1\"},{\"user_id\":\"$ERASE_USER\",\"type\":\"purchase\",\"item_id\":\"$item\"}]" >/dev/null
curl -fs "$URL/v1/users/$ERASE_USER/recommendations" >/dev/null
curl -fs "$URL/v1/users/$ERASE_USER/bundles?n=2" >/dev/null
erase=$(curl -s -w ' %{http_code}' -X DELETE -H "X-Api-Key: $BUNDLEFORGE_ADMIN_KEY" "$URL/v1/users/$ERASE_USER")
after=$(curl -fs "$URL/v1/users/$ERASE_USER/recommendations" | python3 -c "import json,sys; print(json.load(sys.stdin)['personalised'])")
stop_server
# Every file under WORK but the trained model (train's output, which holds the user by design) and the probe's own
# lists: the served folder and whatever the server put beside it, the event store, its output and logs. The raw id is
# matched as a whole word (so 17850 does not match inside 178501), the key as it is. The event store keeps one entry by
# design: the user's key on the erasure list (docs/SERVING.md, "Erasure and retraining"), so that retrained models leave
# them out. It is checked to be there, then removed from a copy of the store (secure delete, vacuum), and the copy is
# searched like every other file: anything left is a trace.
on_list=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM erasures WHERE user_key = ?', (sys.argv[2],)).fetchone()[0])" "$WORK/events.db" "$key")
mkdir -p "$WORK/store-check"
python3 - "$WORK" "$key" <<'PY'
import shutil, sqlite3, sys, os, glob
work, key = sys.argv[1], sys.argv[2]
for f in glob.glob(f"{work}/events.db*"):
    shutil.copy(f, f"{work}/store-check/" + os.path.basename(f))
c = sqlite3.connect(f"{work}/store-check/events.db")
c.execute("PRAGMA secure_delete=ON")
c.execute("DELETE FROM erasures WHERE user_key = ?", (key,))
c.commit()
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
c.execute("VACUUM")
c.close()
PY
traces=0; files=0
while IFS= read -r -d '' f; do
  files=$((files + 1))
  if grep -qawF -- "$ERASE_USER" "$f"; then traces=$((traces + 1)); echo "trace: $f holds the raw id" >&2; fi
  if grep -qaF -- "$key" "$f"; then traces=$((traces + 1)); echo "trace: $f holds the pseudonym" >&2; fi
done < <(find "$WORK" -type f -not -path "$WORK/model/*" -not -path "$WORK/events.db*" -not -name '*.txt' -not -name 'train.json' -not -name 'model.args' -print0)
echo "erasure: DELETE answered ${erase##* }, personalised afterwards: $after; the key on the erasure list: $on_list (by design); $files files the server wrote searched for the raw id and the pseudonym (the event store without its erasure-list entry): $traces traces"

(( lost_total == 0 && failed == 0 && traces == 0 && on_list == 1 )) && [[ "${erase##* }" == 200 && "$after" == False ]]
