-- alert-hub demo seed, Content tier (database penguinmails_content)
-- Idempotent: tables are created if missing and seeded only while empty.
-- Every statement ends with a semicolon at the end of a line and contains no other semicolon.

CREATE TABLE IF NOT EXISTS email_messages (
    id        bigserial PRIMARY KEY,
    tenant_id int,
    created   timestamptz NOT NULL DEFAULT now(),
    subject   text,
    content   text
);

CREATE INDEX IF NOT EXISTS email_messages_created_idx ON email_messages (created);

-- 50 messages spread over the last 10 days, tenants 1-3
INSERT INTO email_messages (tenant_id, created, subject, content)
SELECT 1 + i % 3,
       now() - i * interval '4 hours 48 minutes' - interval '1 minute',
       'Demo message ' || i,
       'Hello from tenant ' || (1 + i % 3) || '. ' || repeat('Lorem ipsum dolor sit amet. ', 5 + i % 20)
FROM generate_series(0, 49) AS i
WHERE NOT EXISTS (SELECT 1 FROM email_messages);
