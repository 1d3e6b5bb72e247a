"""Match a header or a skill name written in a sheet to a catalog skill.

Tried in order, each step less sure than the one before: the folded name, id or alias;
the same without spaces and punctuation; each part of a slashed, bracketed or "and"-joined
name ("Imaging / Radiology"); abbreviations and truncations ("Data Vis.", "Proj. Mgmt");
the longest catalog name whose words all occur in the header ("Employment Contract Law",
"Derecho mercantil") or that ends a compound ("Vertragsrecht"); then a close spelling.
What matches nothing gets the closest catalog skills as suggestions, for the report.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from planner.catalog.model import Catalog
from planner.importing.headers import filler_free, header_words, skill_texts
from planner.importing.levels import fold

_PARTS = re.compile(
    r"\s*(?:/|\\|&|\+|;|,|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bor\b)"
    r"\s*",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\s*[\(\[]([^()\[\]]*)[\)\]]\s*")
_STOP = frozenset(
    [
        "the",
        "of",
        "and",
        "in",
        "for",
        "de",
        "la",
        "le",
        "les",
        "du",
        "des",
        "del",
        "el",
        "y",
        "e",
        "di",
        "da",
        "do",
        "dos",
        "das",
        "van",
        "het",
        "en",
        "der",
        "die",
        "das",
        "und",
        "et",
        "a",
        "an",
        "to",
        "with",
    ]
)
# Common abbreviations in HR sheets, expanded before matching.
_ABBREVIATIONS = {
    "mgmt": "management",
    "mgt": "management",
    "mngt": "management",
    "dev": "development",
    "eng": "engineering",
    "vis": "visualisation",
    "viz": "visualisation",
    "comm": "communication",
    "comms": "communication",
    "admin": "administration",
    "ml": "machine learning",
    "dl": "deep learning",
    "ai": "ai",
    "stats": "statistics",
    "anal": "analysis",
    "prog": "programming",
    "sw": "software",
    "qa": "quality assurance",
    "pm": "project management",
    "ux": "ux",
    "nlp": "nlp",
    "hr": "hr",
    "fin": "finance",
    "acct": "accounting",
    "info": "information",
    "sec": "security",
}


FUZZY_HEADERS = 400  # headers per sheet that get the tolerant steps
SUGGESTED_HEADERS = 100  # unmatched headers per sheet that get closest skills
MAX_FUZZY_CHARS = 80


@dataclass(frozen=True)
class SkillMatch:
    """A catalog skill for a text, how sure, and which part of the text matched."""

    skill: str | None
    confidence: float
    matched: str = ""
    how: str = ""


def _grams(text: str) -> set[str]:
    squeezed = re.sub(r"[\W_]", "", text)
    return {squeezed[i : i + 3] for i in range(len(squeezed) - 2)}


def _plural(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def _content(words: list[str]) -> tuple[str, ...]:
    return tuple(_plural(w) for w in words if w not in _STOP)


class SkillIndex:
    """Folded catalog names, ids and aliases -> skill id, with tolerant lookup."""

    def __init__(self, catalog: Catalog) -> None:
        self.names: dict[str, str] = {}
        self.display: dict[str, str] = {}
        for skill in catalog.skills.values():
            self.display[skill.id] = skill.name
            for text in (skill.name, skill.id.replace("_", " "), *skill.aliases):
                key = fold(text)
                if key:
                    self.names.setdefault(key, skill.id)
                # "Medical image interpretation (radiology)": its parts are names too.
                for part in _BRACKETS.findall(text):
                    if len(fold(part)) >= 4:
                        self.names.setdefault(fold(part), skill.id)
                stripped = fold(_BRACKETS.sub(" ", text))
                if stripped:
                    self.names.setdefault(stripped, skill.id)
        self._keys = list(self.names)
        self._squeezed = {re.sub(r"[\W_]", "", k): s for k, s in self.names.items()}
        self._words = {k: _content(header_words(k)) for k in self._keys}
        self._by_prefix: dict[str, set[str]] = {}  # first 4 letters of a word -> names
        for key, words in self._words.items():
            for word in words:
                self._by_prefix.setdefault(word[:4], set()).add(key)
        self._by_gram: dict[str, list[str]] = {}  # three letters -> names holding them
        for key in self._keys:
            for gram in _grams(key):
                self._by_gram.setdefault(gram, []).append(key)
        self._cache: dict[str, SkillMatch] = {}
        # The tolerant steps cost a few ms a header: a sheet of thousands of unknown
        # columns gets them for its first columns only, and exact matching for the rest.
        self.fuzzy_left = FUZZY_HEADERS
        self.suggest_left = SUGGESTED_HEADERS

    def match(self, header: str) -> tuple[str | None, float]:
        found = self.find(header)
        return found.skill, found.confidence

    def find(self, header: str) -> SkillMatch:
        """The best catalog skill for a header or skill name (a survey question too)."""
        if header not in self._cache:
            best = SkillMatch(None, 0.0)
            for rank, text in enumerate(skill_texts(header) or [header]):
                found = self._find_one(text)
                if found.skill and found.confidence - 0.02 * rank > best.confidence:
                    best = SkillMatch(found.skill, found.confidence - 0.02 * rank, text, found.how)
                if best.confidence >= 0.97:
                    break
            self._cache[header] = best
        return self._cache[header]

    def _find_one(self, text: str) -> SkillMatch:
        key = fold(text)
        if not key:
            return SkillMatch(None, 0.0)
        if key in self.names:
            return SkillMatch(self.names[key], 1.0, text, "name")
        squeezed = re.sub(r"[\W_]", "", key)
        if squeezed in self._squeezed:
            return SkillMatch(self._squeezed[squeezed], 0.98, text, "name")
        bare = filler_free(text)
        if bare and bare != key and bare in self.names:
            return SkillMatch(self.names[bare], 0.95, text, "name")
        parts = self._parts(text)
        if parts:
            return parts
        if self.fuzzy_left <= 0 or len(key) > MAX_FUZZY_CHARS:
            return SkillMatch(None, 0.0)
        self.fuzzy_left -= 1
        for step in (self._abbreviation, self._contained, self._compound, self._close):
            found = step(bare or key)
            if found.skill:
                return found
        return SkillMatch(None, 0.0)

    def _parts(self, text: str) -> SkillMatch | None:
        """'Imaging / Radiology', 'Python & SQL', 'Legal (contracts)': the parts."""
        pieces = [p for p in _PARTS.split(_BRACKETS.sub(" / ", text)) if p and p.strip()]
        if len(pieces) < 2:
            return None
        found = [self._find_one(p) for p in pieces if len(fold(p)) >= 2]
        hits = [f for f in found if f.skill and f.confidence >= 0.8]
        if not hits:
            return None
        skills = {f.skill for f in hits}
        best = max(hits, key=lambda f: f.confidence)
        sure = 0.9 if len(skills) == 1 else 0.7
        return SkillMatch(best.skill, min(sure, best.confidence), text, "part")

    def _abbreviation(self, key: str) -> SkillMatch:
        """Each word a prefix of the catalog name's words in order ('data vis' -> 'data
        visualisation & storytelling'), after expanding usual abbreviations."""
        words = []
        for w in header_words(key):
            words.extend(_ABBREVIATIONS.get(w, w).split())
        words = [w for w in words if w not in _STOP]
        if not words or sum(len(w) for w in words) < 4:
            return SkillMatch(None, 0.0)
        hits: dict[str, int] = {}
        for name, name_words in self._words.items():
            if len(name_words) < len(words):
                continue
            if all(nw.startswith(w) for w, nw in zip(words, name_words, strict=False)):
                skill = self.names[name]
                hits[skill] = min(hits.get(skill, 99), len(name_words) - len(words))
        if len(hits) == 1 or (
            hits
            and len(set(hits.values())) > 1
            and sorted(hits.values())[0] < sorted(hits.values())[1]
        ):
            skill = min(hits, key=hits.__getitem__)
            return SkillMatch(skill, 0.85, key, "abbreviation")
        return SkillMatch(None, 0.0)

    def _contained(self, key: str) -> SkillMatch:
        """The longest catalog name whose words all occur in the text."""
        words = set(_content(header_words(key)))
        if not words:
            return SkillMatch(None, 0.0)
        best: tuple[int, str] | None = None
        tie = False
        for name, name_words in self._words.items():
            if not name_words or not set(name_words) <= words:
                continue
            size = sum(len(w) for w in name_words)
            if size < 4:
                continue
            if best is None or size > best[0]:
                best, tie = (size, self.names[name]), False
            elif size == best[0] and self.names[name] != best[1]:
                tie = True
        if best is None or tie:
            return SkillMatch(None, 0.0)
        share = best[0] / max(1, sum(len(w) for w in words))
        return SkillMatch(best[1], 0.7 + 0.2 * min(1.0, share), key, "words")

    def _compound(self, key: str) -> SkillMatch:
        """A one-word name that starts or ends with a catalog word ('Vertragsrecht')."""
        words = header_words(key)
        if len(words) != 1 or len(words[0]) < 8:
            return SkillMatch(None, 0.0)
        word = words[0]
        best: tuple[int, str] | None = None
        for name, name_words in self._words.items():
            if len(name_words) != 1 or len(name) < 5 or name == word:
                continue
            if (word.endswith(name) or word.startswith(name)) and (
                best is None or len(name) > best[0]
            ):
                best = (len(name), self.names[name])
        if best is None:
            return SkillMatch(None, 0.0)
        return SkillMatch(best[1], 0.7, key, "compound")

    def _close(self, key: str) -> SkillMatch:
        if len(key) < 5:
            return SkillMatch(None, 0.0)
        best, best_ratio = "", 0.0
        for name in self._spelled_like(key, 10):
            ratio = difflib.SequenceMatcher(None, key, name).ratio()
            if ratio > best_ratio:
                best, best_ratio = name, ratio
        # A near spelling of a long enough word with the same start: "Statistcs", not
        # "Status" for "stats".
        if best_ratio >= 0.85 and len(key) >= 7 and key[:2] == best[:2]:
            return SkillMatch(self.names[best], best_ratio, key, "spelling")
        return SkillMatch(None, 0.0)

    def _spelled_like(self, key: str, n: int) -> list[str]:
        """The names sharing the most three-letter pieces with ``key`` (cheap candidates
        for a spelling comparison)."""
        shared: Counter[str] = Counter()
        for gram in _grams(key):
            shared.update(self._by_gram.get(gram, ()))
        return [name for name, _count in shared.most_common(n)]

    def suggest(self, header: str, n: int = 3) -> list[str]:
        """The catalog skill names closest to a header that matched nothing."""
        if self.suggest_left <= 0:
            return []
        self.suggest_left -= 1
        scores: dict[str, float] = {}
        for text in (skill_texts(header) or [header])[:3]:
            key = (filler_free(text) or fold(text))[:MAX_FUZZY_CHARS]
            words = set(_content(header_words(key)))
            near = {k for w in words if len(w) >= 3 for k in self._by_prefix.get(w[:4], ())}
            if len(near) < 3:  # no shared word: a misspelling, perhaps
                near.update(self._spelled_like(key, 8))
            for name in near:
                ratio = difflib.SequenceMatcher(None, key, name).ratio()
                name_words = set(self._words[name])
                overlap = len(words & name_words) / max(1, len(words | name_words))
                prefix = any(
                    a[:4] == b[:4] for a in words for b in name_words if len(a) >= 4 and len(b) >= 4
                )
                score = max(ratio, overlap + 0.3 if overlap else 0.0) + (0.15 if prefix else 0)
                skill = self.names[name]
                scores[skill] = max(scores.get(skill, 0.0), score)
        ranked = sorted(scores, key=lambda s: -scores[s])
        return [self.display[s] for s in ranked[:n] if scores[s] >= 0.35]
