"""Reading Bot API parameters the way Telegram does, whatever the client's encoding.

Telegram accepts the same call as a query string, a JSON body, an urlencoded form or
multipart/form-data.  The two libraries we test differ:

* aiogram posts ``multipart/form-data`` for *every* call; strings go as they are, every
  other value (ints, bools, nested objects such as ``reply_markup``) as a JSON string,
  and uploads as ``photo=attach://<random>`` plus a file part named ``<random>``;
* python-telegram-bot posts an urlencoded form (multipart when it uploads) with the
  same JSON-string convention, and names the file part after the parameter itself.

So values arrive as strings and are decoded per parameter, by the type the method
expects — never by guessing (a message *text* of ``"123"`` must stay a string).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from .errors import ApiError, bad_request


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


class Params:
    """Parameters of one request with typed, Telegram-strict accessors."""

    def __init__(self, values: dict[str, Any], files: dict[str, Upload]) -> None:
        self.values = values
        self.files = files

    def __contains__(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def get_str(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, error: str | None = None) -> int | None:
        value = self.values.get(name)
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            try:
                as_float = float(str(value))
            except ValueError:
                raise bad_request(error or f"Bad Request: invalid {name} specified") from None
            return int(as_float)

    def get_bool(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, bool):
            return value
        if value is None:
            return False
        return str(value).strip().lower() in ("true", "1")

    def get_json(self, name: str, error: str) -> Any:
        """A nested object: decoded from a JSON string, or taken as is from a JSON body."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(error) from None

    def get_file(self, name: str) -> Upload | str | None:
        """An uploaded file (by field name or ``attach://``) or a file_id/URL string."""
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            return self.files.get(value[len("attach://") :])
        if value in (None, "") and name in self.files:
            return self.files[name]
        return value if isinstance(value, str) and value else None

    def chat_id(self) -> int | str:
        """``chat_id`` as an int, or an ``@username`` string."""
        value = self.values.get("chat_id")
        if value is None or value == "":
            raise bad_request("Bad Request: chat_id is empty")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if text.startswith("@"):
            return text
        try:
            return int(text)
        except ValueError:
            raise bad_request("Bad Request: chat not found") from None


async def read_params(request: web.Request) -> Params:
    """Merge query string and body (JSON, urlencoded or multipart) into :class:`Params`."""
    values: dict[str, Any] = dict(request.query)
    files: dict[str, Upload] = {}
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise ApiError(400, "Bad Request: can't parse JSON object") from None
            if not isinstance(body, dict):
                raise ApiError(400, "Bad Request: can't parse JSON object")
            values.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form: MultiDictProxy[Any] = await request.post()
            for key, item in form.items():
                if isinstance(item, web.FileField):
                    files[key] = Upload(item.filename, item.content_type, item.file.read())
                else:
                    values[key] = item
    return Params(values, files)
