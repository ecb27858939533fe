"""One fast text vectorisation shared by every linear head.

Posts are lower-cased, links and handles are replaced by placeholders, emoticons become
words, words after a negation are marked up to the end of its clause (``not_good``; a
punctuation mark or "but" ends the scope) and words found in the VADER
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
# The same tokens and the clause marks that end a negation's scope (only read when a post
# holds a negator; the marks themselves are not features).
_TOKEN_AND_STOPS = re.compile(_TOKEN.pattern + r"|[.,;:]")
_STOPS = frozenset(".,;:")
_NEGATORS = frozenset(
    "not no never nothing nobody nor cannot cant dont doesnt didnt isnt wasnt wont "
    "shouldnt wouldnt couldnt aint havent hasnt without n't don't doesn't didn't isn't "
    "wasn't won't can't shouldn't wouldn't couldn't haven't hasn't ain't".split()
)
_SCOPE_END = frozenset("! ? but . , ; :".split())


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
    Elongated words ("soooo") are shortened when they are hashed (see ``_Codes``).
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


def _marked(words: list[str]) -> list[str]:
    """Words with ``not_`` marks inside negation scopes; clause marks end a scope and are
    dropped."""
    marked, negated = [], False
    for tok in words:
        if tok in _NEGATORS:
            negated = True
        elif tok in _SCOPE_END:
            negated = False
            if tok in _STOPS:
                continue
        elif negated:
            tok = "not_" + tok
        marked.append(tok)
    return marked


def words(text: str) -> list[str]:
    """The words of a post, with negation marks."""
    text = normalise(text)
    found = _TOKEN.findall(text)
    return found if _NEGATORS.isdisjoint(found) else _marked(_TOKEN_AND_STOPS.findall(text))


def bucket(word: str) -> str | None:
    """The lexicon valence bucket of a word; a negation-marked word takes the flipped one."""
    lexicon = vader_lexicon()
    if word.startswith("not_"):
        found = lexicon.get(word[4:])
        return found and _flip(found)
    return lexicon.get(word)


def tokens(text: str) -> list[str]:
    """Words with negation marks, their bigrams and lexicon buckets (for reading)."""
    found = words(text)
    pairs = [f"{a} {b}" for a, b in zip(found, found[1:], strict=False)]
    return found + pairs + [b for b in map(bucket, found) if b]


def _column(token: str, n_features: int) -> int:
    """Signed MurmurHash3 of the UTF-8 token, absolute value modulo the width (as
    scikit-learn's ``HashingVectorizer``)."""
    return abs(murmurhash3_32(token, seed=0)) % n_features


class _Codes(dict):
    """Word -> its column and its lexicon bucket's column in one integer, remembered: a
    repeated word costs one dict lookup.

    The code is ``column + n_features * (bucket column + 1)`` (0 for no bucket). Letters
    repeated three times or more are cut to two first: "soooo" and "soo" share a column.
    """

    limit = 1_000_000  # forget everything past this many words (bounded memory)

    def __init__(self, n_features: int) -> None:
        super().__init__()
        self.n_features = n_features

    def __missing__(self, word: str) -> int:
        if len(self) >= self.limit:
            self.clear()
        short = _ELONGATED.sub(r"\1\1", word)
        found = bucket(short)
        extra = _column(found, self.n_features) + 1 if found else 0
        code = self[word] = _column(short, self.n_features) + self.n_features * extra
        return code


@lru_cache(maxsize=4)
def _codes(n_features: int) -> _Codes:
    return _Codes(n_features)


def _flat(docs: list[list[str]], codes: _Codes) -> tuple[np.ndarray, np.ndarray]:
    """The code of every word of ``docs``, and the row each belongs to."""
    flat = list(chain.from_iterable(docs))
    found = np.fromiter(map(codes.__getitem__, flat), np.int64, len(flat))
    lengths = np.fromiter(map(len, docs), np.int64, len(docs))
    return found, np.repeat(np.arange(len(docs)), lengths)


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
        docs = [words(t) for t in texts]
        codes, rows = _flat(docs, _codes(self.n_features))
        cols = (codes % self.n_features).astype(np.uint64)
        pair_cols, pair_rows = _bigrams(cols, rows, self.n_features)
        buckets = codes // self.n_features - 1
        has = buckets >= 0
        all_cols = np.concatenate([cols, pair_cols, buckets[has]]).astype(np.int32)
        all_rows = np.concatenate([rows, pair_rows, rows[has]])
        counts = np.ones(len(all_cols), dtype=np.float64)
        shape = (len(docs), self.n_features)
        return normalize(sp.csr_matrix((counts, (all_rows, all_cols)), shape=shape), copy=False)


def keep_columns(matrix: sp.csr_matrix, columns: Sequence[int]) -> sp.csr_matrix:
    """The columns of ``matrix`` named in ``columns``, in that order."""
    return matrix[:, np.asarray(columns)]
