"""Stable pseudonyms for sharing exports outside HR (e.g. with external trainers).

A person's code is ``P-`` and the first 8 hex digits of HMAC-SHA256(secret, employee
key). The secret is made once per workspace and kept in its settings, so the same person
gets the same code in every export of that workspace, and nobody without the workspace
can recompute codes from names.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

SECRET_SETTING = "pseudonym_secret"


def workspace_secret(ws: Any) -> bytes:
    """The workspace's pseudonym secret, created on first use."""
    value = ws.setting(SECRET_SETTING)
    if not isinstance(value, str) or len(value) < 32:
        value = secrets.token_hex(32)
        ws.set_setting(SECRET_SETTING, value)
    return bytes.fromhex(value)


class Pseudonyms:
    """Replaces names, emails, employee ids and managers when enabled; else passes through."""

    def __init__(self, secret: bytes | None) -> None:
        self.enabled = secret is not None
        self._secret = secret or b""

    @classmethod
    def for_workspace(cls, ws: Any, enabled: bool) -> Pseudonyms:
        return cls(workspace_secret(ws) if enabled else None)

    def code(self, key: str, prefix: str = "P-") -> str:
        digest = hmac.new(self._secret, str(key).encode("utf-8"), hashlib.sha256).hexdigest()
        return prefix + digest[:8].upper()

    def key(self, key: str) -> str:
        return self.code(key) if self.enabled else key

    def name(self, key: str, name: str) -> str:
        return self.code(key) if self.enabled else name

    def email(self, key: str, email: str) -> str:
        if not self.enabled:
            return email
        return "" if not email else self.code(key).lower() + "@pseudonymised.invalid"

    def manager(self, manager: str) -> str:
        if not self.enabled or not manager:
            return manager
        return self.code("manager:" + manager.strip().casefold(), "M-")
