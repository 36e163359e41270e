-- Whether the request presented a valid gateway token (the Logs API's "authentication" field and filter).
-- A constant default: PostgreSQL adds the column without rewriting the table.
ALTER TABLE request_logs ADD COLUMN authenticated boolean NOT NULL DEFAULT false;
