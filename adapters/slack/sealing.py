"""Sealing Slack installations (their tokens) for the database with Fernet: the key from
SIGNOFF_ENCRYPTION_KEY seals; SIGNOFF_ENCRYPTION_KEY_PREVIOUS still opens rows sealed before a
rotation (each row is sealed again with the new key the next time it is saved)."""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SealingKeyMissing(ValueError):
    """OAuth mode keeps tokens in the database, which is refused without a key to seal them."""


class Sealer:
    def __init__(self, key: str, previous: str = "") -> None:
        if not key:
            raise SealingKeyMissing(
                "SIGNOFF_ENCRYPTION_KEY is not set: Slack's OAuth install keeps tokens in the "
                "database only encrypted (make one with: python -c 'from cryptography.fernet "
                "import Fernet; print(Fernet.generate_key().decode())')"
            )
        try:
            keys = [Fernet(key)] + ([Fernet(previous)] if previous else [])
        except ValueError as exc:  # never echo the key itself
            raise SealingKeyMissing(
                "SIGNOFF_ENCRYPTION_KEY(_PREVIOUS) must be a Fernet key (32 url-safe base64 bytes)"
            ) from exc
        self._fernet = MultiFernet(keys)

    def seal(self, value: dict[str, Any]) -> str:
        return self._fernet.encrypt(json.dumps(value).encode()).decode("ascii")

    def open(self, sealed: str) -> dict[str, Any]:
        """Raises InvalidToken when no configured key opens it (the key was lost or rotated
        out twice): the workspace has to install the app again."""
        opened: dict[str, Any] = json.loads(self._fernet.decrypt(sealed.encode("ascii")))
        return opened


__all__ = ["InvalidToken", "Sealer", "SealingKeyMissing"]
