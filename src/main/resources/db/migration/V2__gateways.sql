-- Gateways created over the management API (those declared in config are not stored here and always win).
CREATE TABLE gateways (
    id           varchar(64) PRIMARY KEY,
    settings     jsonb NOT NULL,               -- Cloudflare gateway fields; gateway tokens only as SHA-256 digests
    created_at   timestamptz NOT NULL DEFAULT now(),
    modified_at  timestamptz NOT NULL DEFAULT now()
);

-- One row, bumped in every transaction that changes "gateways": replicas poll it (one row read) and reload the
-- table only when it moved.
CREATE TABLE gateway_revision (
    id        boolean PRIMARY KEY DEFAULT true CHECK (id),
    revision  bigint NOT NULL
);
INSERT INTO gateway_revision (id, revision) VALUES (true, 0);
