"""``python -m bot.healthcheck``: the container's HEALTHCHECK, without curl in the image.

In webhook mode it asks the bot's own ``GET /healthz`` (on the port of ``WEBHOOK_LISTEN``)
and exits 0 only on 200: the store (and Redis, when configured) answer. In long-polling
mode there is no HTTP server to ask; it exits 0, and the process itself is the health.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

TIMEOUT = 4.0


def main() -> int:
    """0 when healthy, 1 otherwise; one line on standard error says why."""
    if not os.environ.get("WEBHOOK_URL"):
        return 0
    port = os.environ.get("WEBHOOK_LISTEN", "0.0.0.0:8080").rpartition(":")[2]
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=TIMEOUT) as answer:
            return 0 if answer.status == 200 else 1
    except urllib.error.HTTPError as exc:
        print(f"unhealthy: /healthz answered {exc.code}", file=sys.stderr)
    except OSError as exc:
        print(f"unhealthy: /healthz did not answer ({type(exc).__name__})", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
