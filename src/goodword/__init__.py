"""goodword: turn customer service in public into marketing you can measure."""

from goodword.errors import GoodwordError
from goodword.model import (
    Author,
    IngestReport,
    Post,
    PostKind,
    Product,
    RawPost,
    Reject,
    Role,
    Signal,
    Thread,
    Venue,
    VenueKind,
)
from goodword.settings import Settings
from goodword.store import Store

__version__ = "0.1.0"

__all__ = [
    "Author",
    "GoodwordError",
    "IngestReport",
    "Post",
    "PostKind",
    "Product",
    "RawPost",
    "Reject",
    "Role",
    "Settings",
    "Signal",
    "Store",
    "Thread",
    "Venue",
    "VenueKind",
    "__version__",
]
