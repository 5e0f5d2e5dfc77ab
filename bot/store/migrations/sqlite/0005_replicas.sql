-- Several replicas share one outbox (see bot/store/broadcasts.py, "Fencing").
-- claim_token: who holds a row in 'sending'; only that claim may complete or put it back.
-- failing_since: when Telegram first could not be reached for this row (an outage delays a
--   copy; it is marked failed only after a long deadline, with failure = 'unreachable').
-- failure: why a row ended 'failed' ('unreachable', 'refused', 'unreadable'), for the report.
ALTER TABLE outbox ADD COLUMN claim_token TEXT;
ALTER TABLE outbox ADD COLUMN failing_since REAL;
ALTER TABLE outbox ADD COLUMN failure TEXT;
-- follower / follow_until: the replica that edits the progress message and sends the final
-- report of a broadcast holds it by a lease, so exactly one replica reports.
ALTER TABLE broadcast ADD COLUMN follower TEXT;
ALTER TABLE broadcast ADD COLUMN follow_until REAL;
