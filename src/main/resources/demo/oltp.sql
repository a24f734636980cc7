-- alert-hub demo seed, OLTP tier (database penguinmails_oltp)
-- Idempotent: tables are created if missing and seeded only while empty.
-- Every statement ends with a semicolon at the end of a line and contains no other semicolon.

-- Connection pools of the application, one row per tier (bounds from the ops runbook)
CREATE TABLE IF NOT EXISTS connection_pool_config (
    id              serial PRIMARY KEY,
    tier            text NOT NULL,
    pool_name       text NOT NULL,
    min_connections int,
    max_connections int,
    UNIQUE (tier, pool_name)
);

-- Samples of those pools. connection_usage_rate is a percentage 0-100
-- (active_connections / max_connections * 100).
CREATE TABLE IF NOT EXISTS connection_pool_metrics (
    id                    bigserial PRIMARY KEY,
    pool_config_id        int REFERENCES connection_pool_config (id),
    active_connections    int,
    idle_connections      int,
    connection_usage_rate numeric(5,2),
    pending_acquires      int,
    collected_at          timestamptz DEFAULT now()
);

CREATE INDEX IF NOT EXISTS connection_pool_metrics_collected_at_idx
    ON connection_pool_metrics (collected_at);

CREATE TABLE IF NOT EXISTS campaigns (
    id         bigserial PRIMARY KEY,
    tenant_id  int NOT NULL,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- OLTP Primary 5-50, Content 3-25, Queue 5-40, OLAP Analytics 3-15
INSERT INTO connection_pool_config (tier, pool_name, min_connections, max_connections)
SELECT v.tier, v.pool_name, v.min_connections, v.max_connections
FROM (VALUES
        ('oltp',    'Primary',   5, 50),
        ('content', 'Content',   3, 25),
        ('queue',   'Queue',     5, 40),
        ('olap',    'Analytics', 3, 15)
     ) AS v (tier, pool_name, min_connections, max_connections)
WHERE NOT EXISTS (SELECT 1 FROM connection_pool_config);

-- One recent, healthy sample per pool (usage 20-25 %, nothing waiting)
INSERT INTO connection_pool_metrics
       (pool_config_id, active_connections, idle_connections, connection_usage_rate, pending_acquires, collected_at)
SELECT c.id, v.active, v.idle,
       round(100.0 * v.active / c.max_connections, 2),
       0,
       now()
FROM connection_pool_config c
JOIN (VALUES
        ('oltp',    'Primary',   12, 8),
        ('content', 'Content',    5, 3),
        ('queue',   'Queue',     10, 6),
        ('olap',    'Analytics',  3, 2)
     ) AS v (tier, pool_name, active, idle)
  ON v.tier = c.tier AND v.pool_name = c.pool_name
WHERE NOT EXISTS (SELECT 1 FROM connection_pool_metrics);

INSERT INTO campaigns (tenant_id, name, created_at)
SELECT v.tenant_id, v.name, now() - v.age
FROM (VALUES
        (1, 'Welcome series',          interval '30 days'),
        (1, 'November newsletter',     interval '12 days'),
        (2, 'Product launch',          interval '9 days'),
        (2, 'Re-engagement',           interval '4 days'),
        (3, 'Black Friday',            interval '2 days'),
        (3, 'Onboarding drip',         interval '6 hours')
     ) AS v (tenant_id, name, age)
WHERE NOT EXISTS (SELECT 1 FROM campaigns);
