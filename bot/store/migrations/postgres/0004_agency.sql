-- Agency tools: reported ads, known scam indicators, the OEP licence list, follow-up watches.
--
-- reported_ad: an ad a user explicitly reported, kept with the recruiter's contacts intact
-- (DESIGN "Privacy by construction": a public advertisement, not the user's data). Nothing in
-- it names the reporter: the same ad reported again only raises `times`; days, not hours.
-- ad_hash is sha256 of the ad's normalised text (so the same ad is counted once, unkeyed:
-- the text is right there anyway).
CREATE TABLE reported_ad (
    id          BIGSERIAL PRIMARY KEY,
    ad_hash     TEXT NOT NULL UNIQUE,
    text        TEXT NOT NULL,
    language    TEXT NOT NULL,
    flags       TEXT NOT NULL DEFAULT '',
    times       INTEGER NOT NULL DEFAULT 1,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'confirmed', 'rejected')),
    reviewed_on TEXT
);

CREATE INDEX reported_ad_status ON reported_ad (status, id);

-- The recruiter indicators found in a reported ad (kind: phone, handle, link), normalised.
CREATE TABLE reported_indicator (
    ad_id BIGINT NOT NULL REFERENCES reported_ad (id) ON DELETE CASCADE,
    kind  TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (ad_id, kind, value)
);

CREATE INDEX reported_indicator_value ON reported_indicator (kind, value);

-- Indicators confirmed as a scam (by a reviewer or imported from an agency's list), in the
-- clear: they are the recruiter's public contacts, and agencies must be able to read them.
CREATE TABLE known_indicator (
    kind      TEXT NOT NULL CHECK (kind IN ('phone', 'handle', 'link', 'company')),
    value     TEXT NOT NULL,
    shown     TEXT NOT NULL,
    source    TEXT NOT NULL DEFAULT '',
    listed_on TEXT NOT NULL,
    PRIMARY KEY (kind, value)
);

-- The Bureau of Emigration's list of OEPs as last imported; licence_no is normalised
-- ("2814/LHR"). One licence_list row records when and from what the list was imported.
CREATE TABLE licence (
    licence_no TEXT PRIMARY KEY NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    proprietor TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL CHECK (status IN ('valid', 'cancelled', 'suspended', 'expired')),
    expiry     TEXT,
    address    TEXT NOT NULL DEFAULT '',
    phones     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE licence_list (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    imported_on TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    entries     INTEGER NOT NULL DEFAULT 0
);

-- Secrets the agency tables need, each sealed with DATA_KEY (IdentityKeys.seal_secret), so
-- rotating DATA_KEY re-seals these rows and every hash made with them stays valid.
CREATE TABLE agency_secret (
    name   TEXT PRIMARY KEY NOT NULL,
    sealed TEXT NOT NULL
);

-- "Warn me if this offer is reported": one row per (watch, indicator). watch_key and
-- indicator_hash are HMACs under the sealed 'followup' secret; sealed_chat is
-- IdentityKeys.seal_chat. No indicator, text or Telegram id in the clear.
CREATE TABLE followup (
    watch_key      TEXT NOT NULL,
    indicator_hash TEXT NOT NULL,
    sealed_chat    TEXT NOT NULL,
    language       TEXT NOT NULL,
    expires_on     TEXT NOT NULL,
    PRIMARY KEY (watch_key, indicator_hash)
);

CREATE INDEX followup_indicator ON followup (indicator_hash);
