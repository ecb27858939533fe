"""One fast text vectorisation shared by every linear head.

Posts are lower-cased, links and handles are replaced by placeholders, emoticons become
words, words after a negation are marked (``not_good``) and words found in the VADER
lexicon add a valence-bucket token (``_lex+2``). Word unigrams and bigrams are hashed into a
fixed sparse space, so the transform has no vocabulary to store and one sparse matrix feeds
every head with a single product.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

_URL = re.compile(r"https?://\S+|www\.\S+")
_USER = re.compile(r"@\w+")
_ELONGATED = re.compile(r"(\w)\1{2,}")
_SMILE = re.compile(r"[:;=8][-']?[)\]dp3*]|<3|\(:|\^_\^")
_FROWN = re.compile(r"[:;=][-']?[(\[/\\|]|\):|d:")
_SMILE_CHARS = frozenset(":;=8<(^")  # every _SMILE match holds one of these
_FROWN_CHARS = frozenset(":;=")  # every _FROWN match holds one of these
_TOKEN = re.compile(r"[a-z0-9_']+|[!?]|[^\s\w.,;:\"()\-]")
_NEGATORS = frozenset(
    "not no never nothing nobody nor cannot cant dont doesnt didnt isnt wasnt wont "
    "shouldnt wouldnt couldnt aint havent hasnt without n't don't doesn't didn't isn't "
    "wasn't won't can't shouldn't wouldn't couldn't haven't hasn't ain't".split()
)
_SCOPE_END = frozenset("! ? but".split())


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, str]:
    """Word -> valence bucket token, from the lexicon the vaderSentiment package ships."""
    import vaderSentiment

    path = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
    buckets = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and " " not in parts[0]:
            buckets[parts[0]] = round(float(parts[1]))
    return {w: f"_lex{v:+d}" for w, v in buckets.items() if v}


def normalise(text: str) -> str:
    """Lower-case text with placeholders for links, handles and emoticons.

    Each pattern runs only when a character it needs is present (same result, less work).
    """
    if "http" in text or "www." in text:
        text = _URL.sub(" _url ", text)
    if "@" in text:
        text = _USER.sub(" _user ", text)
    text = text.lower()
    if not _SMILE_CHARS.isdisjoint(text):
        text = _SMILE.sub(" _smile ", text)
    if not _FROWN_CHARS.isdisjoint(text):
        text = _FROWN.sub(" _frown ", text)
    return _ELONGATED.sub(r"\1\1", text)


def _flip(bucket: str) -> str:
    return "_lex-" + bucket[5:] if bucket[4] == "+" else "_lex+" + bucket[5:]


def _negated(words: list[str], lexicon: dict[str, str]) -> tuple[list[str], list[str]]:
    """Words with ``not_`` marks inside negation scopes, and their (flipped) buckets."""
    marked, extra, negated = [], [], False
    for tok in words:
        bucket = lexicon.get(tok)
        if tok in _NEGATORS:
            negated = True
        elif tok in _SCOPE_END:
            negated = False
        elif negated:
            tok = "not_" + tok
            bucket = bucket and _flip(bucket)
        marked.append(tok)
        if bucket:
            extra.append(bucket)
    return marked, extra


def tokens(text: str) -> list[str]:
    """Words with negation marks, their bigrams and lexicon buckets."""
    lexicon = vader_lexicon()
    words = _TOKEN.findall(normalise(text))
    if _NEGATORS.isdisjoint(words):
        extra = [b for b in map(lexicon.get, words) if b]
    else:
        words, extra = _negated(words, lexicon)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] + extra


class TextFeatures:
    """Text -> hashed sparse features; stateless apart from its parameters."""

    def __init__(self, n_features: int = 2**20) -> None:
        self.n_features = n_features

    def _vectorizer(self) -> HashingVectorizer:
        return HashingVectorizer(
            analyzer=tokens, n_features=self.n_features, alternate_sign=False, norm="l2"
        )

    def transform(self, texts: Iterable[str]) -> sp.csr_matrix:
        """The feature matrix of ``texts`` (rows l2-normalised)."""
        return self._vectorizer().transform(list(texts))


def keep_columns(matrix: sp.csr_matrix, columns: Sequence[int]) -> sp.csr_matrix:
    """The columns of ``matrix`` named in ``columns``, in that order."""
    return matrix[:, np.asarray(columns)]
