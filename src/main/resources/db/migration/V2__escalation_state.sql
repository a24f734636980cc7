-- Escalation state per group (check, tier): the timeline is recomputed from these after every tick and restart.
--   escalation_started_at:  the first notification of the current firing (the timeline's start); NULL: no timeline
--   escalation_severity:    the severity the timeline runs at (a rise re-selects the policy, a fall keeps it)
--   escalation_anchor:      when the policy in force took over: the start, or the last rise
--   escalation_base:        steps notified when the policy took over (Timeline.notified)
--   escalation_sent:        entries of that timeline already notified, in order (step 1 at trigger time counts)
--   escalation_steps:       the highest step notified so far
--   acknowledged_at:        placeholder for the acknowledgement work: an acknowledged group escalates no further
ALTER TABLE alert_group ADD COLUMN escalation_started_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE alert_group ADD COLUMN escalation_severity VARCHAR(20);
ALTER TABLE alert_group ADD COLUMN escalation_anchor TIMESTAMP WITH TIME ZONE;
ALTER TABLE alert_group ADD COLUMN escalation_base INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE alert_group ADD COLUMN escalation_sent INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE alert_group ADD COLUMN escalation_steps INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE alert_group ADD COLUMN acknowledged_at TIMESTAMP WITH TIME ZONE;
