"""The username convention: how a company's Contributors name their public handles.

A convention is a template such as ``{First}At{Brand}``, ``{first}@{Brand}`` or
``{name}_{Brand}`` (a suffix). Placeholders:

========================  =========================================
``{first}`` ``{First}``   the person's first name
``{last}`` ``{Last}``     the person's last name
``{f}`` ``{l}``           the first letter of the first / last name
``{name}``                any name (letters, digits, ``_`` and ``.``)
``{brand}`` ``{Brand}``   the brand, as declared
========================  =========================================

Matching ignores case, as handles do on most venues; the template's case shows how to write
a new handle (``{First}`` = ``Ann``, ``{first}`` = ``ann``, ``{FIRST}`` = ``ANN``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from goodword.errors import ConfigError

_PLACEHOLDER = re.compile(r"\{([A-Za-z]+)\}")
_PATTERNS = {
    "first": r"(?P<first>[A-Za-z]+)",
    "last": r"(?P<last>[A-Za-z]+)",
    "f": r"[A-Za-z]",
    "l": r"[A-Za-z]",
    "name": r"(?P<name>[A-Za-z0-9_.]+)",
}


@dataclass(frozen=True)
class Convention:
    """A username convention of one brand, compiled to a regular expression."""

    template: str
    brand: str
    venue: str | None = None  # None: every venue of the brand

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern a conforming handle matches in full (ignoring case)."""
        parts, seen, at = [], set(), 0
        for match in _PLACEHOLDER.finditer(self.template):
            parts.append(re.escape(self.template[at : match.start()]))
            parts.append(self._pattern(match.group(1), seen))
            at = match.end()
        parts.append(re.escape(self.template[at:]))
        return re.compile("".join(parts), re.IGNORECASE)

    def _pattern(self, placeholder: str, seen: set[str]) -> str:
        key = placeholder.lower()
        if key == "brand":
            return re.escape(self.brand)
        if key not in _PATTERNS:
            known = ", ".join("{" + k + "}" for k in (*_PATTERNS, "brand"))
            raise ConfigError(
                f"unknown placeholder {{{placeholder}}} in {self.template!r}; use {known}"
            )
        pattern = _PATTERNS[key] if key not in seen else r"[A-Za-z0-9_.]+"
        seen.add(key)
        return pattern

    def matches(self, handle: str) -> bool:
        """Whether ``handle`` follows the convention."""
        return self.regex.fullmatch(handle.lstrip("@")) is not None

    def expected(self, person: str) -> str:
        """The handle the convention gives ``person`` (e.g. "Ann Lee" → "AnnAtAcme")."""
        words = person.split()
        first, last = (words[0], words[-1]) if words else ("", "")
        values = {
            "first": first,
            "last": last,
            "f": first[:1],
            "l": last[:1],
            "name": "".join(words),
            "brand": self.brand,
        }
        return _PLACEHOLDER.sub(lambda m: _cased(m.group(1), values), self.template)

    def check(self, handle: str, person: str | None = None) -> str | None:
        """``None`` when ``handle`` conforms, else a message saying what to use instead."""
        example = self.expected(person or "Ann Lee")
        if not self.matches(handle):
            return (
                f"handle {handle!r} breaks the username convention {self.template!r} "
                f"of {self.brand}: use a handle like {example!r}"
            )
        if person and "{first}" in self.template.lower():
            first = self.regex.fullmatch(handle.lstrip("@")).groupdict().get("first")
            if first and first.lower() != person.split()[0].lower():
                return (
                    f"handle {handle!r} follows {self.template!r} but names "
                    f"{first!r}, not {person!r}: use {example!r}"
                )
        return None

    def person_of(self, handle: str) -> str | None:
        """The name a conforming handle carries ("AnnAtAcme" → "Ann"), if any."""
        match = self.regex.fullmatch(handle.lstrip("@"))
        if not match:
            return None
        groups = {k: v for k, v in match.groupdict().items() if v}
        words = [groups.get("first") or groups.get("name") or "", groups.get("last", "")]
        return " ".join(w.capitalize() for w in words if w) or None


def _cased(placeholder: str, values: dict[str, str]) -> str:
    value = values.get(placeholder.lower(), "")
    if placeholder.isupper() and len(placeholder) > 1:
        return value.upper()
    if placeholder[0].isupper():
        return value[:1].upper() + value[1:]
    return value.lower()
