"""How agency actions read in ``/audit`` and ``python -m bot audit``: who by role, never by id."""

from __future__ import annotations

from collections.abc import Iterable

from bot.store.broadcasts import AuditEntry


def role_name(roles: frozenset[str]) -> str:
    """How the audit log names who acted."""
    return "admin" if "admin" in roles else "reviewer" if "reviewer" in roles else "user"


def audit_lines(entries: Iterable[AuditEntry]) -> list[str]:
    """Audit entries as one line each: when, role, who (a short actor key), what."""
    lines = []
    for entry in entries:
        detail = dict(entry.detail)
        role = detail.pop("role", "admin" if entry.actor != "cli" else "cli")
        who = "cli" if entry.actor == "cli" else entry.actor[:8]
        extra = " ".join(f"{k}={v}" for k, v in sorted(detail.items()))
        lines.append(f"{entry.at} {role} {who} {entry.action} {extra}".rstrip())
    return lines
