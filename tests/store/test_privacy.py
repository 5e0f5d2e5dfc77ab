"""Keyed hashes and sealed chat ids: what makes a copied database useless to whoever copies it."""

from __future__ import annotations

import pytest

from bot.privacy import IdentityKeys, SealError

DATA_KEY = "test-data-key-0123456789abcdef"
TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"


def test_user_key_is_a_stable_hash_that_hides_the_id() -> None:
    keys = IdentityKeys(DATA_KEY)
    key = keys.user_key(123456789)
    assert key == IdentityKeys(DATA_KEY).user_key(123456789)  # same user finds their state
    assert len(key) == 32
    assert int(key, 16) >= 0
    assert "123456789" not in key
    assert key != keys.user_key(123456790)


def test_user_key_differs_with_another_data_key() -> None:
    assert IdentityKeys(DATA_KEY).user_key(42) != IdentityKeys(DATA_KEY + "x").user_key(42)


def test_user_and_chat_keys_of_one_id_cannot_be_joined() -> None:
    keys = IdentityKeys(DATA_KEY)
    assert keys.user_key(42) != keys.chat_key(42)
    assert keys.chat_key(42) == IdentityKeys(DATA_KEY).chat_key(42)


@pytest.mark.parametrize("chat_id", [0, 1, 987654321, -1001234567890, 2**52, -(2**63)])
def test_sealed_chat_ids_round_trip(chat_id: int) -> None:
    keys = IdentityKeys(DATA_KEY)
    sealed = keys.seal_chat(chat_id)
    assert str(abs(chat_id)) not in sealed or chat_id in (0, 1)
    assert IdentityKeys(DATA_KEY).open_chat(sealed) == chat_id  # after a restart too


def test_sealing_twice_gives_unlinkable_values() -> None:
    keys = IdentityKeys(DATA_KEY)
    assert keys.seal_chat(987654321) != keys.seal_chat(987654321)


def test_every_altered_character_is_detected() -> None:
    keys = IdentityKeys(DATA_KEY)
    sealed = keys.seal_chat(987654321)
    for index in range(len(sealed)):
        replacement = "A" if sealed[index] != "A" else "B"
        altered = sealed[:index] + replacement + sealed[index + 1 :]
        with pytest.raises(SealError):
            keys.open_chat(altered)


@pytest.mark.parametrize(
    "altered",
    [
        lambda s: s[:-1],
        lambda s: s + "A",
        lambda s: s + "!",
        lambda s: s.replace("-", "+").replace("_", "/") if ("-" in s or "_" in s) else s + "+",
        lambda s: "v2." + s[3:],
        lambda s: "",
        lambda s: "987654321",
    ],
)
def test_malformed_sealed_values_are_refused(altered) -> None:
    keys = IdentityKeys(DATA_KEY)
    with pytest.raises(SealError):
        keys.open_chat(altered(keys.seal_chat(987654321)))


def test_a_value_sealed_with_another_key_is_refused() -> None:
    sealed = IdentityKeys(DATA_KEY).seal_chat(987654321)
    with pytest.raises(SealError, match="another key"):
        IdentityKeys(DATA_KEY + "x").open_chat(sealed)


def test_ids_must_be_integers() -> None:
    keys = IdentityKeys(DATA_KEY)
    with pytest.raises(TypeError):
        keys.user_key("123")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        keys.seal_chat(True)


def test_from_settings_prefers_data_key_without_warning() -> None:
    keys, warning = IdentityKeys.from_settings(DATA_KEY, TOKEN)
    assert warning is None
    assert keys.user_key(7) == IdentityKeys(DATA_KEY).user_key(7)


@pytest.mark.parametrize("data_key", [None, "", "   "])
def test_from_settings_derives_from_the_token_with_one_warning(data_key: str | None) -> None:
    keys, warning = IdentityKeys.from_settings(data_key, TOKEN)
    assert warning is not None
    assert "\n" not in warning
    assert "DATA_KEY" in warning and "BOT_TOKEN" in warning
    assert TOKEN not in warning
    again, _ = IdentityKeys.from_settings(None, TOKEN)
    assert keys.user_key(7) == again.user_key(7)  # stable across restarts
    assert keys.user_key(7) != IdentityKeys(TOKEN).user_key(7)
    other, _ = IdentityKeys.from_settings(None, TOKEN + "x")
    assert keys.user_key(7) != other.user_key(7)


def test_from_settings_without_any_secret_names_data_key() -> None:
    with pytest.raises(ValueError, match="DATA_KEY"):
        IdentityKeys.from_settings(None, None)


def test_a_short_data_key_is_refused() -> None:
    with pytest.raises(ValueError, match="DATA_KEY is too short"):
        IdentityKeys.from_settings("hunter2", TOKEN)


def test_the_secret_never_shows_in_repr() -> None:
    assert DATA_KEY not in repr(IdentityKeys(DATA_KEY))
