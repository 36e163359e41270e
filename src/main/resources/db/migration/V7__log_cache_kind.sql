-- Which cache answered a request ("exact", "semantic") or would have ("shadow": a semantic cache in shadow mode), and
-- the semantic lookup's nearest cosine similarity. Nullable without defaults: PostgreSQL adds them without rewriting.
ALTER TABLE request_logs ADD COLUMN cache_kind text;
ALTER TABLE request_logs ADD COLUMN cache_similarity double precision;
