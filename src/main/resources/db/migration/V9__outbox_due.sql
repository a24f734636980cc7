-- The relay's pump reads a channel's pending rows in id order, a page at a time, until it has found enough lane
-- heads (store/Outbox.dueHeads): this index makes each page an ordered range scan, not a sort of every pending row.
CREATE INDEX outbox_due ON outbox (state, channel, id);
