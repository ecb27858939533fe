"""Settings, declared once: name, default and help.

Settings are built at the edge (CLI flags, ``GOODWORD_*`` environment variables) and passed
in; nothing reads the environment at import time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path


def _meta(env: str, help: str) -> dict[str, str]:
    return {"env": env, "help": help}


@dataclass(frozen=True)
class Settings:
    """Everything goodword can be configured with."""

    database_url: str = field(
        default="sqlite:///goodword.db",
        metadata=_meta(
            "GOODWORD_DATABASE_URL",
            "SQLAlchemy URL of the store: a SQLite file by default, "
            "postgresql+psycopg://user@host/db in production.",
        ),
    )
    data_dir: Path = field(
        default=Path("../shared/data"),
        metadata=_meta(
            "GOODWORD_DATA_DIR",
            "Folder holding the public labelled data sets used for training and evaluation.",
        ),
    )
    batch_size: int = field(
        default=20000,
        metadata=_meta("GOODWORD_BATCH_SIZE", "Records per ingest transaction."),
    )
    signals_backend: str = field(
        default="",
        metadata=_meta(
            "GOODWORD_SIGNALS_BACKEND",
            "Text-signal backend: linear (the words heads, tens of thousands of posts a "
            "second: enrich's and eval's default), transformer (sentiment from the "
            "fine-tuned MiniLM, 150–250 posts a second on two cores: classify's default) or "
            "embeddings (also complaint from a sentence embedding; needs pip install "
            "'goodword[embeddings]'). Empty: each command's default.",
        ),
    )
    brand: str = field(
        default="",
        metadata=_meta(
            "GOODWORD_BRAND", "The company's brand name, used by the username convention."
        ),
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from ``GOODWORD_*`` variables, then explicit overrides (CLI flags)."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw:
                values[f.name] = _coerce(f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _coerce(kind: object, raw: str) -> object:
    if kind in (int, "int"):
        return int(raw)
    if kind in (Path, "Path"):
        return Path(raw)
    return raw


def sqlite_url(path: str | Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{Path(path)}"


def describe() -> list[tuple[str, str, str]]:
    """(env variable, default, help) for every setting: the documentation source."""
    return [(f.metadata["env"], str(f.default), f.metadata["help"]) for f in fields(Settings)]
