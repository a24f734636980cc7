-- Lifecycle (issue 3): `for` with a minimum number of runs, the "check failed" state, flapping, who made a transition.

-- Runs that counted towards a pending alert's `for` (runs closer together than half the expected gap count once),
-- and when the last of them ran.
ALTER TABLE alert ADD COLUMN pending_runs INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE alert ADD COLUMN pending_counted_at TIMESTAMP WITH TIME ZONE;

-- The group's check has failed since this run (its error is last_error); NULL while runs succeed.
ALTER TABLE alert_group ADD COLUMN failed_since TIMESTAMP WITH TIME ZONE;

-- Who made a transition: the hub itself, or the API caller (acknowledgements).
ALTER TABLE alert_history ADD COLUMN actor VARCHAR(200) DEFAULT 'hub' NOT NULL;

-- Flap detection per alert fingerprint (it outlives each alert occurrence): the last 21 results of successful runs,
-- oldest first, B (breach: the alert was open after the run) or O (ok). No row: ok all along.
CREATE TABLE alert_flapping (
    fingerprint VARCHAR(64)   NOT NULL PRIMARY KEY,
    check_name  VARCHAR(200)  NOT NULL,
    tier        VARCHAR(100)  NOT NULL,
    results     VARCHAR(21)   NOT NULL,
    flapping    BOOLEAN       NOT NULL,
    percent     DOUBLE PRECISION NOT NULL,
    since       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX alert_flapping_group ON alert_flapping (check_name, tier);
