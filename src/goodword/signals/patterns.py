"""Hand-written cues: phrases that mark a signal, and the context columns of a post.

The cues seed the home-made signals (problem solved, admits mistake, referral, uninvited
mention) and the delight occasions; the trained heads take them as features next to the
words, together with who wrote the post and where it sits in its thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import ahocorasick
import numpy as np

from goodword.signals.base import PostInput

_I = re.IGNORECASE

# A post that opens as a question: a wh-word, or an auxiliary before its subject ("can you",
# "is there"; "@united is the worst" and "will do" open statements).
_QUESTION_START = re.compile(
    r"\s*(?:@\w+\s+)*(?:how|what|why|when|where|which|who|any ?one|anybody|(?:is|are|was|"
    r"were|can|could|does|do|did|will|would|should|has|have|may) (?:you|u|i|we|it|there|this|"
    r"that|my|your|our|anyone|anybody|someone|he|she|they))\b",
    _I,
)

# A post that opens by addressing a support account (@AcmeSupport, @AcmeCares, @AskAcme):
# a customer's. All 1,634 such posts in the apology labels' splits are customers' and not
# apologies (tests/signals/test_analyzers.py recounts them), so a post read without its
# author's role that opens this way is read as a customer's.
_TO_SUPPORT = re.compile(
    r"\s*(?:@\w+\s+)*@(?:\w*(?:support|care|help|service|assist)\w*|ask\w+)\b", _I
)


def addresses_support(text: str) -> bool:
    """Whether ``text`` opens by @-addressing a support account (a customer writing)."""
    return _TO_SUPPORT.match(text) is not None


# The question signal's score: the share of questions (data/labels/question.csv, training
# split) among the customer posts the cue calls a question, and among those it does not, as
# (right + 1) / (n + 2). tests/signals/test_analyzers.py recomputes them from the labels.
QUESTION_PRECISION = (0.69, 0.04)

CUES: dict[str, re.Pattern[str]] = {
    "question": re.compile(  # and requests that wait for an answer
        r"\b(?:any ?one know|any idea|wondering|how (?:do|can|to)|is there (?:a|any) way|"
        r"(?:please|pls|plz|kindly)\b[^.!?]{0,40}\b(?:help|can you|could you|check|see|look|"
        r"advise|fix|dm|contact|let me know|send|tell)|help (?:me|us|pls|please|!)|i (?:need|"
        r"want) to know|i need (?:help|assistance|your help)|(?:can|could) (?:you|u|someone|"
        r"anyone) (?:please |pls )?(?:help|assist|check|tell|let)|please advise|let me know)",
        _I,
    ),
    "solved": re.compile(  # a fix confirmed, not denied, hoped for or supposed
        r"\b(?<!n't )(?<!not )(?<!never )(?<!should have )(?<!would have )(?<!could have )"
        r"(?<!should've )(?<!would've )(?<!could've )(?<!should be )(?<!will be )(?<!hopefully )"
        r"(?:(?:that|this|it|which) (?:worked|did the trick|fixed it|solved it|helped)|"
        r"(?:works?|working) (?:now|again|fine now|perfectly now)|"
        r"(?:problem|issue|it)(?:'s| is| has been| was)? (?:now )?(?:solved|fixed|resolved|sorted)|"
        r"all (?:sorted|good now|fixed)|fixed it|sorted it|got it (?:working|sorted|fixed)|"
        r"(?:thanks?|thank you)[^.!?]{0,30}\b(?:fixed|solved|sorted|resolved|worked)|"
        r"back up and running|that did it|issue resolved|"
        r"received (?:it|my|the) (?:refund|order))\b",
        _I,
    ),
    "apology": re.compile(
        r"\b(?:(?:we|i)(?:'re| are| am|'m) (?:so |very |truly |really )?sorry|"
        r"(?:we|i) (?:sincerely |do )?apologi[sz]e|apologies for|sorry (?:for|about|to hear)|"
        r"(?<!not )(?<!n't )(?:our|my) (?:mistake|bad|fault|error|apologies)|we (?:messed|"
        r"screwed) up|(?:we|i) (?:got it wrong|made (?:a|an) (?:mistake|error))|that(?:'s| is) "
        r"on us|shouldn'?t have happened|not the experience we want)\b",
        _I,
    ),
    "referral": re.compile(
        r"\b(?:i (?:highly |totally |definitely |would |'d |strongly )?(?:recommend|suggest)|"
        r"(?:highly|strongly) (?:recommend|suggest)|recommend(?:s|ed)? (?:the|a|an|using|getting)|"
        r"(?:you|u) (?:should|need to|could|can|gotta|must) (?:get|try|buy|check out|switch|go "
        r"with|use|pick up|grab|cop)|(?:get|grab|cop|try) (?:your|yourself|a|an|one of)|"
        r"(?:go|get|try|switch to) (?:a|an|the)? ?\w+ instead|can'?t recommend \w+ enough|"
        r"check (?:out|them out)|worth (?:every penny|buying|it|a try)|best \w+ (?:ever|i'?ve)|"
        r"go with (?:a|an|the)|look (?:at|into) (?:a|an|the)|told (?:my|all my) (?:friends|"
        r"family)|(?:my|a) friend recommended|for (?:just|only)? ?\$\d|don'?t forget to)\b",
        _I,
    ),
    # Advice to the reader to get something: imperative or "you should…" with a thing named.
    "advise": re.compile(
        r"\b(?:(?:you|u) (?:should|need to|must|gotta|may want to|might want to) (?:\w+ )?"
        r"(?:get|buy|try|purchase|check out|switch to|go with|pick up|grab|cop|invest in|"
        r"look for)|(?:get|grab|cop|buy) (?:your|yourself)|(?:^|[.!?] )(?:get|buy|try|grab|"
        r"invest in|switch to|go with|look for|pick up|order) (?:a|an|the|some|one)|"
        r"my (?:suggestion|recommendation) (?:is|would be))\b",
        _I,
    ),
    "owned": re.compile(
        r"(?:sorry|apologi[sz]e|apologies|regret)(?! to hear| if\b)(?:(?!\b(?:if|any|yet)\b)"
        r"[^.!?]){0,25}\b(?:delay|wait|late|long|poor|bad|incorrect|wrong|missed|lost|damaged|"
        r"disruption|interruption|outage|let you down|wasn'?t|weren'?t|didn'?t|hasn'?t been|"
        r"ran out)(?![^.!?]*\byet\b)|shouldn'?t (?:be|have) happen|(?<!if we )let you down|"
        r"make amends|(?<!not )(?<!n't )(?:our|my) (?:mistake|bad|fault|error)|we(?:'re| are) "
        r"(?:aware|working on)|we (?:messed|screwed) up|got (?:it|this) wrong",
        _I,
    ),
    "uninvited": re.compile(
        r"@\w+|#\w+|\b(?:just (?:got|bought|ordered|tried)|love (?:my|the|this) new|"
        r"my new|using (?:my|the)|shout ?out to|props to|kudos to)\b",
        _I,
    ),
    "thanks": re.compile(
        r"\b(?:thank|thanks|thank ?(?:you|u|ya|yo)|thanx|thnx|thnks|thx|tx|ty|tysm|tyvm|"
        r"cheers|appreciate[sd]?|appreciated|grateful|gracias|merci|danke)\b",
        _I,
    ),
}

# The delight occasions (docs/labelling-guide.md, `delight`), tuned on the training split
# of data/labels/delight.csv: the occasion must be the author's or a close one's, so a
# birthday needs "my" (or a gift for one), a trip its purpose, loyalty the years with the
# brand. Checked in this order; the first that matches names the post's occasion.
_CLOSE = (
    r"(?:son|daughter|mum|mom|mother|dad|father|wife|husband|partner|boyfriend|girlfriend|"
    r"fianc[eé]e?|sister|brother|kid|child|baby|grandma|grandpa|nan|gran|niece|nephew|"
    r"(?:best )?friend|bestie|bff|hubby|wifey)"
)
_COUNT = (
    r"(?:\d+\+?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|many|several|a few)"
)
_APOS = r"['’]?"
_ORD = r"\d+(?:st|nd|rd|th)"
OCCASIONS: dict[str, re.Pattern[str]] = {
    "birthday": re.compile(
        rf"\b(?:(?:my|our) {_CLOSE}{_APOS}s? (?:{_ORD} )?(?:birthday|bday|b-day)|"
        rf"my (?:{_ORD} )?(?:birthday|bday|b-day)(?! month)|my {_CLOSE}\b[^.!?]{{0,60}}\b"
        rf"(?:for|on) (?:his|her|their) (?:{_ORD} )?(?:birthday|bday)|(?:throwing|planning|having) "
        rf"(?:\w+ )?(?:a )?(?:surprise )?(?:birthday|bday) party|(?:birthday|bday) (?:trip|"
        rf"weekend|getaway)|(?:birthday|bday) (?:to|for) me|(?:as|for) (?:a|her|his|their|my) "
        rf"(?:birthday|bday) (?:present|gift)|(?:birthday|bday) (?:present|gift)s? for "
        rf"(?:tomorrow|today|tonight)|(?:^|i{_APOS}m |i am )turning \d\d|i turn \d\d)\b",
        _I,
    ),
    "first_purchase": re.compile(
        r"\b(?:(?:my|our) (?:very )?first (?:ever )?(?:[\w-]+ ){0,2}(?:order|purchase|"
        r"product|device|speaker|iphone|phone|mac|macbook|ipad|kindle|echo|laptop|car)s?|"
        r"first ever (?:[\w-]+ ){0,2}(?:order|purchase)|"
        r"first time (?:buying|ordering|using|trying|shopping|customer|owner|user)|(?:ordered|"
        r"bought|purchased|tried|used) [^.!?]{0,40}for (?:the )?first time|just (?:got|"
        r"bought|ordered) my first|new to (?:the )?[\w-]+(?: [\w-]+)? (?:world|family|"
        r"ecosystem))\b",
        _I,
    ),
    "trip": re.compile(
        rf"(?:#honeymoon|\b(?:our|my) honeymoon|honeymoon (?:trip|flight|booking|suite|"
        rf"package)|getaway|(?:on|for|from|during|our|my|family|summer|winter|christmas|"
        rf"first|dream|ruined|ruin|ruining) (?:holiday|vacation|getaway)|(?:family|camping|"
        rf"ski|girls{_APOS}?|weekend|anniversary|holiday|beach|dream|first) (?:trip|getaway)|"
        rf"(?:our|my) road ?trip|(?:off (?:to|on)|heading (?:on|out on)|home from) (?:the |a |"
        rf"our |my )?(?:\w+ )?road ?trip|going on (?:holiday|vacation)|(?:booked|enjoy) (?:a |our |"
        rf"my |the )?(?:holiday|vacation)|(?:holiday|vacation) booked|day of (?:my |our |the )?"
        rf"(?:holiday|vacation)|(?:thanksgiving|easter|spring|half[- ]term) (?:vacation|"
        rf"holiday|break|trip)|visit(?:ing)? (?:my |our )?"
        rf"(?:family|parents|grandparents|mum|mom|dad|grandma|grandkids|in-laws))\b",
        _I,
    ),
    "loyalty": re.compile(
        rf"\b(?:(?:loyal|long[- ]?time|lifelong|faithful) (?:[\w@-]+ ){{0,2}}(?:customer|"
        rf"fan|user|member|client|subscriber|shopper|flyer|passenger|guest)s?|(?:customer|member|"
        rf"user|client|subscriber|shopper)s? (?:for|of) (?:over |nearly |almost |more than )?"
        rf"{_COUNT} (?:years|yrs|decades)|(?:customer|member|user|client|subscriber|shopper)s?"
        rf" since (?:\d{{4}}|the \d0s)|{_COUNT} (?:years|yrs) (?:as an? |of being an? )"
        rf"(?:[\w@-]+ ){{0,2}}(?:customer|member|user|client|fan)|{_COUNT} (?:years|yrs) "
        rf"(?:of )?(?:buying|ordering|shopping|flying|banking) (?:from|with|at)|(?:been )?"
        rf"(?:banking|flying|shopping|ordering) (?:with|from|at|there) (?:[\w@-]+ )?(?:for|"
        rf"since) (?:over )?(?:{_COUNT} (?:years|yrs)|\d{{4}})|with (?:you|u|y{_APOS}all) "
        rf"(?:guys )?(?:for|since) (?:over )?(?:{_COUNT} (?:years|yrs)|\d{{4}})|years "
        rf"(?:i|we) (?:was|were|have been|{_APOS}ve been) with you|#stayingloyal|"
        rf"#loyalcustomer|i fly @?\w+ only|i only fly|i (?:\w+ )?always fly|(?:flown|flew|"
        rf"used|banked|shopped) (?:with )?@?\w+ for (?:the past )?(?:{_COUNT} )?(?:years|yrs)|"
        rf"(?:travell?ed|been|stayed) {_COUNT} (?:years|yrs) with)\b",
        _I,
    ),
    "celebration": re.compile(
        rf"\b(?:(?:our|my) (?:{_ORD} )?(?:(?:month|year) )?(?:wedding|anniversary|graduation|"
        rf"engagement|baby shower|housewarming|retirement)|{_ORD} wedding anniversary|"
        rf"(?:wedding|anniversary|graduation|housewarming|engagement|christmas|xmas|"
        rf"mother{_APOS}s day|"
        rf"father{_APOS}s day|valentine{_APOS}?s(?: day)?|retirement) (?:gifts?|presents?)|"
        rf"(?:giving|give|gave|gift|gifted|bought|buying|buy|got|purchased|ordered)\b"
        rf"[^.!?]{{0,60}}\bfor (?:christmas|xmas|mothers?{_APOS}s? day|fathers?{_APOS}s? day|"
        rf"valentine{_APOS}?s(?: day)?)|(?:just|recently) got married|(?:i|we) got married "
        rf"(?:and|last|this|yesterday|today|on)|(?:just|recently) (?:got engaged|graduated|"
        rf"had a baby)|(?:just|recently) moved (?:in|into|to|house|home|here|countries)|"
        rf"(?:i{_APOS}m|we['’]re|i am|we are) moving (?:on|this|next|tomorrow)\b|(?:our|my) "
        rf"(?:new )?baby (?:boy|girl)|our (?:first )?baby\b|getting married (?:next|this|on|"
        rf"in)|(?:we['’]re|we are|i{_APOS}m) (?:expecting (?:a baby|our|my|twins|a boy|a "
        rf"girl)|pregnant|engaged|graduating|retiring)|new (?:house|home|apartment|flat|job)|"
        rf"moving (?:house|home|into|in)|off to (?:college|uni|"
        rf"university)|on campus)\b",
        _I,
    ),
}

# Each occasion's share of right calls among the patterns' calls on the training split of
# data/labels/delight.csv, as (right + 1) / (calls + 2) so that a handful of calls does not
# read as certainty: the delight score of a post with that occasion. The patterns were
# written against those posts, so these run higher than the held-out precision (model card).
# tests/signals/test_analyzers.py recomputes them from the labels.
OCCASION_PRECISION: dict[str, float] = {
    "birthday": 0.73,
    "first_purchase": 0.86,
    "trip": 0.68,
    "loyalty": 0.96,
    "celebration": 0.71,
}

# A post that looks back (rule 2 of the guide: a memory is no occasion now) has none.
MEMORY = re.compile(
    r"\b(?:remember(?:ed)? when|throwback|#tbt|years ago|when i was (?:a kid|little|young|"
    r"younger|\d+)|(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth) grade|(?:senior|junior|sophomore|freshman) year|used to|back in (?:the "
    r"day|\d{4}|high school|college))\b",
    _I,
)

# Lower-case substrings at least one of which occurs in every match of a pattern: a text
# without any of them skips the pattern (one Aho-Corasick pass finds them all).
TRIGGERS: dict[str, tuple[str, ...]] = {
    "question": (
        "any",
        "wondering",
        "how",
        "is there",
        "please",
        "pls",
        "plz",
        "kindly",
        "help",
        "to know",
        "need",
        "can ",
        "could ",
        "advise",
        "let me know",
    ),
    "solved": (
        "work",
        "trick",
        "fixed",
        "solved",
        "helped",
        "resolved",
        "sorted",
        "good now",
        "running",
        "did it",
        "received",
    ),
    "apology": (
        "sorry",
        "apologi",
        "mistake",
        "bad",
        "fault",
        "error",
        "messed",
        "screwed",
        "wrong",
        "on us",
        "happened",
        "experience",
    ),
    "referral": (
        "recommend",
        "suggest",
        "get",
        "try",
        "buy",
        "check",
        "switch",
        "go with",
        "use",
        "pick up",
        "grab",
        "cop",
        "instead",
        "worth",
        "best",
        "look",
        "told",
        "$",
        "forget",
    ),
    "advise": (
        "get",
        "buy",
        "try",
        "purchase",
        "check out",
        "switch",
        "go with",
        "pick up",
        "grab",
        "cop",
        "invest",
        "look for",
        "order",
        "suggestion",
        "recommendation",
    ),
    "owned": (
        "sorry",
        "apologi",
        "regret",
        "happen",
        "let you down",
        "amends",
        "mistake",
        "bad",
        "fault",
        "error",
        "aware",
        "working on",
        "messed",
        "screwed",
        "wrong",
    ),
    "uninvited": ("@", "#", "just", "love", "my new", "using", "shout", "props", "kudos"),
    "thanks": (
        "thank",
        "thx",
        "thnx",
        "thnks",
        "tx",
        "ty",
        "cheers",
        "appreciate",
        "grateful",
        "gracias",
        "merci",
        "danke",
    ),
    "birthday": ("birthday", "bday", "b-day", "turning", "i turn"),
    "first_purchase": ("first", "new to"),
    "trip": (
        "honeymoon",
        "getaway",
        "holiday",
        "vacation",
        "trip",
        "visit",
        "spring break",
        "thanksgiving break",
        "easter break",
        "half term break",
        "half-term break",
    ),
    "loyalty": (
        "loyal",
        "long-time",
        "long time",
        "longtime",
        "lifelong",
        "faithful",
        "years",
        "yrs",
        "decades",
        "since",
        "i fly",
        "only fly",
        "always fly",
    ),
    "celebration": (
        "wedding",
        "anniversar",
        "graduat",
        "housewarming",
        "engage",
        "retir",
        "christmas",
        "xmas",
        "mother",
        "father",
        "valentine",
        "married",
        "moved",
        "moving",
        "expecting",
        "pregnant",
        "baby",
        "new house",
        "new home",
        "new apartment",
        "new flat",
        "new job",
        "off to",
        "campus",
    ),
}


def _lower(patterns: dict[str, re.Pattern[str]]) -> dict[str, re.Pattern[str]]:
    """The same patterns without IGNORECASE, for lower-cased text (several times faster)."""
    return {name: re.compile(rx.pattern) for name, rx in patterns.items()}


_LOWER_CUES = _lower(CUES)
_LOWER_OCCASIONS = _lower(OCCASIONS)
_LOWER_MEMORY = re.compile(MEMORY.pattern)
_LOWER_QUESTION_START = re.compile(_QUESTION_START.pattern)


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    names: dict[str, set[str]] = {}
    for name, words in TRIGGERS.items():
        for word in words:
            names.setdefault(word, set()).add(name)
    automaton = ahocorasick.Automaton()
    for word, owners in names.items():
        automaton.add_word(word, frozenset(owners))
    automaton.make_automaton()
    return automaton


def triggered(text: str) -> set[str]:
    """The patterns (cues and occasions) whose trigger words occur in ``text``."""
    found: set[str] = set()
    for _, owners in _automaton().iter(text.lower()):
        found |= owners
    return found


PLACE_COLUMNS = (  # the post's place in its thread
    "role_staff",
    "role_customer",
    "role_unknown",
    "reply_to_staff",
    "is_root",
    "accepted",
    "mentions_brand",
)
CONTEXT_COLUMNS = (*PLACE_COLUMNS, *(f"cue_{name}" for name in CUES))


def _question(low: str, found: set[str]) -> bool:
    if "?" in low or _LOWER_QUESTION_START.match(low):
        return True
    return "question" in found and _LOWER_CUES["question"].search(low) is not None


# A fix wished for, not had: "I need this issue resolved", "get it fixed asap", "until it's
# sorted", "hope that helped". Read in the 40 characters before a solved cue's match.
_WISHED = re.compile(
    r"\b(?:needs?|needed|wants?|wanted|wanting|get|gets|getting|expect(?:ing)?|demand|wish|"
    r"until|till|unless|hope|hoping|(?:try|trying) to)(?:\s+(?:this|that|the|my|our|your|it|"
    r"these|those|a|an|all|\w+'s)){0,2}\s*$"
)


# A fix that did not last, read in the same sentence after the cue's match: "it worked for a
# month or so then it stopped", "worked from the desktop, but it doesn't work from the app".
_RELAPSED = re.compile(
    r"[^.!?]{0,60}?\b(?:but|until|then|and now|now)\b[^.!?]{0,40}?\b(?:stopped|stops|quit|"
    r"died|broke|broken|failed|fails|no longer|not working|doesn'?t|does not|won'?t|isn'?t|"
    r"is not|again)\b"
)


def _wished_or_lapsed(low: str, match: re.Match[str]) -> bool:
    return (
        _WISHED.search(low, max(0, match.start() - 40), match.start()) is not None
        or _RELAPSED.match(low, match.end()) is not None
    )


# Matches of a cue that its words around them take back: a cue fires on a text when one of
# its matches is not vetoed.
_VETOES: dict[str, Callable[[str, re.Match[str]], bool]] = {"solved": _wished_or_lapsed}


def _fires(name: str, low: str) -> bool:
    """Whether cue ``name`` fires on lower-cased ``low``."""
    veto = _VETOES.get(name)
    if veto is None:
        return _LOWER_CUES[name].search(low) is not None
    return any(not veto(low, m) for m in _LOWER_CUES[name].finditer(low))


def confirms_fix(low: str) -> bool:
    """Whether lower-cased ``low`` confirms a fix (``CUES["solved"]``) anywhere it does not
    only wish for one, nor say that it did not last."""
    return _fires("solved", low)


def _cue_row(low: str, found: set[str]) -> list[bool]:
    row = [_question(low, found)]
    for name in _LOWER_CUES:
        if name != "question":
            row.append(name in found and _fires(name, low))
    return row


def cue_matrix(texts: Sequence[str], found: Sequence[set[str]] | None = None) -> np.ndarray:
    """One 0/1 column per cue (in ``CUES`` order) for each text.

    ``found`` is each text's :func:`triggered` set where a caller already has it.
    """
    found = found if found is not None else [triggered(t) for t in texts]
    rows = [_cue_row(t.lower(), f) for t, f in zip(texts, found, strict=True)]
    return np.array(rows, dtype=np.float32).reshape(len(texts), len(CUES))


def _mentions_brand(post: PostInput) -> bool:
    return bool(post.brand) and post.brand.lower().lstrip("@") in post.text.lower()


def _context_row(post: PostInput) -> tuple[float, ...]:
    return (
        float(post.role in ("staff", "brand")),
        float(post.role == "customer"),
        float(post.role is None),
        float(post.reply_to_role in ("staff", "brand")),
        float(bool(post.is_root)),
        float(post.accepted),
        float(_mentions_brand(post)),
    )


def context_matrix(
    posts: Sequence[PostInput], texts: Sequence[str], found: Sequence[set[str]] | None = None
) -> np.ndarray:
    """The dense context columns (``CONTEXT_COLUMNS``) of a batch."""
    rows = np.array([_context_row(p) for p in posts], dtype=np.float32)
    rows = rows.reshape(len(posts), len(PLACE_COLUMNS))
    return np.hstack([rows, cue_matrix(texts, found)])


def occasions(texts: Sequence[str], found: Sequence[set[str]] | None = None) -> list[str]:
    """The first delight occasion found in each text, or "none"."""
    found = found if found is not None else [triggered(t) for t in texts]
    return [_occasion(t, hits) for t, hits in zip(texts, found, strict=True)]


def _occasion(text: str, hits: set[str]) -> str:
    if hits.isdisjoint(OCCASIONS):
        return "none"
    low = text.lower()
    found = next((k for k, rx in _LOWER_OCCASIONS.items() if k in hits and rx.search(low)), "none")
    return "none" if found != "none" and _LOWER_MEMORY.search(low) else found
