"""The errors the library raises to its users (light: the API and the CLI import it at once)."""

from __future__ import annotations


class StoreError(RuntimeError):
    """The store file cannot be used."""


class NotStored(LookupError):
    """A document asked for by id is not in the store."""
