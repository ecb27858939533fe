"""Turn templates and vocabulary into varied post texts."""

from __future__ import annotations

import random
from collections.abc import Sequence

from goodword.demo import company, phrases
from goodword.demo.world import pick

ACTION_SCENARIOS = ("orders/shipping", "repair/warranty", "billing/refund")


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class Phrasebook:
    """Writes post texts from ``phrases`` with one seeded random source."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def mention(self, sku: str) -> str:
        """How a customer names a product: its name, or one of its aliases."""
        item = company.product(sku)
        if self.rng.random() < 0.55:
            return item.name
        return pick(self.rng, item.aliases)

    def write(
        self,
        templates: Sequence[str],
        *,
        sku: str | None = None,
        scenario: str | None = None,
        at: str = "",
        p2: str | None = None,
        name: str = "",
    ) -> str:
        """One template from ``templates`` with its slots filled."""
        template = pick(self.rng, templates)
        return template.format(**self._slots(template, sku, scenario, at, p2, name)).strip()

    def _slots(
        self,
        template: str,
        sku: str | None,
        scenario: str | None,
        at: str,
        p2: str | None,
        name: str,
    ) -> dict[str, str]:
        slots = {"at": at, "name": name, "brand_name": company.BRAND}
        slots["p"] = self.mention(sku) if sku and "{p}" in template else ""
        slots["p2"] = self.mention(p2) if p2 else ""
        slots["e"] = pick(self.rng, phrases.EMOJI)
        slots.update(self._scenario_slots(template, scenario))
        slots.update(self._praise_slots(template))
        return slots

    def _scenario_slots(self, template: str, scenario: str | None) -> dict[str, str]:
        if scenario is None:
            return {}
        issue = pick(self.rng, phrases.ISSUES[scenario])
        fix = pick(self.rng, phrases.FIXES[scenario])
        mistake = pick(self.rng, phrases.MISTAKES[scenario])
        return {
            "issue": issue,
            "issue_cap": capitalised(issue),
            "fix": fix,
            "fix_cap": capitalised(fix),
            "mistake": mistake,
        }

    def _praise_slots(self, template: str) -> dict[str, str]:
        if "{praise" not in template:
            return {}
        first, second = self.rng.sample(phrases.PRAISE_WORDS, 2)
        return {"praise": first, "praise2": second}

    def staff_reply(self, sku: str, scenario: str, at: str) -> str:
        """A staff member's answer fitting the scenario: an instruction or an action taken."""
        if scenario in ACTION_SCENARIOS:
            return self.write(phrases.STAFF_FIX, sku=sku, scenario=scenario, at=at)
        return self.write(phrases.STAFF_ANSWER, sku=sku, scenario=scenario, at=at)

    def title(self, sku: str, scenario: str) -> str:
        return self.write(phrases.TITLES[scenario], sku=sku, scenario=scenario)


def customer_name(rng: random.Random) -> str:
    """A reviewer's name as review sites show it: first name and an initial."""
    return f"{pick(rng, phrases.FIRST_NAMES)} {pick(rng, phrases.LAST_INITIALS)}."


def forum_nick(rng: random.Random) -> str:
    """A forum display name like ``crema_lou42``."""
    word = pick(rng, phrases.NICK_WORDS)
    first = pick(rng, phrases.FIRST_NAMES).lower()
    return f"{word}_{first}{rng.randrange(10, 99)}"
