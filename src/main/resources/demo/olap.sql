-- alert-hub demo seed, OLAP tier (database penguinmails_olap)
-- Idempotent: the table is created if missing and seeded only while empty.
-- Every statement ends with a semicolon at the end of a line and contains no other semicolon.

CREATE TABLE IF NOT EXISTS daily_analytics (
    day         date NOT NULL,
    tenant_id   int NOT NULL,
    emails_sent int,
    opens       int,
    clicks      int,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (day, tenant_id)
);

CREATE INDEX IF NOT EXISTS daily_analytics_updated_at_idx ON daily_analytics (updated_at);

-- Last 7 days (today included) x tenants 1-3, refreshed 0-6 minutes ago
INSERT INTO daily_analytics (day, tenant_id, emails_sent, opens, clicks, updated_at)
SELECT current_date - d,
       t,
       1000 * t + 137 * d,
       (1000 * t + 137 * d) * (20 + t) / 100,
       (1000 * t + 137 * d) * (2 + t) / 100,
       now() - d * interval '1 minute'
FROM generate_series(0, 6) AS d
CROSS JOIN generate_series(1, 3) AS t
WHERE NOT EXISTS (SELECT 1 FROM daily_analytics);
