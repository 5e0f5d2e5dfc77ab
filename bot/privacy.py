"""Keys that keep Telegram ids out of the data directory.

A copied database file must identify no one (DESIGN.md, "Privacy by construction"). So:

* a Telegram user id that is only ever *looked up* (conversation state, throttling) is stored as
  a keyed hash, :meth:`IdentityKeys.user_key`. Telegram ids are small integers (about 10
  digits), so a plain hash would be reversed by trying every id; a keyed hash (HMAC) cannot be
  reversed or even checked without the key;
* a chat id the bot must *read back* to deliver a message (subscriptions, the broadcast outbox)
  is encrypted with authenticated encryption, :meth:`IdentityKeys.seal_chat`.

The key comes from ``DATA_KEY`` (or, with a warning, from the bot token) and lives in the
environment, never next to the data. Every use gets its own subkey derived with HKDF, so a
value computed for one purpose can never be matched against a value computed for another (a
state row cannot be joined to a subscription even though a private chat's id equals its
user's id).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import string

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MIN_DATA_KEY_LENGTH = 16
"""Shortest ``DATA_KEY`` accepted: the key is all that stands between a copied file and the ids."""

_SALT = b"safe-job-abroad-bot/identity-keys/v1"
_TOKEN_SALT = b"safe-job-abroad-bot/data-key-from-bot-token/v1"
_SEAL_PREFIX = "v1."
_SEAL_AAD = b"telegram-chat-id/v1"
_SECRET_AAD = b"stored-secret/v1:"
_USER_SEAL_AAD = b"telegram-user-id/v1"
_NONCE_BYTES = 12
_TAG_BYTES = 16
_CHAT_ID_BYTES = 8
_SEALED_CHARS = (_NONCE_BYTES + _CHAT_ID_BYTES + _TAG_BYTES) * 4 // 3  # 36 bytes, no padding
_URLSAFE_ALPHABET = frozenset(string.ascii_letters + string.digits + "-_")
_FINGERPRINT_LABEL = b"safe-job-abroad-bot/data-key-fingerprint/v1"


class SealError(ValueError):
    """A sealed chat id is malformed, was tampered with, or was sealed with another key."""


def _derive(secret: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """Derive an independent subkey, so no two purposes ever share key material."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(secret)


class IdentityKeys:
    """Keyed hashes and sealed values of Telegram ids, derived from one secret.

    Build it once at start (:meth:`from_settings`) and hand it to whatever turns a Telegram
    update into store keys; the store itself only ever sees the results.
    """

    __slots__ = (
        "_actor_hash_key",
        "_chat_hash_key",
        "_fingerprint",
        "_seal",
        "_user_hash_key",
    )

    def __init__(self, secret: str | bytes) -> None:
        """Derive the subkeys from ``secret``: the ``DATA_KEY``, or a key derived from the token."""
        raw = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
        if not raw:
            raise ValueError("IdentityKeys needs a non-empty secret")
        self._user_hash_key = _derive(raw, _SALT, b"user-key")
        self._chat_hash_key = _derive(raw, _SALT, b"chat-key")
        self._actor_hash_key = _derive(raw, _SALT, b"actor-key")
        # AES-256-GCM rather than Fernet: a sealed chat id is 51 characters instead of about
        # 100, carries no creation timestamp (Fernet's would tell when someone subscribed),
        # and the associated data binds the ciphertext to its purpose. A random 96-bit nonce
        # is safe far beyond the number of chats this bot will ever seal with one key.
        self._seal = AESGCM(_derive(raw, _SALT, b"chat-seal"))
        self._fingerprint = hmac.new(
            _derive(raw, _SALT, b"fingerprint"), _FINGERPRINT_LABEL, hashlib.sha256
        ).hexdigest()[:32]

    def __repr__(self) -> str:
        """Never show key material, not even in a traceback or a debug log."""
        return "IdentityKeys(<secret>)"

    @classmethod
    def from_settings(
        cls, data_key: str | None, bot_token: str | None
    ) -> tuple[IdentityKeys, str | None]:
        """Build the keys from ``DATA_KEY``, or derive them from ``BOT_TOKEN`` when it is unset.

        Returns the keys and, when they were derived from the token, one line for the caller
        to log as a warning (revoking the token would make every stored id unreadable, so
        operators should set ``DATA_KEY``). An empty ``DATA_KEY`` counts as unset, because
        ``DATA_KEY=`` in a ``.env`` file means "not configured". Raises ``ValueError`` naming
        the setting when ``DATA_KEY`` is too short or neither setting is available.
        """
        if data_key is not None and data_key.strip():
            if len(data_key) < MIN_DATA_KEY_LENGTH:
                raise ValueError(
                    f"DATA_KEY is too short: use at least {MIN_DATA_KEY_LENGTH} random "
                    'characters (for example the output of `python -c "import secrets; '
                    'print(secrets.token_urlsafe(32))"`)'
                )
            return cls(data_key), None
        if bot_token is None or not bot_token.strip():
            raise ValueError(
                "DATA_KEY is not set and there is no BOT_TOKEN to derive it from: set DATA_KEY"
            )
        derived = _derive(bot_token.strip().encode("utf-8"), _TOKEN_SALT, b"data-key")
        warning = (
            "DATA_KEY is not set: the key protecting stored ids is derived from BOT_TOKEN; "
            "revoking the token will make saved state and subscriptions unreadable, so set "
            "DATA_KEY to a long random secret kept outside the data directory"
        )
        return cls(derived), warning

    @property
    def fingerprint(self) -> str:
        """What the store records to recognise the key: an HMAC of a fixed label, never the key.

        Its own HKDF subkey, so it reveals nothing about the hashes and seals; comparing it
        at start tells a changed ``DATA_KEY`` (or a revoked token it was derived from) before
        a single row is read with the wrong key.
        """
        return self._fingerprint

    def user_key(self, telegram_id: int) -> str:
        """Return the store key of a Telegram user: HMAC-SHA256, 128 bits, hex.

        Deterministic, so the same user finds their state again; keyed, so the key cannot be
        turned back into the id without ``DATA_KEY``. 128 bits make collisions impossible in
        practice while keeping rows and indexes small.
        """
        return self._hash(self._user_hash_key, b"telegram-user:", telegram_id)

    def chat_key(self, chat_id: int) -> str:
        """Return a lookup key for a chat (find or remove *the* subscription of a chat).

        Domain-separated from :meth:`user_key`, so a subscription row cannot be joined to a
        state row even where the chat id equals the user id.
        """
        return self._hash(self._chat_hash_key, b"telegram-chat:", chat_id)

    def actor_key(self, telegram_id: int) -> str:
        """Return how the audit log names an admin: a keyed hash of their id.

        Its own subkey, so an audit entry joins neither to the admin's conversation state
        nor to a subscription; an operator who holds ``DATA_KEY`` and ``ADMIN_IDS`` can
        still tell which admin acted (``python -m bot report`` does).
        """
        return self._hash(self._actor_hash_key, b"telegram-actor:", telegram_id)

    def seal_chat(self, chat_id: int) -> str:
        """Encrypt a chat id for storage; only :meth:`open_chat` with the same key reads it.

        Sealing is randomised (a fresh nonce each time), so two sealed copies of one chat id
        differ and cannot be used to link rows; use :meth:`chat_key` to look a chat up.
        """
        return self._seal_id(chat_id, _SEAL_AAD)

    def open_chat(self, token: str) -> int:
        """Decrypt a value made by :meth:`seal_chat`; raise :class:`SealError` if it was altered."""
        return self._open_id(token, _SEAL_AAD)

    def seal_user(self, user_id: int) -> str:
        """Encrypt a user id beside its state, only so ``keys rotate`` can re-key the row.

        Bound to its own purpose (associated data), so a sealed user id never opens as a
        chat id to deliver to, nor the other way round.
        """
        return self._seal_id(user_id, _USER_SEAL_AAD)

    def open_user(self, token: str) -> int:
        """Decrypt a value made by :meth:`seal_user`; :class:`SealError` if it was altered."""
        return self._open_id(token, _USER_SEAL_AAD)

    def _seal_id(self, value: int, aad: bytes) -> str:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("a Telegram id must be an int")
        nonce = os.urandom(_NONCE_BYTES)
        plain = value.to_bytes(_CHAT_ID_BYTES, "big", signed=True)
        sealed = nonce + self._seal.encrypt(nonce, plain, aad)
        return _SEAL_PREFIX + base64.urlsafe_b64encode(sealed).decode("ascii")

    def _open_id(self, token: str, aad: bytes) -> int:
        if not isinstance(token, str) or not token.startswith(_SEAL_PREFIX):
            raise SealError("not a sealed chat id")
        body = token[len(_SEAL_PREFIX) :]
        # Exactly one spelling is accepted: the decoder would otherwise skip stray characters
        # and treat "+" like "-", letting altered text open to the same id.
        if len(body) != _SEALED_CHARS or not set(body) <= _URLSAFE_ALPHABET:
            raise SealError("sealed chat id is malformed")
        try:
            sealed = base64.urlsafe_b64decode(body)
        except (binascii.Error, ValueError) as exc:
            raise SealError("sealed chat id is not valid base64") from exc
        nonce, ciphertext = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
        try:
            plain = self._seal.decrypt(nonce, ciphertext, aad)
        except InvalidTag as exc:
            raise SealError("sealed chat id was altered or sealed with another key") from exc
        return int.from_bytes(plain, "big", signed=True)

    def seal_secret(self, name: str, secret: bytes) -> str:
        """Encrypt a random secret kept in the store (the agency tables' hashing key).

        Hashes made with such a secret survive a ``DATA_KEY`` rotation: only this sealed
        value has to be re-sealed. ``name`` is bound as associated data, so one secret's
        ciphertext cannot be passed off as another's.
        """
        nonce = os.urandom(_NONCE_BYTES)
        sealed = nonce + self._seal.encrypt(nonce, bytes(secret), _SECRET_AAD + name.encode())
        return _SEAL_PREFIX + base64.urlsafe_b64encode(sealed).decode("ascii")

    def open_secret(self, name: str, token: str) -> bytes:
        """Decrypt a value made by :meth:`seal_secret`; :class:`SealError` if altered."""
        if not isinstance(token, str) or not token.startswith(_SEAL_PREFIX):
            raise SealError("not a sealed secret")
        try:
            sealed = base64.urlsafe_b64decode(token[len(_SEAL_PREFIX) :].encode("ascii"))
            nonce, ciphertext = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
            return self._seal.decrypt(nonce, ciphertext, _SECRET_AAD + name.encode())
        except (binascii.Error, ValueError, InvalidTag) as exc:
            raise SealError("sealed secret was altered or sealed with another key") from exc

    @staticmethod
    def _hash(key: bytes, domain: bytes, value: int) -> str:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("Telegram ids must be ints")
        return hmac.new(key, domain + str(value).encode("ascii"), hashlib.sha256).hexdigest()[:32]
