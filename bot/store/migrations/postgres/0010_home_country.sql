-- The subscriber's home country (ISO 3166-1 alpha-2: PK, IN, BD, NP, ID, PH, LK), apart from
-- `country`, where they are now (ids like 'pakistan', used for quiet hours). Broadcasts can
-- target a home country (`python -m bot broadcast --country CC`).
-- Existing subscribers keep their rows: a Pakistani language or being in Pakistan gives PK,
-- the same guess the bot makes for a new user; everyone else has none until they choose.
ALTER TABLE subscription ADD COLUMN home_country TEXT;
UPDATE subscription SET home_country = 'PK'
    WHERE language IN ('ur', 'ur-Latn', 'ps') OR country = 'pakistan';
CREATE INDEX subscription_home ON subscription (status, home_country);
