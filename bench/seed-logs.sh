#!/usr/bin/env bash
# Seeds a log table for the dashboard's scale figures: N realistic request_logs rows over the last DAYS days for one
# gateway, generated inside PostgreSQL, with their per-minute, per-hour and per-day rollups as the log writer would
# have written them. Made for speed (10 million rows: 27 min at nice 19 on a 2-core box at load average 17–33, the
# rows themselves about 2 min per million):
#  - rows are generated in time order (UUIDv7-like ids from created_at, as the gateway's), one statement per slice of
#    whole minutes, so the heap and the primary key only ever grow at their end;
#  - the same statement writes that slice's minute rollups from the rows it inserted (INSERT … RETURNING feeding a
#    GROUP BY; each row's latency bucket computed once): no second pass over the table;
#  - the table's other indexes are dropped for the load and built again at the end (CREATE INDEX sorts once instead
#    of 10 million random index inserts; GIN especially) — also if the script stops half-way (EXIT trap);
#  - hour rollups are summed from the minute rollups, day rollups from the hour rollups.
#
#   bench/seed-logs.sh [N=10000000] [GATEWAY=default] [DAYS=30]
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGDATABASE (aigw_bench); SEED_NICE (19: the
# niceness given to this script's PostgreSQL backends, which `nice` on the script does not reach; empty: leave them).
# The gateway's schema must be there: start the gateway against the database once (it migrates), or apply
# src/main/resources/db/migration/V*.sql with psql and start the gateway with -Dgateway.logs.migrate=false.
# Deletes that gateway's rows and rollups first. While it runs the table has no secondary indexes: a bench database
# only. Prints the time each step took.
set -euo pipefail

N=${1:-10000000}
GATEWAY=${2:-default}
DAYS=${3:-30}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-aigw_bench}
export PGAPPNAME=aigw-seed
SEED_NICE=${SEED_NICE-19}
CHUNK=${SEED_CHUNK:-1000000}

# The latency buckets' lower bounds (dev.aigateway.logs.LatencyHistogram.sqlLowerBounds; keep in sync): bucket i
# (1-based) of width_bucket is element i of the rollups' histograms.
LOWER="-2147483648,2,3,4,5,6,7,9,11,13,16,21,26,31,41,51,61,81,101,121,151,201,251,301,401,501,601,801,1001,1201,1501,2001,2501,3001,4001,5001,6001,8001,10001,12001,15001,20001,25001,30001,40001,50001,60001,80001,100001,120001,150001,200001,300001,600001"
BUCKETS=54

psql_q() { psql -v ON_ERROR_STOP=1 -q -X "$@"; }
step() { local t0=$SECONDS; "$@"; echo "  $(( SECONDS - t0 )) s"; }
sql_string() { printf "'%s'" "${1//\'/\'\'}"; }
GW=$(sql_string "$GATEWAY")

psql_q -c "SELECT 1 FROM request_log_rollups_daily LIMIT 0" >/dev/null \
  || { echo "The gateway's schema is not in $PGDATABASE: start the gateway against it once" >&2; exit 1; }

# The backends of this script (application_name aigw-seed) at the given niceness, checked every 2 s.
if [[ -n "$SEED_NICE" ]] && command -v renice >/dev/null; then
  ( while sleep 2; do
      for pid in $(psql -X -Atc "SELECT pid FROM pg_stat_activity WHERE application_name = 'aigw-seed'" 2>/dev/null); do
        renice -n "$SEED_NICE" -p "$pid" >/dev/null 2>&1 || true
      done
    done ) &
  RENICER=$!
fi

INDEXES=$(mktemp)
restore_indexes() {
  if [[ -s "$INDEXES" ]]; then
    echo "Building the table's indexes again"
    local t0=$SECONDS
    psql_q -c "SET maintenance_work_mem = '1GB'" -f "$INDEXES"
    echo "  $(( SECONDS - t0 )) s"
    : > "$INDEXES"
  fi
}
cleanup() {
  restore_indexes
  rm -f "$INDEXES"
  [[ -n "${RENICER:-}" ]] && kill "$RENICER" 2>/dev/null || true
}
trap cleanup EXIT

echo "Deleting gateway $GATEWAY's rows and rollups"
step psql_q -c "DELETE FROM request_logs WHERE gateway_id = $GW;
  DELETE FROM request_log_rollups WHERE gateway_id = $GW;
  DELETE FROM request_log_rollups_hourly WHERE gateway_id = $GW;
  DELETE FROM request_log_rollups_daily WHERE gateway_id = $GW;"

echo "Dropping request_logs' secondary indexes for the load"
psql_q -At -c "SELECT regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE (UNIQUE )?INDEX ', 'CREATE \1INDEX IF NOT EXISTS ') || ';'
    FROM pg_index i WHERE i.indrelid = 'request_logs'::regclass AND NOT i.indisprimary" > "$INDEXES"
psql_q -At -c "SELECT 'DROP INDEX ' || i.indexrelid::regclass || ';'
    FROM pg_index i WHERE i.indrelid = 'request_logs'::regclass AND NOT i.indisprimary" | psql_q
sed 's/^/  /' "$INDEXES"

# A histogram in 14 sums instead of 54 filtered counts: bucket b (1-based) adds 1 << 16 * ((b - 1) % 4) to sum
# number (b - 1) / 4, so four 16-bit counters share a bigint (a group of one minute counts far fewer than 65 536
# requests per bucket: checked below), unpacked per group afterwards.
packed() {
  local column=$1 out="" j
  for (( j = 0; j < (BUCKETS + 3) / 4; j++ )); do
    out+="${out:+, }coalesce(sum(${column}_v) FILTER (WHERE ${column}_q = $j), 0)::bigint AS ${column}_$j"
  done
  echo "$out"
}
unpacked() {
  local column=$1 out="" i
  for (( i = 0; i < BUCKETS; i++ )); do
    out+="${out:+, }((${column}_$(( i / 4 )) >> $(( 16 * (i % 4) ))) & 65535)::int"
  done
  echo "ARRAY[$out]"
}

MINUTES=$(( DAYS * 1440 ))
(( N / MINUTES < 30000 )) || { echo "At most 30 000 rows a minute (N / (DAYS * 1440)): use more days" >&2; exit 1; }
# whole minutes per statement, about CHUNK rows each
PER=$(( (MINUTES * CHUNK + N - 1) / N )); (( PER < 1 )) && PER=1
START=$(psql -X -At -c "SELECT extract(epoch FROM date_trunc('minute', now()) - interval '$DAYS days')::bigint")

# Row g (0-based) falls in minute g * MINUTES / N, at a random second of it. A provider and one of its models,
# 96 % 200, 2 % 429, 1 % 500, 1 % 502 (failed); 15 % cache hits (fast, no cost); a long-tailed latency; half of them
# streamed (with a time to first token); tokens and a cost by model; metadata with one of 2000 users (skewed: low
# numbers are the heavy users) and 8 teams. Model, status, cache and user are drawn independently.
insert_slice() {
  local a=$1 b=$2
  local lo=$(( (a * N + MINUTES - 1) / MINUTES )) hi=$(( (b * N + MINUTES - 1) / MINUTES ))
  (( hi > lo )) || return 0
  psql_q <<SQL
SET synchronous_commit = off;
SET work_mem = '256MB';
WITH rows AS (
  INSERT INTO request_logs (id, created_at, gateway_id, provider, model, path, request_type, success, status_code,
      cached, duration_ms, ttfb_ms, tokens_in, tokens_out, cost, metadata, attempt, payload_stored, authenticated,
      user_agent, request_content_type, response_content_type)
  SELECT (lpad(to_hex((extract(epoch FROM t.ts) * 1000)::bigint), 12, '0') || '7' || substr(u.h, 1, 3) || '8'
          || substr(u.h, 4, 15))::uuid,
      t.ts, $GW, p.provider, p.model, p.path, 'chat', s.status < 400, s.status, c.cached,
      CASE WHEN c.cached THEN 2 + (random() * 10)::int ELSE 80 + (power(random(), 3) * 8000)::int END,
      CASE WHEN g % 2 = 0 AND NOT c.cached THEN 40 + (power(random(), 2) * 900)::int END,
      CASE WHEN s.status < 400 THEN 20 + (random() * 3000)::int END,
      CASE WHEN s.status < 400 THEN 5 + (random() * 800)::int END,
      CASE WHEN s.status < 400 AND NOT c.cached THEN round((p.price * (50 + random() * 3000))::numeric, 12) END,
      jsonb_build_object('user', 'user-' || h.u, 'team', 'team-' || (g % 8)), 1, false, false,
      'bench-seed/1', 'application/json', CASE WHEN g % 2 = 0 THEN 'text/event-stream' ELSE 'application/json' END
  FROM generate_series($lo::bigint, $(( hi - 1 ))::bigint) g
  CROSS JOIN LATERAL (SELECT to_timestamp($START + (g * $MINUTES / $N) * 60 + random() * 59.999) AS ts) t
  CROSS JOIN LATERAL (SELECT md5(g::text) AS h) u
  CROSS JOIN LATERAL (SELECT floor(random() * 1000 + 0 * g)::int AS r, floor(random() * 6 + 0 * g)::int AS k, random() + 0 * g AS c,
      floor(power(random() + 0 * g, 2) * 2000)::int AS u) h
  CROSS JOIN LATERAL (SELECT CASE WHEN h.r < 960 THEN 200 WHEN h.r < 980 THEN 429 WHEN h.r < 990 THEN 500 ELSE 502 END
      AS status) s
  CROSS JOIN LATERAL (SELECT s.status = 200 AND h.c < 0.15 AS cached) c
  CROSS JOIN LATERAL (SELECT * FROM (VALUES
      (0, 'openai', 'gpt-4o-mini', '/v1/chat/completions', 0.0000006),
      (1, 'openai', 'gpt-4o', '/v1/chat/completions', 0.00001),
      (2, 'anthropic', 'claude-sonnet-4-5', '/v1/messages', 0.000015),
      (3, 'anthropic', 'claude-haiku-4-5', '/v1/messages', 0.000004),
      (4, 'google-ai-studio', 'gemini-2.5-flash', '/v1beta/models/gemini-2.5-flash:generateContent', 0.0000025),
      (5, 'groq', 'llama-3.3-70b-versatile', '/openai/v1/chat/completions', 0.0000008)) v(k, provider, model, path, price)
      WHERE v.k = h.k) p
  ORDER BY g
  RETURNING created_at, provider, model, status_code, success, cached, tokens_in, tokens_out, cost, duration_ms, ttfb_ms
), bucketed AS (
  SELECT created_at, provider, model, status_code, success, cached, tokens_in, tokens_out, cost, duration_ms, ttfb_ms,
      (lb - 1) / 4 AS lat_q, 1::bigint << (16 * ((lb - 1) % 4)) AS lat_v,
      (tb - 1) / 4 AS ttfb_q, 1::bigint << (16 * ((tb - 1) % 4)) AS ttfb_v
  FROM rows CROSS JOIN LATERAL (SELECT width_bucket(duration_ms, ARRAY[$LOWER]) AS lb,
      CASE WHEN ttfb_ms IS NOT NULL THEN width_bucket(ttfb_ms, ARRAY[$LOWER]) END AS tb) w
), grouped AS (
  SELECT date_trunc('minute', created_at) AS period, provider, coalesce(model, '') AS model,
      greatest(status_code / 100, 0) AS status_class, cached, count(*) AS requests,
      count(*) FILTER (WHERE NOT success) AS errors, coalesce(sum(tokens_in), 0) AS tokens_in,
      coalesce(sum(tokens_out), 0) AS tokens_out, coalesce(sum(cost), 0) AS cost, sum(duration_ms) AS duration_ms_sum,
      count(ttfb_ms) AS ttfb_count, $(packed lat), $(packed ttfb)
  FROM bucketed GROUP BY 1, 2, 3, 4, 5
)
INSERT INTO request_log_rollups (gateway_id, period, provider, model, status_class, cached, requests, errors,
    tokens_in, tokens_out, cost, duration_ms_sum, latency_hist, ttfb_count, ttfb_hist)
SELECT $GW, period, provider, model, status_class, cached, requests, errors, tokens_in, tokens_out, cost,
    duration_ms_sum, $(unpacked lat), ttfb_count, $(unpacked ttfb)
FROM grouped;
SQL
}

echo "Inserting $N rows over $DAYS days (with their minute rollups), $PER minutes per statement"
t0=$SECONDS
for (( a = 0; a < MINUTES; a += PER )); do
  b=$(( a + PER < MINUTES ? a + PER : MINUTES ))
  insert_slice "$a" "$b"
  echo "  $(( b * N / MINUTES )) rows ($(( SECONDS - t0 )) s)"
done

# Element-wise sums of the histograms of the finer table.
sums() {
  local column=$1 out="" i
  for (( i = 1; i <= BUCKETS; i++ )); do out+="${out:+, }sum($column[$i])::int"; done
  echo "ARRAY[$out]"
}

rollup_from() {
  local table=$1 source=$2 unit=$3
  psql_q <<SQL
SET work_mem = '256MB';
INSERT INTO $table (gateway_id, period, provider, model, status_class, cached, requests, errors, tokens_in,
    tokens_out, cost, duration_ms_sum, latency_hist, ttfb_count, ttfb_hist)
SELECT gateway_id, date_trunc('$unit', period), provider, model, status_class, cached, sum(requests), sum(errors),
    sum(tokens_in), sum(tokens_out), sum(cost), sum(duration_ms_sum), $(sums latency_hist), sum(ttfb_count),
    $(sums ttfb_hist)
FROM $source WHERE gateway_id = $GW GROUP BY 1, 2, 3, 4, 5, 6;
SQL
}

echo "Per-hour rollups (from the minute rollups)"
step rollup_from request_log_rollups_hourly request_log_rollups hour
echo "Per-day rollups (from the hour rollups)"
step rollup_from request_log_rollups_daily request_log_rollups_hourly day
restore_indexes
echo "Row counter, statistics"
step psql_q -c "INSERT INTO gateway_log_counts (gateway_id, row_count)
    SELECT $GW, count(*) FROM request_logs WHERE gateway_id = $GW
    ON CONFLICT (gateway_id) DO UPDATE SET row_count = EXCLUDED.row_count" -c "VACUUM ANALYZE request_logs" \
  -c "ANALYZE request_log_rollups" -c "ANALYZE request_log_rollups_hourly" -c "ANALYZE request_log_rollups_daily"
echo "Total: $SECONDS s"
psql_q -c "SELECT (SELECT count(*) FROM request_logs WHERE gateway_id = $GW) AS rows,
  (SELECT count(*) FROM request_log_rollups WHERE gateway_id = $GW) AS minute_rollups,
  (SELECT count(*) FROM request_log_rollups_hourly WHERE gateway_id = $GW) AS hour_rollups,
  (SELECT count(*) FROM request_log_rollups_daily WHERE gateway_id = $GW) AS day_rollups,
  pg_size_pretty(pg_total_relation_size('request_logs')) AS table_size"
