"""Which column holds what: employee fields, skills (matched to the catalog), levels.

A :class:`Mapping` is what the wizard shows and the user corrects; it is saved as JSON
(``--mapping``/``--save-mapping``) and remembered per layout signature (the folded
header texts) in the workspace's ``import_mappings`` table.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.catalog.model import Catalog
from planner.importing.layout import Table
from planner.importing.levels import (
    IDENTITY,
    LABELS,
    NOT_ASSESSED,
    Scale,
    fold,
    number_of,
    numeric_profile,
    scale_for_range,
    split_scale_hint,
)

EMPLOYEE_ROLES = ("employee_id", "name", "first_name", "last_name", "email", "department",
                  "job_title", "site", "manager", "weekly_hours", "rater")
ROLES = (*EMPLOYEE_ROLES, "skill_name", "level", "attribute", "ignore", "unknown_skill")

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employee id", "emp id", "empid", "employee no", "employee number", "employee nr",
        "emp no", "emp nr", "emp number", "emp code",
        "employee key", "employee code", "staff id", "staff number", "staff no", "worker id",
        "person id", "personnel number", "personnel no", "id", "emplid", "badge", "hr id",
        "personalnummer", "personal nr", "pers nr", "personalnr", "mitarbeiter id",
        "mitarbeiternummer", "ma nr", "matricule", "id employe", "numero employe",
        "numero d employe", "id empleado", "numero de empleado", "legajo", "matricola",
        "id dipendente", "codice dipendente", "personeelsnummer", "medewerker id",
        "werknemer id", "personeelsnr", "id funcionario", "matricula", "numero funcionario"),
    "name": (
        "name", "full name", "employee name", "employee", "staff name", "person",
        "display name", "mitarbeiter", "mitarbeitername", "vollstandiger name", "nom",
        "nom complet", "prenom nom", "nom prenom", "collaborateur", "nombre",
        "nombre completo", "empleado", "nome", "nome completo", "dipendente", "naam",
        "volledige naam", "medewerker", "funcionario", "colaborador"),
    "first_name": ("first name", "given name", "forename", "vorname", "prenom", "nombre de pila",
                   "voornaam", "primeiro nome"),
    "last_name": ("last name", "surname", "family name", "nachname", "familienname",
                  "nom de famille", "apellido", "apellidos", "cognome", "achternaam", "sobrenome",
                  "apelido"),
    "email": ("email", "e mail", "mail", "email address", "e mail address", "work email",
              "business email", "courriel", "adresse email", "correo", "correo electronico",
              "posta elettronica", "e mail adres", "e mail adresse", "emailadresse"),
    "department": ("department", "dept", "team", "unit", "business unit", "division",
                   "org unit", "organisation", "organization", "abteilung", "bereich",
                   "service", "departement", "departamento", "area", "reparto",
                   "dipartimento", "afdeling", "divisie", "setor"),
    "job_title": ("job title", "title", "position", "current role", "role", "job", "job role",
                  "function", "jobtitel", "stelle", "stellenbezeichnung", "funktion",
                  "berufsbezeichnung", "poste", "intitule du poste", "fonction", "puesto",
                  "cargo", "mansione", "ruolo", "qualifica", "functie", "functietitel"),
    "site": ("site", "location", "office", "city", "work location", "standort", "ort",
             "dienstort", "lieu", "ville", "site de travail", "sede", "ubicacion", "localidad",
             "localita", "locatie", "vestiging", "localizacao", "local"),
    "manager": ("manager", "line manager", "supervisor", "reports to", "manager name",
                "vorgesetzter", "vorgesetzte", "fuhrungskraft", "responsable",
                "manager direct", "superieur", "jefe", "responsabile", "leidinggevende",
                "gestor", "chefe"),
    "weekly_hours": ("weekly training hours", "training hours per week", "hours per week",
                     "weekly hours", "available hours", "training hours", "hours available",
                     "weekly learning hours", "learning hours per week",
                     "stunden pro woche", "wochenstunden", "weiterbildungsstunden",
                     "heures par semaine", "heures de formation", "horas semanales",
                     "horas de formacion", "ore settimanali", "ore di formazione",
                     "uren per week", "opleidingsuren", "horas por semana"),
    "rater": ("rater", "rated by", "source", "assessor", "assessment type", "rating source",
              "assessment source", "rating type", "bewertet von", "quelle", "bewertungsart",
              "evaluateur", "source evaluation", "evaluador", "fuente", "valutatore", "fonte",
              "beoordelaar", "bron", "avaliador"),
    "skill_name": ("skill", "skill name", "competency", "competence", "skill area",
                   "kompetenz", "fahigkeit", "skill bezeichnung", "competence fr",
                   "competencia", "habilidad", "competenza", "abilita", "vaardigheid",
                   "competentie", "habilidade"),
    "level": ("level", "proficiency", "rating", "score", "proficiency level", "skill level",
              "current level", "niveau", "stufe", "bewertung", "kompetenzstufe", "nivel",
              "livello", "valutazione", "punteggio", "beoordeling", "nivel de competencia",
              "nota"),
}
ROLE_OF: dict[str, str] = {syn: role for role, syns in _SYNONYMS.items() for syn in syns}
# Columns that are plainly employee attributes even when they hold small numbers.
ATTRIBUTE_WORDS = ("age", "cost centre", "cost center", "country", "grade", "band", "tenure",
                   "years", "start date", "hire date", "gender", "salary", "fte", "contract",
                   "phone", "kostenstelle", "land", "alter", "pays", "pais", "paese", "date",
                   "datum", "comment", "notes", "remarks", "bemerkung")
SOURCES = ("self", "peer", "manager", "validated")
SOURCE_WORDS = {
    "self": "self", "self assessment": "self", "selbst": "self", "selbsteinschatzung": "self",
    "auto": "self", "autoevaluation": "self", "autoevaluacion": "self", "zelf": "self",
    "peer": "peer", "colleague": "peer", "kollege": "peer", "pair": "peer", "par": "peer",
    "collega": "peer", "manager": "manager", "line manager": "manager", "supervisor": "manager",
    "vorgesetzter": "manager", "fuhrungskraft": "manager", "responsable": "manager",
    "jefe": "manager", "responsabile": "manager", "leidinggevende": "manager",
    "gestor": "manager", "validated": "validated", "verified": "validated",
    "certified": "validated", "test": "validated", "assessment centre": "validated",
    "validiert": "validated", "valide": "validated", "validado": "validated",
    "validato": "validated", "gevalideerd": "validated",
}


@dataclass
class ColumnMap:
    """What one column holds. ``role`` is one of ROLES or ``skill:<id>``."""

    index: int
    header: str
    role: str
    confidence: float = 1.0
    scale: Scale | None = None          # skill and level columns
    group: str = ""

    @property
    def skill_id(self) -> str | None:
        return self.role[6:] if self.role.startswith("skill:") else None

    @property
    def is_skill(self) -> bool:
        return self.role.startswith("skill:") or self.role == "unknown_skill"

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "header": self.header, "role": self.role,
                "confidence": round(self.confidence, 3),
                "scale": self.scale.to_json() if self.scale else None, "group": self.group}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ColumnMap:
        role = str(data["role"])
        if role not in ROLES and not role.startswith("skill:"):
            raise ValueError(f"unknown column role {role!r}")
        scale = Scale.from_json(data["scale"]) if data.get("scale") else None
        return cls(int(data["index"]), str(data.get("header", "")), role,
                   float(data.get("confidence", 1.0)), scale, str(data.get("group", "")))


@dataclass
class Mapping:
    """How to read one sheet: where the table is and what every column means."""

    layout: str                                 # wide | long
    header_rows: list[int]
    columns: list[ColumnMap]
    signature: str = ""
    sheet: str | None = None
    default_source: str = "self"                # when there is no rater column
    data_rows: list[int] | None = None          # filled by detect(); not saved
    totals_rows: list[int] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)   # skipped data rows; not saved

    def by_role(self, role: str) -> ColumnMap | None:
        return next((c for c in self.columns if c.role == role), None)

    def skill_columns(self) -> list[ColumnMap]:
        return [c for c in self.columns if c.is_skill]

    def to_json(self) -> str:
        return json.dumps({
            "version": 1, "layout": self.layout, "header_rows": self.header_rows,
            "signature": self.signature, "sheet": self.sheet,
            "default_source": self.default_source,
            "columns": [c.to_json() for c in self.columns]}, ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str | dict[str, Any]) -> Mapping:
        """Parse a saved mapping; raises ValueError with a plain message when malformed."""
        try:
            data = json.loads(text) if isinstance(text, str) else text
            if not isinstance(data, dict) or data.get("layout") not in ("wide", "long"):
                raise ValueError("layout must be 'wide' or 'long'")
            source = data.get("default_source", "self")
            if source not in SOURCES:
                raise ValueError(f"default_source must be one of {', '.join(SOURCES)}")
            return cls(data["layout"], [int(r) for r in data.get("header_rows", [0])],
                       [ColumnMap.from_json(c) for c in data["columns"]],
                       str(data.get("signature", "")), data.get("sheet"), source)
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a valid mapping file ({exc})") from None


def layout_signature(headers: Sequence[str]) -> str:
    """Stable id of a sheet layout: a digest of its folded, non-empty headers in order."""
    text = "\x1f".join(fold(h) for h in headers if h)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class SkillIndex:
    """Folded catalog names, ids and aliases -> skill id, with tolerant lookup."""

    def __init__(self, catalog: Catalog) -> None:
        self.names: dict[str, str] = {}
        for skill in catalog.skills.values():
            for text in (skill.name, skill.id.replace("_", " "), *skill.aliases):
                key = fold(text)
                if key:
                    self.names.setdefault(key, skill.id)
        self._keys = list(self.names)

    def match(self, header: str) -> tuple[str | None, float]:
        key = fold(header)
        if not key:
            return None, 0.0
        if key in self.names:
            return self.names[key], 1.0
        squeezed = re.sub(r"[\s.,/+-]", "", key)
        for name, skill in self.names.items():
            if re.sub(r"[\s.,/+-]", "", name) == squeezed:
                return skill, 0.98
        if len(key) < 5:
            return None, 0.0
        close = difflib.get_close_matches(key, self._keys, n=1, cutoff=0.85)
        if close:
            ratio = difflib.SequenceMatcher(None, key, close[0]).ratio()
            return self.names[close[0]], ratio
        return None, 0.0


def role_of_header(header: str) -> tuple[str | None, float]:
    key = fold(header)
    if key in ROLE_OF:
        return ROLE_OF[key], 1.0
    # Abbreviations in headers carry dots ("Emp. No.", "Pers.-Nr."): compare without them.
    key = " ".join(key.replace(".", " ").replace(",", " ").split())
    if key in ROLE_OF:
        return ROLE_OF[key], 1.0
    if len(key) >= 6:
        close = difflib.get_close_matches(key, list(ROLE_OF), n=1, cutoff=0.9)
        if close:
            return ROLE_OF[close[0]], 0.9
    return None, 0.0


def source_of(value: Any) -> str | None:
    """'Manager' / 'Selbsteinschätzung' -> a ratings source, None if not recognised."""
    if value is None:
        return None
    return SOURCE_WORDS.get(fold(str(value)))


def build_mapping(table: Table, rows: Sequence[Sequence[Any]], catalog: Catalog,
                  sheet: str | None) -> Mapping:
    """Guess every column's role and every skill column's scale."""
    skills = SkillIndex(catalog)
    columns: list[ColumnMap] = []
    sample = [rows[r] for r in table.data_rows[:2000]]
    taken: set[str] = set()
    for c, raw_header in enumerate(table.headers):
        group = table.groups[c] if c < len(table.groups) else ""
        if c in table.blank_columns:
            columns.append(ColumnMap(c, raw_header, "ignore", 1.0, group=group))
            continue
        header, hint = split_scale_hint(raw_header)
        role, confidence = role_of_header(header)
        if role and role in taken and role not in ("skill_name", "level"):
            role = None
        if role:
            taken.add(role)
            columns.append(ColumnMap(c, raw_header, role, confidence,
                                     hint if role == "level" else None, group))
            continue
        skill, confidence = skills.match(header)
        values = [r[c] if c < len(r) else None for r in sample]
        if skill:
            columns.append(ColumnMap(c, raw_header, f"skill:{skill}", confidence, hint, group))
        elif hint or _looks_like_levels(header, values):
            columns.append(ColumnMap(c, raw_header, "unknown_skill", 0.6, hint, group))
        else:
            columns.append(ColumnMap(c, raw_header, "attribute", 0.7, None, group))
    has_long = any(c.role == "skill_name" for c in columns) and \
        any(c.role == "level" for c in columns)
    layout = "long" if has_long and len([c for c in columns if c.is_skill]) < 2 else "wide"
    if layout == "long":
        for col in columns:
            if col.is_skill:
                col.role, col.confidence = "attribute", 0.5
    else:
        for col in columns:
            if col.role in ("skill_name", "level"):
                col.role, col.confidence = "attribute", 0.5
    _assign_scales(columns, rows, table, layout)
    return Mapping(layout, table.header_rows, columns, layout_signature(table.headers), sheet,
                   data_rows=table.data_rows, totals_rows=table.totals_rows,
                   hidden_rows=table.hidden_rows)


def _looks_like_levels(header: str, values: Sequence[Any]) -> bool:
    folded = fold(header)
    if not folded or any(word == folded or folded.startswith(word + " ") for word in
                         ATTRIBUTE_WORDS):
        return False
    present = [v for v in values if v is not None]
    if not present:
        return False
    count, labels, low, high, _integers, percents = numeric_profile(present)
    if count + labels + percents < 0.8 * len(present):
        return False
    return count == 0 or (low >= 0 and high <= 10) or percents > 0


def _assign_scales(columns: list[ColumnMap], rows: Sequence[Sequence[Any]], table: Table,
                   layout: str) -> None:
    """Per column scale from the values unless a header hint fixed it; the usual scale of
    the file wins for columns whose values fit it (so one column without 5s is not 1-4)."""
    targets = [c for c in columns if (c.is_skill if layout == "wide" else c.role == "level")]
    sample_rows = [rows[r] for r in table.data_rows[:5000]]
    guesses: dict[int, Scale | None] = {}
    ranges: dict[int, tuple[float, float, bool, int]] = {}
    for col in targets:
        if col.scale is not None:
            continue
        values = [r[col.index] if col.index < len(r) else None for r in sample_rows]
        count, _labels, low, high, integers, percents = numeric_profile(values)
        if percents and not count:
            guesses[col.index] = Scale(0, 100, "percent", "column")
            continue
        if count == 0:
            guesses[col.index] = None
            continue
        ranges[col.index] = (low, high, integers, count)
        guesses[col.index] = scale_for_range(low, high, integers, "column")
    file_scale = _file_scale([g for g in guesses.values() if g is not None])
    for col in targets:
        if col.scale is not None:
            continue
        guess = guesses.get(col.index)
        if guess is None:
            col.scale = file_scale or IDENTITY
            continue
        low, high, _integers, _count = ranges.get(col.index, (0.0, 0.0, True, 0))
        if file_scale and file_scale.kind == guess.kind and high <= file_scale.hi \
                and low >= min(file_scale.lo, 0):
            col.scale = Scale(file_scale.lo, file_scale.hi, file_scale.kind, "file")
        else:
            col.scale = guess


def _file_scale(guesses: list[Scale]) -> Scale | None:
    if not guesses:
        return None
    counts: dict[tuple[float, float, str], int] = {}
    for g in guesses:
        counts[(g.lo, g.hi, g.kind)] = counts.get((g.lo, g.hi, g.kind), 0) + 1
    (lo, hi, kind), _ = max(counts.items(), key=lambda kv: (kv[1], kv[0][1]))
    return Scale(lo, hi, kind, "file")


def apply_saved(mapping: Mapping, saved: Mapping) -> Mapping:
    """Use a saved mapping's roles and scales on a freshly detected one, column by header."""
    by_header = {fold(c.header): c for c in saved.columns}
    columns = []
    for col in mapping.columns:
        old = by_header.get(fold(col.header))
        if old is None and col.index < len(saved.columns) and not saved.columns[col.index].header:
            old = saved.columns[col.index]
        if old is None:
            columns.append(col)
            continue
        columns.append(ColumnMap(col.index, col.header, old.role, 1.0,
                                 old.scale or col.scale, col.group))
    layout = saved.layout if saved.layout in ("wide", "long") else mapping.layout
    return Mapping(layout, mapping.header_rows, columns, mapping.signature, mapping.sheet,
                   saved.default_source, mapping.data_rows, mapping.totals_rows,
                   mapping.hidden_rows)


def is_level_text(value: Any) -> bool:
    return isinstance(value, str) and (fold(value) in LABELS or fold(value) in NOT_ASSESSED
                                       or number_of(value) is not None)
