-- Request logs (Cloudflare AI Gateway log fields, spec §6.2, plus usage detail and attempt data).
CREATE TABLE request_logs (
    id                     uuid PRIMARY KEY,          -- cf-aig-log-id (UUIDv7: time ordered)
    created_at             timestamptz NOT NULL,
    gateway_id             varchar(64) NOT NULL,
    provider               varchar(64) NOT NULL,
    model                  varchar(256),
    path                   text NOT NULL,
    request_type           varchar(32),
    success                boolean NOT NULL,
    status_code            integer NOT NULL,
    cached                 boolean NOT NULL DEFAULT false,
    duration_ms            integer NOT NULL,
    ttfb_ms                integer,
    tokens_in              bigint,
    tokens_out             bigint,
    cached_tokens          bigint,
    cache_write_tokens     bigint,
    reasoning_tokens       bigint,
    cost                   numeric(24, 12),
    custom_cost            boolean NOT NULL DEFAULT false,
    metadata               jsonb,
    request_content_type   varchar(256),
    response_content_type  varchar(256),
    step                   integer,
    attempt                integer,
    event_id               varchar(256),
    truncated              boolean NOT NULL DEFAULT false,
    user_agent             varchar(512),
    error_class            varchar(64),
    usage_raw              jsonb,
    feedback               smallint,
    score                  integer,
    request_size           bigint,
    response_size          bigint,
    payload_stored         boolean NOT NULL DEFAULT false
);

-- List filters and time order (newest first, per gateway), without scanning the table.
CREATE INDEX request_logs_gateway_time ON request_logs (gateway_id, created_at DESC, id DESC);
CREATE INDEX request_logs_gateway_model ON request_logs (gateway_id, model, created_at DESC);
CREATE INDEX request_logs_gateway_provider ON request_logs (gateway_id, provider, created_at DESC);
CREATE INDEX request_logs_gateway_status ON request_logs (gateway_id, status_code, created_at DESC);
CREATE INDEX request_logs_event ON request_logs (event_id);
CREATE INDEX request_logs_metadata ON request_logs USING gin (metadata jsonb_path_ops);

-- Bodies live apart from the rows that lists read; capped at 10 MB each when written.
CREATE TABLE request_log_payloads (
    log_id              uuid PRIMARY KEY REFERENCES request_logs (id) ON DELETE CASCADE,
    request_body        bytea,
    response_body       bytea,
    request_truncated   boolean NOT NULL DEFAULT false,
    response_truncated  boolean NOT NULL DEFAULT false
);

-- Rows per gateway, kept by the writer in the same transaction as its inserts and deletes, so retention never counts
-- the table.
CREATE TABLE gateway_log_counts (
    gateway_id  varchar(64) PRIMARY KEY,
    row_count   bigint NOT NULL
);
