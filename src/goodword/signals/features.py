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
from itertools import chain
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize
from sklearn.utils import murmurhash3_32

_URL = re.compile(r"https?://\S+|www\.\S+")
_USER = re.compile(r"@\w+")
_ELONGATED = re.compile(r"(\w)\1{2,}")
_SMILE = re.compile(r"[:;=8][-']?[)\]dp3*]|<3|\(:|\^_\^")
_FROWN = re.compile(r"[:;=][-']?[(\[/\\|]|\):|d:")
_EMOTICON = re.compile(f"(?P<smile>{_SMILE.pattern})|(?P<frown>{_FROWN.pattern})")
_SMILE_CHARS = frozenset(":;=8<(^")  # every emoticon holds one of these
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


def _emoticon(match: re.Match[str]) -> str:
    return " _smile " if match.lastgroup == "smile" else " _frown "


def normalise(text: str) -> str:
    """Lower-case text with placeholders for links, handles and emoticons.

    Each pattern runs only when a character it needs is present (same result, less work).
    Elongated words ("soooo") are shortened when they are hashed (see ``_Columns``).
    """
    if "http" in text or "www." in text:
        text = _URL.sub(" _url ", text)
    if "@" in text:
        text = _USER.sub(" _user ", text)
    text = text.lower()
    if not _SMILE_CHARS.isdisjoint(text):
        text = _EMOTICON.sub(_emoticon, text)
    return text


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


def words_and_buckets(text: str) -> tuple[list[str], list[str]]:
    """The words with negation marks, and the lexicon buckets of those words."""
    lexicon = vader_lexicon()
    words = _TOKEN.findall(normalise(text))
    if _NEGATORS.isdisjoint(words):
        return words, [b for b in map(lexicon.get, words) if b]
    return _negated(words, lexicon)


def tokens(text: str) -> list[str]:
    """Words with negation marks, their bigrams and lexicon buckets (for reading)."""
    words, extra = words_and_buckets(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] + extra


class _Columns(dict):
    """Token -> hashed column, remembered: a repeated token costs one dict lookup.

    The column is signed MurmurHash3 of the UTF-8 token, absolute value modulo the width
    (as scikit-learn's ``HashingVectorizer`` computes it), after letters repeated three
    times or more are cut to two: "soooo" and "soo" share a column.
    """

    limit = 1_000_000  # forget everything past this many tokens (bounded memory)

    def __init__(self, n_features: int) -> None:
        super().__init__()
        self.n_features = n_features

    def __missing__(self, token: str) -> int:
        if len(self) >= self.limit:
            self.clear()
        short = _ELONGATED.sub(r"\1\1", token)
        column = self[token] = abs(murmurhash3_32(short, seed=0)) % self.n_features
        return column


@lru_cache(maxsize=4)
def _columns(n_features: int) -> _Columns:
    return _Columns(n_features)


def _flat(docs: list[list[str]], columns: _Columns) -> tuple[np.ndarray, np.ndarray]:
    """The hashed columns of every token of ``docs``, and the row each belongs to."""
    flat = list(chain.from_iterable(docs))
    cols = np.fromiter(map(columns.__getitem__, flat), np.uint64, len(flat))
    lengths = np.fromiter(map(len, docs), np.int64, len(docs))
    return cols, np.repeat(np.arange(len(docs)), lengths)


def _bigrams(cols: np.ndarray, rows: np.ndarray, n_features: int) -> tuple[np.ndarray, ...]:
    """Columns of adjacent word pairs within a row: a hash of the two words' columns."""
    same = rows[1:] == rows[:-1]
    mixed = cols[:-1][same] * np.uint64(0x9E3779B97F4A7C15) + cols[1:][same] * np.uint64(40503)
    return (mixed >> np.uint64(20)) % np.uint64(n_features), rows[1:][same]


class TextFeatures:
    """Text -> hashed sparse features; stateless apart from its parameters.

    Words and lexicon buckets are hashed one by one (remembered per token); a bigram's
    column is mixed from its two words' columns, so no bigram string is ever built.
    """

    def __init__(self, n_features: int = 2**20) -> None:
        self.n_features = n_features

    def transform(self, texts: Iterable[str]) -> sp.csr_matrix:
        """The feature matrix of ``texts`` (token counts, rows l2-normalised)."""
        parts = [words_and_buckets(t) for t in texts]
        columns = _columns(self.n_features)
        word_cols, word_rows = _flat([w for w, _ in parts], columns)
        pair_cols, pair_rows = _bigrams(word_cols, word_rows, self.n_features)
        extra_cols, extra_rows = _flat([e for _, e in parts], columns)
        cols = np.concatenate([word_cols, pair_cols, extra_cols]).astype(np.int32)
        rows = np.concatenate([word_rows, pair_rows, extra_rows])
        counts = np.ones(len(cols), dtype=np.float64)
        shape = (len(parts), self.n_features)
        return normalize(sp.csr_matrix((counts, (rows, cols)), shape=shape), copy=False)


def keep_columns(matrix: sp.csr_matrix, columns: Sequence[int]) -> sp.csr_matrix:
    """The columns of ``matrix`` named in ``columns``, in that order."""
    return matrix[:, np.asarray(columns)]
