-- The format a unified-API (/compat) client spoke when the gateway translated it for the provider ("openai.chat");
-- null for provider-native requests. Nullable without a default: PostgreSQL adds it without rewriting the table.
ALTER TABLE request_logs ADD COLUMN ingress_format text;
