-- alert-hub demo seed, Queue tier (database penguinmails_queue)
-- Idempotent: the table is created if missing and seeded only while empty.
-- Every statement ends with a semicolon at the end of a line and contains no other semicolon.
--
-- The seed makes exactly one shipped check fail: the backlog.
--   150 pending jobs created during the last 10 minutes  (backlog > 100: high alert)
--   200 completed jobs in the last hour, 1-10 s each       (average 5.5 s: healthy)
--     1 failed job in the last hour                       (1 of 201 = 0.5 %: healthy)

CREATE TABLE IF NOT EXISTS jobs (
    id        bigserial PRIMARY KEY,
    queue     text DEFAULT 'default',
    priority  text NOT NULL CHECK (priority IN ('critical', 'high', 'normal', 'low')),
    status    text NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    created   timestamptz NOT NULL DEFAULT now(),
    started   timestamptz,
    completed timestamptz,
    attempts  int DEFAULT 0,
    error     text
);

CREATE INDEX IF NOT EXISTS jobs_status_created_idx ON jobs (status, created);

-- One statement, so the emptiness test is evaluated once for all three groups
INSERT INTO jobs (queue, priority, status, created, started, completed, attempts, error)
SELECT s.queue, s.priority, s.status, s.created, s.started, s.completed, s.attempts, s.error
FROM (
    -- 150 pending jobs, created 2 s to 598 s ago
    SELECT 'email-send' AS queue,
           (ARRAY['critical', 'high', 'normal', 'low'])[1 + i % 4] AS priority,
           'pending' AS status,
           now() - (i * 4 - 2) * interval '1 second' AS created,
           NULL::timestamptz AS started,
           NULL::timestamptz AS completed,
           0 AS attempts,
           NULL::text AS error
    FROM generate_series(1, 150) AS i
    UNION ALL
    -- 200 completed jobs, created 17 s to 56 min ago, completed - created = 1..10 s
    SELECT 'email-send',
           (ARRAY['critical', 'high', 'normal', 'low'])[1 + i % 4],
           'completed',
           now() - i * interval '17 seconds',
           now() - i * interval '17 seconds' + interval '500 milliseconds',
           now() - i * interval '17 seconds' + (1 + i % 10) * interval '1 second',
           1,
           NULL
    FROM generate_series(1, 200) AS i
    UNION ALL
    -- 1 failed job, 30 minutes ago, after 3 attempts (completed = when it gave up)
    SELECT 'webhook-delivery',
           'normal',
           'failed',
           now() - interval '30 minutes',
           now() - interval '30 minutes' + interval '1 second',
           now() - interval '30 minutes' + interval '4 seconds',
           3,
           'HTTP 503 from tenant webhook endpoint'
) AS s
WHERE NOT EXISTS (SELECT 1 FROM jobs);
