-- Per-minute, per-hour and per-day (UTC) rollups of the request logs, written by the log writer in the same transaction as the rows: the
-- analytics API (and the dashboard's overview and spend pages) read these, never the raw rows (except to group by a
-- metadata key). One row per (gateway, minute, hour or day, provider, model, status class, cached); a range is
-- read from the coarsest table that fits each part of it: whole days (day buckets), whole hours, then minutes at its edges. Latencies are histograms over
-- fixed bounds (dev.aigateway.logs.LatencyHistogram: element i counts the requests in bucket i), so that p50/p95 of
-- any range are computed from sums. Rows deleted later (retention, the Logs API's DELETE) stay counted here, as
-- Cloudflare's analytics outlive its logs.
CREATE TABLE request_log_rollups (
    gateway_id       varchar(64)     NOT NULL,
    period           timestamptz     NOT NULL,   -- the minute (hourly table: the hour) it sums
    provider         varchar(64)     NOT NULL,
    model            varchar(256)    NOT NULL,   -- '' when the request named none
    status_class     smallint        NOT NULL,   -- status_code / 100 (0: no status)
    cached           boolean         NOT NULL,
    requests         bigint          NOT NULL,
    errors           bigint          NOT NULL,   -- success = false
    tokens_in        bigint          NOT NULL,
    tokens_out       bigint          NOT NULL,
    cost             numeric(24, 12) NOT NULL,
    duration_ms_sum  bigint          NOT NULL,
    latency_hist     integer[]       NOT NULL,   -- duration_ms
    ttfb_count       bigint          NOT NULL,
    ttfb_hist        integer[]       NOT NULL,   -- ttfb_ms, of the requests that have one
    PRIMARY KEY (gateway_id, period, provider, model, status_class, cached)
);

-- The all-gateways analytics read a time range across gateways.
CREATE INDEX request_log_rollups_period ON request_log_rollups (period);

CREATE TABLE request_log_rollups_hourly (LIKE request_log_rollups INCLUDING ALL);
CREATE TABLE request_log_rollups_daily (LIKE request_log_rollups INCLUDING ALL);
