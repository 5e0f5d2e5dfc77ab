-- Several replicas share one outbox; see the SQLite migration of the same number.
ALTER TABLE outbox ADD COLUMN claim_token text;
ALTER TABLE outbox ADD COLUMN failing_since double precision;
ALTER TABLE outbox ADD COLUMN failure text;
ALTER TABLE broadcast ADD COLUMN follower text;
ALTER TABLE broadcast ADD COLUMN follow_until double precision;
