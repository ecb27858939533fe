"""The goodword exception tree.

Every error goodword raises on purpose derives from :class:`GoodwordError`, and its
message says what to do next::

    GoodwordError
    ├── ConfigError          a setting is missing or invalid
    ├── StoreError           the database cannot be opened, migrated or written
    ├── SourceError          an input file or connector cannot be read at all
    │   └── UnknownFormatError   the format could not be detected or is not registered
    ├── RecordError          one input record is unusable (it is quarantined, not raised)
    ├── CatalogError         a product catalog row is invalid
    ├── ModelError           a trained model is missing, stale or cannot be trained
    └── CodeError            a tracking code is malformed, unknown or already used
"""

from __future__ import annotations


class GoodwordError(Exception):
    """Base of every error goodword raises on purpose."""


class ConfigError(GoodwordError):
    """A setting is missing or invalid."""


class StoreError(GoodwordError):
    """The database cannot be opened, migrated or written."""


class SourceError(GoodwordError):
    """An input file or connector cannot be read at all."""


class UnknownFormatError(SourceError):
    """The input format could not be detected, or no reader is registered for it."""


class RecordError(GoodwordError):
    """One input record is unusable; ingest quarantines it with this message as the reason."""


class CatalogError(GoodwordError):
    """A product catalog row is invalid."""


class ModelError(GoodwordError):
    """A trained model is missing, stale or cannot be trained."""


class CodeError(GoodwordError):
    """A tracking code is malformed, unknown or already redeemed."""
