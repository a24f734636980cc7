-- outbox_pending (state, lane, id) served the relay's first lane-head query; since V9 the pump reads outbox_due, and
-- every query that filters on state alone is served by outbox_due's leading column. The index cost every insert and
-- every "sent" mark (a state change moves the row's entry) a B-tree write for nothing.
DROP INDEX outbox_pending;
