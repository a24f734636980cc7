-- Flapping notices a mute held back, per alert fingerprint: when the mute ends, the escalation tick tells people the
-- fingerprint's flapping as it is then, once. A second notice held meanwhile (flapping started, then stopped) cancels
-- the first: the row goes, since people's picture is right again.
CREATE TABLE muted_flapping (
    fingerprint VARCHAR(64)   NOT NULL PRIMARY KEY,
    check_name  VARCHAR(200)  NOT NULL,
    tier        VARCHAR(100)  NOT NULL,
    muted_by    VARCHAR(1000) NOT NULL,
    muted_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX muted_flapping_group ON muted_flapping (check_name, tier);
