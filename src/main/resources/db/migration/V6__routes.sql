-- Dynamic routes created over the management API (configured routes live in config and always win by name).
CREATE TABLE routes (
    id           uuid PRIMARY KEY,
    gateway_id   varchar(64) NOT NULL,
    name         varchar(64) NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    modified_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (gateway_id, name)
);

-- A version holds a route's elements (Cloudflare's dynamic-routing JSON), checked before it is stored.
CREATE TABLE route_versions (
    id          uuid PRIMARY KEY,
    route_id    uuid NOT NULL REFERENCES routes (id) ON DELETE CASCADE,
    seq         bigserial,
    elements    jsonb NOT NULL,
    comment     text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX route_versions_route ON route_versions (route_id, seq);

-- The latest deployment of a route names the version in service; rolling back is deploying an older version.
CREATE TABLE route_deployments (
    id          uuid PRIMARY KEY,
    route_id    uuid NOT NULL REFERENCES routes (id) ON DELETE CASCADE,
    version_id  uuid NOT NULL REFERENCES route_versions (id) ON DELETE CASCADE,
    seq         bigserial,
    comment     text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX route_deployments_route ON route_deployments (route_id, seq);

-- Bumped in every transaction that changes the tables above: replicas poll it and reload only when it moved.
CREATE TABLE route_revision (
    id        boolean PRIMARY KEY DEFAULT true CHECK (id),
    revision  bigint NOT NULL
);
INSERT INTO route_revision (id, revision) VALUES (true, 0);

-- The log row of a request served through a dynamic route: the route, its deployed version, the model element.
ALTER TABLE request_logs ADD COLUMN route varchar(64);
ALTER TABLE request_logs ADD COLUMN route_version varchar(64);
ALTER TABLE request_logs ADD COLUMN route_node varchar(64);
