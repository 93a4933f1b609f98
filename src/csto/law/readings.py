"""The law's open questions, the readings each admits, and profiles that choose among them.

Like the Diplomacy adjudicators' list of rule ambiguities, the catalogue names every point
where the instruments (as far as we could read them) support more than one answer. Each
:class:`Reading` has a stable id, the articles it concerns, its :class:`Option` s with their
sources (or a plain "no source read"), what practice suggests, and the documented episodes
that turn on it. A :class:`Profile` picks one option per reading; rules
ask the profile, and the engine re-judges under the other options to show what would change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from csto.errors import UnknownIdError
from csto.law.texts import ArticleRef
from csto.record.events import Citation

__all__ = ["NO_SOURCE", "Catalogue", "Option", "Profile", "Reading", "ReadingArticle"]


@dataclass(frozen=True, slots=True)
class ReadingArticle:
    instrument: str
    article: str

    @property
    def ref(self) -> ArticleRef:
        return ArticleRef(self.instrument, self.article)


#: how an option without sources must say so (in its ``note``), plainly
NO_SOURCE = "no source read"


@dataclass(frozen=True, slots=True)
class Option:
    """One answer to a reading's question, in our words, with who supports it; an option that
    no source we read supports says so in its ``note`` (which then contains
    :data:`NO_SOURCE`)."""

    id: str
    says: str
    sources: tuple[Citation, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    id: str
    question: str
    articles: tuple[ReadingArticle, ...]
    options: tuple[Option, ...]
    why_open: str
    practice: str | None = None
    sources: tuple[Citation, ...] = ()
    #: the documented episodes (``csto.cases`` ids) whose outcome turns on this question
    episodes: tuple[str, ...] = ()

    def option(self, option_id: str) -> Option:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        raise UnknownIdError(
            f"reading {self.id!r} has no option {option_id!r}; its options: "
            + ", ".join(o.id for o in self.options)
        )


@dataclass(frozen=True, slots=True)
class Profile:
    """A choice of one option for every reading (``choices``: reading id -> option id)."""

    id: str
    title: str
    description: str
    choices: dict[str, str] = field(default_factory=dict)

    def choice(self, reading_id: str) -> str:
        try:
            return self.choices[reading_id]
        except KeyError:
            raise UnknownIdError(
                f"profile {self.id!r} chooses no option for reading {reading_id!r}"
            ) from None

    def overriding(self, reading_id: str, option_id: str) -> Profile:
        """This profile with one reading answered otherwise."""
        choices = dict(self.choices)
        choices[reading_id] = option_id
        return Profile(f"{self.id}+{reading_id}={option_id}", self.title, self.description, choices)


class Catalogue:
    """The readings, by id, and the profiles, by id; checks that every profile is complete."""

    def __init__(self, readings: Iterable[Reading], profiles: Iterable[Profile]) -> None:
        self.readings: Mapping[str, Reading] = {r.id: r for r in readings}
        self.profiles: Mapping[str, Profile] = {p.id: p for p in profiles}

    def reading(self, reading_id: str) -> Reading:
        try:
            return self.readings[reading_id]
        except KeyError:
            raise UnknownIdError(
                f"no reading {reading_id!r}; known: " + ", ".join(sorted(self.readings))
            ) from None

    def profile(self, profile_id: str) -> Profile:
        try:
            return self.profiles[profile_id]
        except KeyError:
            raise UnknownIdError(
                f"no interpretation profile {profile_id!r}; known: "
                + ", ".join(sorted(self.profiles))
            ) from None

    def problems(self) -> list[str]:
        """What is inconsistent: a profile that skips a reading or names an unknown option."""
        out: list[str] = []
        for profile in self.profiles.values():
            for reading in self.readings.values():
                chosen = profile.choices.get(reading.id)
                if chosen is None:
                    out.append(f"profile {profile.id!r} chooses nothing for {reading.id!r}")
                elif chosen not in {o.id for o in reading.options}:
                    out.append(
                        f"profile {profile.id!r} chooses {chosen!r} for {reading.id!r}, which "
                        "is not one of its options: " + ", ".join(o.id for o in reading.options)
                    )
            for reading_id in profile.choices:
                if reading_id not in self.readings:
                    out.append(f"profile {profile.id!r} names unknown reading {reading_id!r}")
        return out
