-- Secrets the hub generates for itself and must keep across restarts: the key that signs email ack links when
-- hub.ack.secret is not set (a new key at every start would break every link already sent).
CREATE TABLE hub_secret (
    name        VARCHAR(100)  NOT NULL PRIMARY KEY,
    secret      VARCHAR(200)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
