"""Map what a sheet says about a skill onto the 0–5 scale (DESIGN.md section 2).

Numbers follow their column's scale (1–4, 1–5, 0–7, 1–7, 1–10, %, fractions of 1), which
a header hint fixes ("Python (1-10)", "(SFIA)", "%") or the values reveal, per column or
for the whole file. Text labels in English, German, French, Spanish, Italian, Dutch and
Portuguese map to fixed levels. Blank or "n/a" means not assessed, never 0; anything else
is unmappable and reported, never guessed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

MAX_LEVEL = 5.0


@dataclass(frozen=True)
class Scale:
    """A numeric scale ``lo..hi`` (or percent) mapped linearly onto 0–5."""

    lo: float = 0.0
    hi: float = 5.0
    kind: str = "range"  # range | percent | fraction | sfia
    source: str = "default"  # header | column | file | default | mapping

    @property
    def label(self) -> str:
        if self.kind == "percent":
            return "%"
        if self.kind == "fraction":
            return "0-1"
        if self.kind == "sfia":
            return "SFIA 1-7"
        return f"{self.lo:g}-{self.hi:g}"

    def to_json(self) -> dict[str, Any]:
        return {"lo": self.lo, "hi": self.hi, "kind": self.kind, "source": self.source}

    @classmethod
    def from_json(cls, data: dict[str, Any] | str | None) -> Scale:
        if data is None:
            return cls()
        if isinstance(data, str):
            return parse_scale_label(data) or cls()
        return cls(
            float(data.get("lo", 0)),
            float(data.get("hi", 5)),
            data.get("kind", "range"),
            data.get("source", "mapping"),
        )

    def map_array(self, values: np.ndarray) -> np.ndarray:
        """Scale raw numbers to 0–5 (no range check)."""
        if self.kind == "percent":
            return values / 20.0
        if self.kind == "fraction":
            return values * MAX_LEVEL
        if self.kind == "sfia":  # ROLE_EVIDENCE: SFIA 1-4 are our 1-4, 5-7 all our 5
            return np.minimum(values, MAX_LEVEL)
        if self.lo == 0 and self.hi == MAX_LEVEL:
            return values
        if self.lo >= 1 and self.hi > self.lo:
            return 1.0 + (values - self.lo) * (MAX_LEVEL - 1.0) / (self.hi - self.lo)
        return (values - self.lo) * MAX_LEVEL / (self.hi - self.lo)

    def accepts(self, values: np.ndarray) -> np.ndarray:
        lo, hi = (
            (0.0, 100.0)
            if self.kind == "percent"
            else (0.0, 1.0)
            if self.kind == "fraction"
            else (min(self.lo, 0.0), self.hi)
        )
        return (values >= lo) & (values <= hi)


IDENTITY = Scale()
SFIA = Scale(1, 7, "sfia", "header")

_HINT = re.compile(
    r"[\(\[]\s*(?:scale\s*)?(\d{1,3})\s*(?:-|–|to|bis|à|a)\s*(\d{1,3})\s*[\)\]]"
    r"|[\(\[]\s*(?:out of|of|/)\s*(\d{1,3})\s*[\)\]]"
    r"|\s/\s*(\d{1,3})\s*$"
    r"|[\(\[]\s*(sfia|o\*?net|%|percent|pct)\s*[\)\]]"
    r"|(%)\s*$|\bin\s*%",
    re.IGNORECASE,
)


def parse_scale_label(text: str) -> Scale | None:
    """'1-10' / '%' / 'SFIA' / '0-7' -> Scale."""
    match = _HINT.search(f"({text.strip()})")
    return _scale_from_match(match, "mapping") if match else None


def split_scale_hint(header: str) -> tuple[str, Scale | None]:
    """'Python (1-10)' -> ('Python', Scale(1, 10)); headers without a hint come back as is."""
    match = _HINT.search(header)
    if not match:
        return header.strip(), None
    scale = _scale_from_match(match, "header")
    cleaned = (header[: match.start()] + " " + header[match.end() :]).strip(" -:")
    return (cleaned.strip() or header.strip()), scale


def _scale_from_match(match: re.Match[str], source: str) -> Scale | None:
    lo, hi, out_of, slash, word, pct = match.groups()
    if word and word.lower().startswith("sfia"):
        return Scale(1, 7, "sfia", source)
    if word and word.lower().startswith("o"):
        return Scale(0, 7, "range", source)
    if word or pct or match.group(0).lower().strip().startswith("in"):
        return Scale(0, 100, "percent", source)
    if lo is not None:
        low, high = float(lo), float(hi)
        if high <= low:
            return None
        if high == 100 and low == 0:
            return Scale(0, 100, "percent", source)
        return Scale(low, high, "range", source)
    top = float(out_of or slash)
    return Scale(0, top, "range", source) if top > 0 else None


# -- text labels ----------------------------------------------------------------------------

_NOT_WORD = re.compile(r"[^\w%/.,+]+|_")


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces, spaces collapsed."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.lower().replace("ß", "ss")
    else:
        text = text.lower()
    return " ".join(_NOT_WORD.sub(" ", text).split())


_LABEL_GROUPS: dict[float, tuple[str, ...]] = {
    0: (
        "none",
        "no",
        "nil",
        "zero",
        "no knowledge",
        "no experience",
        "not applicable skill",
        "keine",
        "kein",
        "keine kenntnisse",
        "nicht vorhanden",
        "aucun",
        "aucune",
        "nul",
        "aucune connaissance",
        "ninguno",
        "ninguna",
        "nada",
        "sin conocimiento",
        "nessuno",
        "nessuna",
        "nulla",
        "geen",
        "geen kennis",
        "nenhum",
        "nenhuma",
        "sem conhecimento",
    ),
    1: (
        "awareness",
        "aware",
        "beginner",
        "novice",
        "starter",
        "entry",
        "entry level",
        "anfanger",
        "einsteiger",
        "bekannt",
        "debutant",
        "debutante",
        "notions",
        "initie",
        "sensibilise",
        "principiante",
        "novato",
        "novata",
        "inicial",
        "iniziale",
        "beginnend",
        "starter nl",
        "iniciante",
        "aprendiz",
        "consapevole",
        "emerging",
        "unsatisfactory",
        "does not meet expectations",
        "does not meet",
        "below expectations",
        "not meeting expectations",
        "unzureichend",
    ),
    2: (
        "basic",
        "basics",
        "elementary",
        "foundation",
        "fundamental",
        "limited",
        "junior",
        "grundkenntnisse",
        "grundlagen",
        "basis",
        "basiswissen",
        "elementaire",
        "de base",
        "base",
        "basique",
        "basico",
        "basica",
        "elemental",
        "elementare",
        "di base",
        "basisch",
        "basiskennis",
        "elementar",
        "fundamentos",
        "developing",
        "foundational",
        "needs improvement",
        "needs development",
        "partially meets expectations",
        "partially meets",
        "partly meets expectations",
        "improvement needed",
        "entwicklungsbedarf",
    ),
    3: (
        "intermediate",
        "intermed",
        "inter",
        "competent",
        "working knowledge",
        "practitioner",
        "proficient",
        "medium",
        "moderate",
        "average",
        "good",
        "mittel",
        "mittelstufe",
        "gut",
        "gute kenntnisse",
        "solide",
        "anwender",
        "intermediaire",
        "confirme",
        "moyen",
        "bon",
        "intermedio",
        "intermedia",
        "medio",
        "bueno",
        "competente",
        "buono",
        "gemiddeld",
        "redelijk",
        "goed",
        "intermediario",
        "intermediaria",
        "bom",
        "mediano",
        "skilled",
        "capable",
        "meets expectations",
        "fully meets expectations",
        "meets",
        "fully meets",
        "solid performer",
        "erfullt die erwartungen",
        "erfullt erwartungen",
        "erfullt",
    ),
    4: (
        "advanced",
        "adv",
        "adv.",
        "senior",
        "very good",
        "strong",
        "highly proficient",
        "fortgeschritten",
        "sehr gut",
        "sehr gute kenntnisse",
        "profi",
        "avance",
        "avancee",
        "tres bon",
        "maitrise",
        "avanzado",
        "avanzada",
        "muy bueno",
        "avanzato",
        "avanzata",
        "ottimo",
        "gevorderd",
        "zeer goed",
        "avancado",
        "avancada",
        "muito bom",
        "highly skilled",
        "accomplished",
        "exceeds expectations",
        "exceeds",
        "fluent",
        "verhandlungssicher",
        "fliessend",
        "ubertrifft die erwartungen",
        "ubertrifft erwartungen",
    ),
    5: (
        "expert",
        "expertise",
        "master",
        "guru",
        "authority",
        "lead expert",
        "experte",
        "meister",
        "spezialist",
        "expert fr",
        "experto",
        "experta",
        "maestro",
        "esperto",
        "esperta",
        "specialista",
        "deskundige",
        "specialist",
        "especialista",
        "mestre",
        "perito",
        "role model",
        "outstanding",
        "exceptional",
        "far exceeds expectations",
        "significantly exceeds expectations",
        "consistently exceeds expectations",
        "native",
        "native speaker",
        "muttersprache",
        "vorbild",
        "herausragend",
    ),
}
LABELS: dict[str, float] = {
    label: float(level) for level, labels in _LABEL_GROUPS.items() for label in labels
}

# SFIA's seven levels of responsibility by their names, mapped by its table (1-4 -> 1-4,
# 5-7 -> 5; ROLE_EVIDENCE.md): a sheet naming them is rated on SFIA.
SFIA_LABELS: dict[str, float] = {
    "follow": 1,
    "assist": 2,
    "apply": 3,
    "enable": 4,
    "ensure advise": 5,
    "ensure, advise": 5,
    "ensure and advise": 5,
    "ensure": 5,
    "advise": 5,
    "initiate influence": 5,
    "initiate, influence": 5,
    "initiate and influence": 5,
    "initiate": 5,
    "influence": 5,
    "set strategy": 5,
    "set strategy inspire mobilise": 5,
    "set strategy, inspire, mobilise": 5,
    "set strategy, inspire, mobilize": 5,
    "set strategy inspire mobilize": 5,
}
SFIA_NUMBERS = {
    "follow": 1,
    "assist": 2,
    "apply": 3,
    "enable": 4,
    "ensure": 5,
    "advise": 5,
    "initiate": 6,
    "influence": 6,
    "set": 7,
}

# Values that mean "not assessed" (no rating, no warning).
NOT_ASSESSED = frozenset(
    {
        "n/a",
        "n a",
        "na",
        "n.a.",
        "n.a",
        "-",
        "--",
        "?",
        "unknown",
        "not assessed",
        "not rated",
        "tbd",
        "k.a.",
        "k.a",
        "k a",
        "keine angabe",
        "nicht bewertet",
        "nc",
        "n.c.",
        "non evalue",
        "non renseigne",
        "s/o",
        "no evaluado",
        "sin evaluar",
        "nd",
        "n.d.",
        "non valutato",
        "nvt",
        "n.v.t.",
        "niet beoordeeld",
        "nao avaliado",
        "#n/a",
        "null",
        "none given",
        "blank",
    }
)

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_PREFIXED = re.compile(
    r"^(?:level|lvl|lv|l|stufe|niveau|nivel|livello|nivel|grade|note)\s*(\d+(?:[.,]\d+)?)$"
)
_LEADING = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:[-–:=)]|\s)\s*([^\d].*)$")
_FRACTION = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:/|of|von|sur|de|di|van)\s*(\d+(?:[.,]\d+)?)$")
_PERCENT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*%$")
_LEVEL_WORD = re.compile(r"^(?:level|lvl|stufe|niveau|nivel|livello|sfia)\s+(?=\d)")
# "Proficient (3)", "Advanced - 4", "Expert: 5" once folded: a level word, then its number.
_TRAILING = re.compile(r"^(\D+?)\s+(\d+(?:[.,]\d+)?)$")
STARS_FILLED = frozenset("★●■◆⬤◉✪")
STARS_EMPTY = frozenset("☆○□◇◯")


def stars_of(text: str) -> tuple[int, int] | None:
    """(filled, out of) for ratings drawn as symbols: '★★★☆☆' -> (3, 5), '●●' -> (2, 0)
    (no empty symbol: out of unknown). None for any other text."""
    filled = empty = 0
    for ch in text:
        if ch in STARS_FILLED:
            filled += 1
        elif ch in STARS_EMPTY:
            empty += 1
        elif not ch.isspace():
            return None
    if not filled and not empty:
        return None
    return filled, (filled + empty if empty else 0)


def trailing_number(folded: str) -> float | None:
    """The number after a level word ('proficient 3' from 'Proficient (3)'), else None."""
    match = _TRAILING.match(folded)
    if match and (match.group(1) in LABELS or match.group(1) in SFIA_LABELS):
        return float(match.group(2).replace(",", "."))
    return None


def number_of(value: Any) -> float | None:
    """A finite number from a cell (int, float, or text like '3', '3,5'), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        text = value.strip()
        if _NUMBER.match(text):
            return float(text.replace(",", "."))
    return None


@dataclass(frozen=True)
class Parsed:
    """One cell's outcome: ``level`` None with ``note`` '' = not assessed."""

    level: float | None
    note: str = ""
    mapped: bool = False  # True when the raw value differs from the stored level


def parse_level(value: Any, scale: Scale = IDENTITY) -> Parsed:
    """Map one raw cell onto 0–5 using the column's scale; never raises."""
    if value is None:
        return Parsed(None)
    if isinstance(value, bool):
        return Parsed(None, f"a yes/no value ({value}) is not a level")
    number = number_of(value)
    if number is None and isinstance(value, int | float):
        return Parsed(None, f"{value!r} is not a number a level can be made of")
    if number is not None:
        return _from_number(number, scale, value)
    if not isinstance(value, str):
        return Parsed(None, f"a {type(value).__name__} ({value}) is not a level")
    stars = stars_of(value)
    if stars is not None:  # "★★★☆☆": 3 of 5; "★★★" alone: 3 on the column's scale
        filled, out_of = stars
        if out_of:
            return Parsed(round(filled / out_of * MAX_LEVEL, 2), mapped=True)
        return _from_number(float(filled), scale, value)
    text = fold(value)
    if not text and value.strip(" -–—‐‒―.?*_\t\r\n\xa0"):  # "✓", "→": no dash or blank
        return Parsed(None, f"{_clip(value)!r} is not a level this importer understands")
    if not text or text in NOT_ASSESSED:
        return Parsed(None)
    if text in LABELS:
        return Parsed(LABELS[text], mapped=True)
    if text in SFIA_LABELS:
        return Parsed(float(SFIA_LABELS[text]), mapped=True)
    match = _PERCENT.match(text)
    if match:
        return _from_number(
            float(match.group(1).replace(",", ".")), Scale(0, 100, "percent"), value
        )
    match = _FRACTION.match(text)
    if match:
        top = float(match.group(2).replace(",", "."))
        part = float(match.group(1).replace(",", "."))
        if top > 0 and 0 <= part <= top:
            return Parsed(round(part / top * MAX_LEVEL, 2), mapped=True)
        return Parsed(None, f"{value!r} is not a valid fraction")
    match = _PREFIXED.match(text)
    if match:
        return _from_number(float(match.group(1).replace(",", ".")), scale, value)
    match = _LEADING.match(_LEVEL_WORD.sub("", text))
    if match:  # "3 - Intermediate", "Level 5 - Ensure, advise": the number counts
        return _from_number(float(match.group(1).replace(",", ".")), scale, value)
    number = trailing_number(text)
    if number is not None:  # "Proficient (3)": the number counts, as above
        return _from_number(number, scale, value)
    first = text.split(" ")[0].rstrip(".")
    if first in LABELS and len(text.split(" ")) <= 3:
        return Parsed(LABELS[first], mapped=True)
    return Parsed(None, f"{_clip(value)!r} is not a level this importer understands")


def _from_number(number: float, scale: Scale, raw: Any) -> Parsed:
    arr = np.array([number])
    if not scale.accepts(arr)[0]:
        return Parsed(None, f"{_clip(raw)!r} is outside the column's scale {scale.label}")
    level = float(np.round(scale.map_array(arr)[0], 2))
    level = min(MAX_LEVEL, max(0.0, level))
    return Parsed(level, mapped=not (isinstance(raw, int | float) and level == number))


def value_key(value: Any) -> str:
    """How a raw cell is named in the user's overrides: 7.0 and '7' -> '7', text folded."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    return fold(text) or " ".join(text.split())  # "★★★☆☆" folds to nothing: kept as is


def _clip(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


# -- scale detection ------------------------------------------------------------------------


def numeric_profile(values: Sequence[Any]) -> tuple[int, int, float, float, bool, int]:
    """(numbers, labels, min, max, all_integers, percent_texts) over a column's cells."""
    numbers = plain_numbers(values)
    if numbers is not None:
        finite = numbers[np.isfinite(numbers)]
        if not len(finite):
            return 0, 0, math.inf, -math.inf, True, 0
        return (
            len(finite),
            0,
            float(finite.min()),
            float(finite.max()),
            bool((finite == np.floor(finite)).all()),
            0,
        )
    count = labels = percents = 0
    low, high, integers = math.inf, -math.inf, True
    for value in values:
        number = number_of(value)
        if number is not None:
            count += 1
            low, high = min(low, number), max(high, number)
            integers = integers and number.is_integer()
        elif isinstance(value, str):
            stars = stars_of(value)
            if stars is not None:  # "★★★☆☆" carries its own scale; "★★★" is a number
                if stars[1]:
                    labels += 1
                else:
                    count += 1
                    low, high = min(low, stars[0]), max(high, stars[0])
                continue
            text = fold(value)
            if text.endswith("%"):
                percents += 1
            elif text in LABELS or text in NOT_ASSESSED or text in SFIA_LABELS:
                labels += 1
            else:  # "Level 3", "4 - Advanced", "Advanced (4)": the number shows the scale
                match = _PREFIXED.match(text) or _LEADING.match(_LEVEL_WORD.sub("", text))
                number = float(match.group(1).replace(",", ".")) if match else (
                    trailing_number(text))
                if number is not None:
                    count += 1
                    low, high = min(low, number), max(high, number)
                    integers = integers and number.is_integer()
    return count, labels, low, high, integers, percents


def scale_for_range(low: float, high: float, integers: bool, source: str) -> Scale | None:
    """The smallest usual scale that holds [low, high]; None if no usual scale does."""
    if low < 0:
        return None
    if high <= 1 and not integers:
        return Scale(0, 1, "fraction", source)
    if high <= 5:
        return Scale(0, 5, "range", source)
    if high <= 7:
        return Scale(1 if low >= 1 else 0, 7, "range", source)
    if high == 8 and integers:  # Degreed's and other LXPs' eight levels: 8 is the top
        return Scale(1 if low >= 1 else 0, 8, "range", source)
    if high <= 10:
        return Scale(1 if low >= 1 else 0, 10, "range", source)
    if high <= 100:
        return Scale(0, 100, "percent", source)
    return None


_PLAIN = frozenset({float, int, type(None)})


def plain_numbers(values: Sequence[Any]) -> np.ndarray | None:
    """The cells as float64 (None -> NaN) when every one is an int, float or None."""
    if not set(map(type, values)) <= _PLAIN:
        return None
    return np.array(values, dtype=np.float64)


def floats_of_objects(column: np.ndarray) -> np.ndarray | None:
    """An object column as float64 (None -> NaN) when every cell is a number (or a
    number's text, as np.array reads it); None when a cell is other text."""
    try:
        return column.astype(np.float64)
    except TypeError:  # empty cells (None)
        pass
    except ValueError:  # text
        return None
    filled = np.where(column == None, np.nan, column)  # noqa: E711 (elementwise)
    try:
        return filled.astype(np.float64)
    except (TypeError, ValueError):
        return None


def levels_for_column(
    values: Sequence[Any], scale: Scale, floats: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, list[tuple[int, Parsed]]]:
    """Levels of one column, vectorised when the cells are plain numbers.

    Args:
        floats: the column already read as float64, if the caller did (as
            :func:`floats_of_objects` reads an object column).

    Returns:
        (levels float64 with NaN = none, mapped bool mask, [(row index, Parsed)] for cells
        that needed the slow path: text, out of range or unmappable).
    """
    n = len(values)
    if isinstance(values, np.ndarray) and values.dtype == object:
        raw = floats if floats is not None else floats_of_objects(values)
        has_bool = raw is None or any(type(v) is bool for v in values[:50].tolist())
    else:
        try:
            raw = np.array(values, dtype=np.float64)  # None -> NaN; text raises
            if raw.ndim != 1:
                raise ValueError
            has_bool = any(type(v) is bool for v in values[:50])
        except (TypeError, ValueError):
            raw, has_bool = None, True
    if raw is not None and not has_bool:
        present = ~np.isnan(raw)
        finite = np.isfinite(raw)
        ok = finite & scale.accepts(np.where(finite, raw, -1.0))
        levels = np.full(n, np.nan)
        levels[ok] = np.clip(np.round(scale.map_array(raw[ok]), 2), 0, MAX_LEVEL)
        mapped = ok & (levels != raw)
        slow = [(int(i), parse_level(values[i], scale)) for i in np.flatnonzero(present & ~ok)]
        return levels, mapped, slow
    levels = np.full(n, np.nan)
    mapped = np.zeros(n, dtype=bool)
    slow = []
    for i, value in enumerate(values):
        if value is None:
            continue
        parsed = parse_level(value, scale)
        if parsed.level is not None and not parsed.note:
            levels[i] = parsed.level
            mapped[i] = parsed.mapped
        elif parsed.note:
            slow.append((i, parsed))
    return levels, mapped, slow
