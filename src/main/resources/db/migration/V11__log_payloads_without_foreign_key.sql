-- A payload row goes with its log row: the writer inserts both in one transaction, nothing else inserts payloads.
-- The foreign key that said so cost more than the insert it guarded: PostgreSQL checks it row by row (a locking
-- SELECT on request_logs per payload, re-planned each time), and a CPU profile of the database under the log writer
-- (perf, bench/results/2026-12-03-pg-foreign-key.md) put 52 % of the writer backend's CPU in that check. What the key
-- still did, deleting a row's payload with it, is done per statement instead: any DELETE on request_logs (retention,
-- the Logs API, an operator's own) deletes the payloads of the rows it deleted, and a TRUNCATE empties both.
ALTER TABLE request_log_payloads DROP CONSTRAINT request_log_payloads_log_id_fkey;

CREATE FUNCTION request_log_payloads_follow_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM request_log_payloads p USING gone g WHERE p.log_id = g.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER request_log_payloads_follow_delete AFTER DELETE ON request_logs
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION request_log_payloads_follow_delete();

CREATE FUNCTION request_log_payloads_follow_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE request_log_payloads;
    RETURN NULL;
END
$$;

CREATE TRIGGER request_log_payloads_follow_truncate AFTER TRUNCATE ON request_logs
    FOR EACH STATEMENT EXECUTE FUNCTION request_log_payloads_follow_truncate();
