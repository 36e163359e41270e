-- The stored-key alias or deployment name a balanced attempt used (never the key itself); null for other requests.
-- Nullable without a default: PostgreSQL adds it without rewriting the table.
ALTER TABLE request_logs ADD COLUMN key_alias varchar(64);
