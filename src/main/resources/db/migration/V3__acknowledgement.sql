-- Who acknowledged a group, and why; acknowledged_at (V2) stops its escalation.
ALTER TABLE alert_group ADD COLUMN acknowledged_by VARCHAR(200);
ALTER TABLE alert_group ADD COLUMN ack_comment VARCHAR(1000);
