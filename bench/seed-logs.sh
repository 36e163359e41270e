#!/usr/bin/env bash
# Seeds a log table for the dashboard's scale figures: N realistic request_logs rows over the last DAYS days for one
# gateway, generated inside PostgreSQL (INSERT … SELECT over generate_series, in chunks of 1 million), then their
# per-minute, per-hour and per-day rollups as the log writer would have written them (one pass each: GROUP BY with one
# filtered count per latency bucket).
#
#   bench/seed-logs.sh [N=10000000] [GATEWAY=default] [DAYS=30]
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGDATABASE (aigw_bench). The gateway's schema
# (V1–V5) must be there: start the gateway against the database once, or apply
# src/main/resources/db/migration/V*.sql with psql and start the gateway with -Dgateway.logs.migrate=false.
# Deletes that gateway's rows and rollups first (SEED_ROLLUPS_ONLY=1: keeps the rows, rebuilds only the rollups).
# Prints the time each step took.
set -euo pipefail

N=${1:-10000000}
GATEWAY=${2:-default}
DAYS=${3:-30}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-aigw_bench}
CHUNK=1000000

# The latency buckets' lower bounds (dev.aigateway.logs.LatencyHistogram.sqlLowerBounds; keep in sync): bucket i
# (1-based) of width_bucket is element i of the rollups' histograms.
LOWER="-2147483648,2,3,4,5,6,7,9,11,13,16,21,26,31,41,51,61,81,101,121,151,201,251,301,401,501,601,801,1001,1201,1501,2001,2501,3001,4001,5001,6001,8001,10001,12001,15001,20001,25001,30001,40001,50001,60001,80001,100001,120001,150001,200001,300001,600001"
BUCKETS=54

psql_q() { psql -v ON_ERROR_STOP=1 -q -X "$@"; }
step() { local t0=$SECONDS; "$@"; echo "  $(( SECONDS - t0 )) s"; }

psql_q -c "SELECT 1 FROM request_log_rollups_daily LIMIT 0" >/dev/null \
  || { echo "The gateway's schema is not in $PGDATABASE: start the gateway against it once" >&2; exit 1; }

if [[ "${SEED_ROLLUPS_ONLY:-0}" == 1 ]]; then N=0; fi
echo "Deleting gateway $GATEWAY's rows and rollups"
step psql_q -c "$( (( N > 0 )) && echo "DELETE FROM request_logs WHERE gateway_id = '$GATEWAY';")
  DELETE FROM request_log_rollups WHERE gateway_id = '$GATEWAY';
  DELETE FROM request_log_rollups_hourly WHERE gateway_id = '$GATEWAY';
  DELETE FROM request_log_rollups_daily WHERE gateway_id = '$GATEWAY';"

# One row: a provider and one of its models, 96 % 200, 2 % 429, 1 % 500, 1 % 502 (failed); 15 % cache hits (fast,
# no cost); a long-tailed latency; half of them streamed (with a time to first token); tokens and a cost by model;
# metadata with one of 2000 users and 8 teams.
insert_chunk() {
  local from=$1 to=$2
  psql_q <<SQL
INSERT INTO request_logs (id, created_at, gateway_id, provider, model, path, request_type, success, status_code,
    cached, duration_ms, ttfb_ms, tokens_in, tokens_out, cost, metadata, attempt, payload_stored, authenticated)
SELECT gen_random_uuid(), now() - random() * interval '$DAYS days', '$GATEWAY', p.provider, p.model, p.path,
    'chat', s.status < 400, s.status, c.cached,
    CASE WHEN c.cached THEN 2 + (random() * 10)::int ELSE 80 + (power(random(), 3) * 8000)::int END,
    CASE WHEN g % 2 = 0 AND NOT c.cached THEN 40 + (power(random(), 2) * 900)::int END,
    CASE WHEN s.status < 400 THEN 20 + (random() * 3000)::int END,
    CASE WHEN s.status < 400 THEN 5 + (random() * 800)::int END,
    CASE WHEN s.status < 400 AND NOT c.cached THEN round((p.price * (50 + random() * 3000))::numeric, 12) END,
    jsonb_build_object('user', 'user-' || (g * 7919 % 2000), 'team', 'team-' || (g % 8)), 1, false, false
FROM generate_series($from::bigint, $to::bigint) g
CROSS JOIN LATERAL (SELECT (g * 2654435761 % 1000) AS r) h
CROSS JOIN LATERAL (SELECT CASE WHEN h.r < 960 THEN 200 WHEN h.r < 980 THEN 429 WHEN h.r < 990 THEN 500 ELSE 502 END
    AS status) s
CROSS JOIN LATERAL (SELECT s.status = 200 AND g % 20 < 3 AS cached) c
CROSS JOIN LATERAL (SELECT * FROM (VALUES
    (0, 'openai', 'gpt-4o-mini', '/v1/chat/completions', 0.0000006),
    (1, 'openai', 'gpt-4o', '/v1/chat/completions', 0.00001),
    (2, 'anthropic', 'claude-sonnet-4-5', '/v1/messages', 0.000015),
    (3, 'anthropic', 'claude-haiku-4-5', '/v1/messages', 0.000004),
    (4, 'google-ai-studio', 'gemini-2.5-flash', '/v1beta/models/gemini-2.5-flash:generateContent', 0.0000025),
    (5, 'groq', 'llama-3.3-70b-versatile', '/openai/v1/chat/completions', 0.0000008)) v(k, provider, model, path, price)
    WHERE v.k = (g * 40503 % 6)) p;
SQL
}

echo "Inserting $N rows over $DAYS days"
t0=$SECONDS
for (( from = 1; from <= N; from += CHUNK )); do
  to=$(( from + CHUNK - 1 < N ? from + CHUNK - 1 : N ))
  insert_chunk "$from" "$to"
  echo "  $to rows ($(( SECONDS - t0 )) s)"
done

hist() {
  local column=$1 out="" i
  for (( i = 1; i <= BUCKETS; i++ )); do
    out+="${out:+, }count(*) FILTER (WHERE width_bucket($column, ARRAY[$LOWER]) = $i)::int"
  done
  echo "ARRAY[$out]"
}

rollup() {
  local table=$1 unit=$2
  psql_q <<SQL
INSERT INTO $table (gateway_id, period, provider, model, status_class, cached, requests, errors, tokens_in,
    tokens_out, cost, duration_ms_sum, latency_hist, ttfb_count, ttfb_hist)
SELECT gateway_id, date_trunc('$unit', created_at), provider, coalesce(model, ''), greatest(status_code / 100, 0),
    cached, count(*), count(*) FILTER (WHERE NOT success), coalesce(sum(tokens_in), 0), coalesce(sum(tokens_out), 0),
    coalesce(sum(cost), 0), sum(duration_ms), $(hist duration_ms), count(ttfb_ms), $(hist ttfb_ms)
FROM request_logs WHERE gateway_id = '$GATEWAY' GROUP BY 1, 2, 3, 4, 5, 6;
SQL
}

echo "Per-minute rollups"
step rollup request_log_rollups minute
echo "Per-hour rollups"
step rollup request_log_rollups_hourly hour
echo "Per-day rollups"
step rollup request_log_rollups_daily day
echo "Row counter, statistics"
step psql_q -c "INSERT INTO gateway_log_counts (gateway_id, row_count)
    SELECT '$GATEWAY', count(*) FROM request_logs WHERE gateway_id = '$GATEWAY'
    ON CONFLICT (gateway_id) DO UPDATE SET row_count = EXCLUDED.row_count;
  ANALYZE request_logs; ANALYZE request_log_rollups; ANALYZE request_log_rollups_hourly; ANALYZE request_log_rollups_daily;"
psql_q -c "SELECT (SELECT count(*) FROM request_logs WHERE gateway_id = '$GATEWAY') AS rows,
  (SELECT count(*) FROM request_log_rollups WHERE gateway_id = '$GATEWAY') AS minute_rollups,
  (SELECT count(*) FROM request_log_rollups_hourly WHERE gateway_id = '$GATEWAY') AS hour_rollups,
  (SELECT count(*) FROM request_log_rollups_daily WHERE gateway_id = '$GATEWAY') AS day_rollups,
  pg_size_pretty(pg_total_relation_size('request_logs')) AS table_size"
