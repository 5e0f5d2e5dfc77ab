-- Conversations relayed to a counsellor (HELPDESK_CHAT_ID, one forum topic per case).
-- The helpdesk sees only `case_no`; `user_key` is the keyed hash of the user (as in
-- conversation_state) to find their open case, `chat_sealed` the sealed chat id to relay
-- the counsellor's answers back. Nothing relayed is stored. DATA_KEY rotation must re-key
-- user_key and re-seal chat_sealed.
CREATE TABLE helpdesk_case (
    case_no     BIGSERIAL PRIMARY KEY,
    user_key    TEXT NOT NULL,
    chat_sealed TEXT NOT NULL,
    language    TEXT NOT NULL,
    topic_id    BIGINT UNIQUE,
    closed      BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE INDEX helpdesk_case_user ON helpdesk_case (user_key, closed);
