"""What a column header says: an employee field, an attribute, or a question about a skill.

HR systems name the same field in many ways ("Known As", "Worker ID", "Job Profile",
"Nachname, Vorname", "Intitulé du poste"…), in seven languages. Exact synonyms are
checked first, then the header's words: a person word with an id word is an employee id,
a name word with first- and last-name words is a "Last, First" display name, a job word
is the title unless it is a job *code* or *family*. Survey tools put the skill inside a
question ("How would you rate [Excel]?", "Q4 - Python (self rating)"): :func:`skill_texts`
pulls it out. The values still have the last word (see :mod:`planner.importing.mapping`).
"""

from __future__ import annotations

import difflib
import functools
import re

from planner.importing.levels import fold

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employee id",
        "emp id",
        "empid",
        "employee no",
        "employee number",
        "employee nr",
        "emp no",
        "emp nr",
        "emp number",
        "emp code",
        "employee key",
        "employee code",
        "staff id",
        "staff number",
        "staff no",
        "worker id",
        "person id",
        "personnel number",
        "personnel no",
        "id",
        "emplid",
        "badge",
        "hr id",
        "personalnummer",
        "personal nr",
        "pers nr",
        "personalnr",
        "mitarbeiter id",
        "mitarbeiternummer",
        "ma nr",
        "matricule",
        "id employe",
        "numero employe",
        "numero d employe",
        "id empleado",
        "numero de empleado",
        "legajo",
        "matricola",
        "id dipendente",
        "codice dipendente",
        "personeelsnummer",
        "medewerker id",
        "werknemer id",
        "personeelsnr",
        "id funcionario",
        "matricula",
        "numero funcionario",
        "pernr",
        "user id",
        "userid",
        "username",
        "user name",
        "login",
        "learner id",
        "participant id",
    ),
    "name": (
        "name",
        "full name",
        "employee name",
        "employee",
        "staff name",
        "person",
        "display name",
        "mitarbeiter",
        "mitarbeitername",
        "vollstandiger name",
        "nom",
        "nom complet",
        "prenom nom",
        "nom prenom",
        "collaborateur",
        "nombre",
        "nombre completo",
        "empleado",
        "nome",
        "nome completo",
        "dipendente",
        "naam",
        "volledige naam",
        "medewerker",
        "funcionario",
        "colaborador",
        "known as",
        "preferred name",
        "worker",
        "learner",
        "participant",
        "respondent name",
    ),
    "first_name": (
        "first name",
        "given name",
        "forename",
        "vorname",
        "prenom",
        "nombre de pila",
        "voornaam",
        "primeiro nome",
        "first",
    ),
    "last_name": (
        "last name",
        "surname",
        "family name",
        "nachname",
        "familienname",
        "nom de famille",
        "apellido",
        "apellidos",
        "cognome",
        "achternaam",
        "sobrenome",
        "apelido",
        "last",
    ),
    "email": (
        "email",
        "e mail",
        "mail",
        "email address",
        "e mail address",
        "work email",
        "business email",
        "courriel",
        "adresse email",
        "correo",
        "correo electronico",
        "posta elettronica",
        "e mail adres",
        "e mail adresse",
        "emailadresse",
    ),
    "department": (
        "department",
        "dept",
        "team",
        "unit",
        "business unit",
        "division",
        "org unit",
        "organisation",
        "organization",
        "abteilung",
        "bereich",
        "service",
        "departement",
        "departamento",
        "area",
        "reparto",
        "dipartimento",
        "afdeling",
        "divisie",
        "setor",
    ),
    "job_title": (
        "job title",
        "title",
        "position",
        "current role",
        "role",
        "job",
        "job role",
        "function",
        "jobtitel",
        "stelle",
        "stellenbezeichnung",
        "funktion",
        "berufsbezeichnung",
        "poste",
        "intitule du poste",
        "fonction",
        "puesto",
        "cargo",
        "mansione",
        "ruolo",
        "qualifica",
        "functie",
        "functietitel",
    ),
    "site": (
        "site",
        "location",
        "office",
        "city",
        "work location",
        "standort",
        "ort",
        "dienstort",
        "lieu",
        "ville",
        "site de travail",
        "sede",
        "ubicacion",
        "localidad",
        "localita",
        "locatie",
        "vestiging",
        "localizacao",
        "local",
    ),
    "manager": (
        "manager",
        "line manager",
        "supervisor",
        "reports to",
        "manager name",
        "vorgesetzter",
        "vorgesetzte",
        "fuhrungskraft",
        "responsable",
        "manager direct",
        "superieur",
        "jefe",
        "responsabile",
        "leidinggevende",
        "gestor",
        "chefe",
    ),
    "weekly_hours": (
        "weekly training hours",
        "training hours per week",
        "hours per week",
        "weekly hours",
        "available hours",
        "training hours",
        "hours available",
        "weekly learning hours",
        "learning hours per week",
        "stunden pro woche",
        "wochenstunden",
        "weiterbildungsstunden",
        "heures par semaine",
        "heures de formation",
        "horas semanales",
        "horas de formacion",
        "ore settimanali",
        "ore di formazione",
        "uren per week",
        "opleidingsuren",
        "horas por semana",
    ),
    "rater": (
        "rater",
        "rated by",
        "source",
        "assessor",
        "assessment type",
        "rating source",
        "assessment source",
        "rating type",
        "bewertet von",
        "quelle",
        "bewertungsart",
        "evaluateur",
        "source evaluation",
        "evaluador",
        "fuente",
        "valutatore",
        "fonte",
        "beoordelaar",
        "bron",
        "avaliador",
        "rater type",
        "rating by",
    ),
    "skill_name": (
        "skill",
        "skill name",
        "competency",
        "competence",
        "skill area",
        "kompetenz",
        "fahigkeit",
        "skill bezeichnung",
        "competence fr",
        "competencia",
        "habilidad",
        "competenza",
        "abilita",
        "vaardigheid",
        "competentie",
        "habilidade",
        "kompetenzbereich",
        "qualifikation",
        "competency name",
        "skill title",
        "content item",
        "content item name",
        "talent item",
    ),
    "level": (
        "level",
        "proficiency",
        "rating",
        "score",
        "proficiency level",
        "skill level",
        "current level",
        "niveau",
        "stufe",
        "bewertung",
        "kompetenzstufe",
        "nivel",
        "livello",
        "valutazione",
        "punteggio",
        "beoordeling",
        "nivel de competencia",
        "nota",
        "kompetenzniveau",
        "kenntnisstand",
        "niveau de competence",
        "beherrschung",
        "maitrise",
    ),
}
ROLE_OF: dict[str, str] = {syn: role for role, syns in _SYNONYMS.items() for syn in syns}
_ROLE_KEYS = list(ROLE_OF)
_KEYS_BY_LENGTH: dict[int, list[str]] = {}
for _key in _ROLE_KEYS:
    _KEYS_BY_LENGTH.setdefault(len(_key), []).append(_key)
FUZZY_CUTOFF = 0.9
_ROLE_WORDS = frozenset(w for key in ROLE_OF for w in key.split())


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words of header phrases, by what they say (folded: no accents, lower case).
_PERSON = _set(
    "employee employees emp staff worker person personnel associate member "
    "mitarbeiter mitarbeiterin beschaftigte beschaftigter angestellte "
    "angestellter employe salarie collaborateur collaboratrice agent empleado "
    "trabajador colaborador colaboradora dipendente lavoratore medewerker "
    "werknemer personeel funcionario learner user participant teilnehmer "
    "participante partecipante deelnemer apprenant lernende lernender trainee"
)
_ID = _set(
    "id no nr number num code key nummer numero matricule matricola matricula "
    "legajo personalnummer personalnr persnr pernr emplid badge payroll identifier "
    "ident kennung identifiant codigo codice personeelsnummer personeelsnr ref"
)
_NAME = _set(
    "name names nom nombre nome naam fullname displayname anzeigename rufname "
    "roepnaam weergavenaam nickname alias"
)
_DISPLAY = _set(
    "known preferred display anzeige usage usuel affiche mostrar visualizzato "
    "weergave exibicao chosen legal full complete complet completo complete "
    "volledige vollstandiger"
)
_FIRST = _set("first given forename vorname prenom voornaam primeiro firstname givenname")
_LAST = _set(
    "last surname family nachname familienname apellido apellidos cognome "
    "achternaam sobrenome apelido lastname familyname"
)
_AND = _set("and y e et und en")
# Words of LMS headers naming what was learnt (a course or module: in a long sheet, the skill).
LEARNING_WORDS = _set(
    "course courses module modules learning topic lesson curriculum "
    "programme program kurs kurse schulung formation cours curso corso "
    "cursus opleiding training"
)
_EMAIL = _set("email mail courriel correo emailadres emailadresse")
_HOURS = _set("hours hrs stunden heures horas ore uren")
_TITLE = _set(
    "title job position role function profile designation occupation post "
    "jobtitel stelle stellenbezeichnung funktion tatigkeit berufsbezeichnung beruf "
    "poste intitule emploi fonction metier puesto cargo ocupacion mansione "
    "qualifica ruolo posizione functie functietitel functienaam rol funcao titulo"
)
_DEPT = _set(
    "department dept team unit division organisation organization org "
    "organizational organisational orgunit abteilung bereich organisationseinheit "
    "service departement direction departamento area reparto dipartimento ufficio "
    "afdeling divisie setor unidade sector"
)
_SITE = _set(
    "site location office city campus branch standort arbeitsort dienstort ort "
    "lieu ville etablissement sede ubicacion localidad centro localita locatie "
    "vestiging werklocatie plaats localizacao local filiale niederlassung agence"
)
_MANAGER = _set(
    "manager supervisor boss vorgesetzter vorgesetzte fuhrungskraft responsable "
    "superieur hierarchique jefe responsabile leidinggevende gestor chefia chef "
    "reports"
)
_LEVEL = _set(
    "level proficiency rating score niveau stufe bewertung nivel livello "
    "valutazione punteggio beoordeling nota kompetenzniveau kompetenzstufe "
    "kenntnisstand kenntnisniveau beherrschungsgrad auspragung erfahrungsstufe"
)
# A level the role or plan asks for, not the one the person has ("Required Level").
_TARGET = _set(
    "required expected target desired goal needed requirement soll ziel gefordert "
    "erwartet requis attendu cible requerido esperado objetivo richiesto atteso vereist"
)
_SKILL = _set(
    "skill competency competence kompetenz fahigkeit qualifikation competencia "
    "habilidad competenza abilita vaardigheid competentie habilidade"
)
# A header made only of these words is an attribute, whatever its values look like
# (a pay grade of 3 is not a skill level).
_ATTRIBUTE = _set(
    "age alter edad eta leeftijd idade band grade grades cost centre center kostenstelle "
    "country land pays pais paese tenure years year service seniority start hire date "
    "datum fecha data gender sex geschlecht genre sexo genere geslacht salary gehalt "
    "salaire salario stipendio fte contract vertrag contrat contrato contratto type status "
    "phone telephone telefon mobile comment comments notes remarks bemerkung remarque "
    "observaciones commento opmerking birth birthday nationality pay scale of in "
    "family code category group categorie kategorie employment level job position career "
    "management duration progress finished recorded ip address latitude longitude "
    "language respondent response collector custom end time completion last modified "
    "distribution channel external reference number id no nr # de la du der die des el "
    "en het experience exp berufserfahrung anos anni jaren performance potential "
    "headcount days leave absence overtime appraisal review training course courses "
    "completed completion attendance mandatory percent weight weighting gewichtung "
    "auslastung utilisation utilization capacity kapazitat beschaftigungsgrad allocation"
)
# Words around a skill in a survey or rating header that are not part of its name.
_FILLER = _set(
    "skill skills knowledge proficiency level rating rate self assessment "
    "current your my experience with in of the on for niveau kenntnisse "
    "connaissances conocimientos competenze "
    # a form's question around the skill: "How would you rate your SQL skills?"
    "how would you do does please indicate describe estimate what which is are "
    "wie wurden wurdest sie ihre ihr ihren deine dein bewerten schatzen"
)
# Survey metadata that carries an id but never identifies an employee.
_SURVEY_META = _set("respondent response collector submission session survey")
_SPLIT = re.compile(r"[a-z0-9#]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_ATTRIBUTE_HEADERS = frozenset(
    {
        "age",
        "cost centre",
        "cost center",
        "country",
        "grade",
        "band",
        "tenure",
        "years",
        "start date",
        "hire date",
        "gender",
        "salary",
        "fte",
        "contract",
        "phone",
        "kostenstelle",
        "land",
        "alter",
        "pays",
        "pais",
        "paese",
        "date",
        "datum",
        "comment",
        "notes",
        "remarks",
        "bemerkung",
    }
)


def header_words(header: str) -> list[str]:
    """The folded words of a header ('Pers.-Nr.' -> ['pers', 'nr'], 'Emp #' -> ['emp', '#'])."""
    header = _CAMEL.sub(" ", header)  # "RecipientLastName" -> "Recipient Last Name"
    text = fold(header.replace("#", " no ")).replace("n°", " no ").replace("nº", " no ")
    return _SPLIT.findall(text)


def role_of_header(header: str, *, fuzzy: bool = True) -> tuple[str | None, float]:
    """An employee-field role and how sure the header alone makes it, or (None, 0).

    ``fuzzy``: also try misspelt field names (the slow part: callers looking at thousands
    of headers try it for the first ones only).
    """
    key = fold(header.replace("#", " no "))
    if key in ROLE_OF:
        return ROLE_OF[key], 1.0
    words = header_words(header)
    joined = " ".join(words)
    if joined in ROLE_OF:
        return ROLE_OF[joined], 1.0
    w = set(words)
    if (
        w & (_LAST | _FIRST)
        and w & _NAME
        and (w & _AND or "," in header)
        and not w & (_MANAGER | _SKILL)
    ):
        return "name", 0.85  # "Nombre y apellidos", "Cognome e nome"
    role = _role_of_words(w) if 0 < len(words) <= 6 else None
    if role:
        return role, 0.85
    # A misspelt field name ("Departmnet"): short headers, or ones sharing a word with one.
    if fuzzy and 6 <= len(joined) <= 30 and (
        len(words) <= 2 or not _ROLE_WORDS.isdisjoint(words)
    ):
        close = _close_role_key(joined)
        if close:
            return ROLE_OF[close], 0.85
    return None, 0.0


@functools.lru_cache(maxsize=4096)
def _close_role_key(joined: str) -> str | None:
    """The field name a misspelt header is closest to, as difflib.get_close_matches finds
    it, comparing only the names of a length that could reach the cutoff (similarity
    2·matches / (len a + len b) needs lengths within cutoff/(2-cutoff) of each other):
    a sheet of 16,384 made-up headers takes seconds, not minutes."""
    n = len(joined)
    shortest = int(n * FUZZY_CUTOFF / (2 - FUZZY_CUTOFF))
    longest = int(n * (2 - FUZZY_CUTOFF) / FUZZY_CUTOFF) + 1
    candidates = [k for size in range(shortest, longest + 1) for k in _KEYS_BY_LENGTH.get(size, ())]
    close = difflib.get_close_matches(joined, candidates, n=1, cutoff=FUZZY_CUTOFF)
    return close[0] if close else None


def _role_of_words(w: set[str]) -> str | None:
    """The field a header's words name; the order of the tests settles mixed headers."""
    if w & _SURVEY_META:
        return None
    if w & _LEVEL:
        if w & _TARGET:
            return None  # "Required level", "Soll-Niveau": what is asked, an attribute
        if w & (_TITLE | _ATTRIBUTE - _LEVEL - {"of", "in"}) and not w & _SKILL:
            return None  # "job level", "pay grade level"
        return "level" if not w & _NAME else None
    if w & _MANAGER:
        return "manager"
    if w & _EMAIL:
        return "email"
    if w & _HOURS and w & _set(
        "week weekly wochen woche semaine semana settimana "
        "training learning available formation formacion"
    ):
        return "weekly_hours"
    has_first, has_last = bool(w & _FIRST), bool(w & _LAST)
    if w & _NAME or "known" in w or (has_first or has_last):
        if w & _SKILL:
            return "skill_name"
        if w & _DEPT and not w & _PERSON:
            return "department"
        if w & _SITE and not w & _PERSON:
            return "site"
        if w & _TITLE and not w & _PERSON:
            return "job_title"
        if has_first and has_last:
            return "name"  # "Last name, First name": a display name
        if has_first:
            return "first_name"
        if has_last and not ({"nom", "de"} <= w and "famille" not in w):
            return "last_name"
        return "name"
    if w & _ID:
        if w & _PERSON or w <= _ID:
            return "employee_id"
        return None  # "Job code", "Position ID": an attribute
    if w & _TITLE:
        if w & _SKILL and not w & _set("category group type id code area"):
            return "skill_name"  # "Competency Title", "Skill title": the skill's name
        if w & _set(
            "code family level grade band group category id no nr number key start date type"
        ):
            return None
        if w & LEARNING_WORDS:
            return None  # "Course title": what was learnt
        return "job_title"
    if w & _PERSON and len(w) <= 2:
        return "name"  # "Employee", "Worker": values decide
    if w & _DEPT and not w & _set("id code no nr number key"):
        return "department"
    if w & _SITE and not w & _set("id code no nr number key"):
        return "site"
    if w & _SKILL and not w & _set("category group type id code area"):
        return "skill_name"
    return None


def is_attribute_header(header: str) -> bool:
    """True for headers that name a plain attribute ("Pay grade", "Contract type")."""
    key = fold(header)
    if key in _ATTRIBUTE_HEADERS:
        return True
    words = header_words(header)
    content = set(words) - _set("of in de la du der die des el en het")
    if content & _TARGET and content & _LEVEL:
        return True  # "Required level", "Target proficiency": not the person's level
    # "Level", "Job" or "Management" alone say too little; "Job level" is a grade.
    return (
        bool(content)
        and content <= _ATTRIBUTE
        and not (len(content) == 1 and content <= _set("level job position management"))
    )


def says_name(header: str) -> bool:
    """The header has a word for a name ("Name", "Nom", "Known As"), not just a person
    word ("Employee", "Mitarbeiter") that could head an id column too."""
    words = set(header_words(header))
    return bool(words & (_NAME | _FIRST | _LAST) or "known" in words)


def is_display_name(header: str) -> bool:
    """A name header that says it is the name people go by ("Known As", "Preferred name")."""
    return bool(
        set(header_words(header))
        & _set(
            "known preferred display anzeige anzeigename "
            "rufname usage usuel affiche mostrar "
            "visualizzato weergave weergavenaam "
            "roepnaam exibicao chosen nickname"
        )
    )


# -- survey questions -----------------------------------------------------------------------

_QUOTED = re.compile(r"\[([^\[\]]{2,80})\]|[\"“”„«‚‘’']([^\"“”„«»‚‘’']{2,80})[\"“”»’']")
_QPREFIX = re.compile(
    r"^\s*(?:q(?:uestion)?\s*\d+[a-z]?(?:[._]\d+)*|\d{1,3}[.)])\s*[-–—:.)]*\s*", re.IGNORECASE
)
_PAREN = re.compile(r"\s*[\(\[]([^()\[\]]*)[\)\]]\s*")
_SEPARATORS = re.compile(r"\s+[-–—|:]\s+|:\s+|(?<=[a-z?])\.(?=[A-Z\w])|\?\s*[-–—:]?\s*")
_QUESTION = re.compile(
    r"\?|\b(?:how|rate|rating|please|bitte|wie|comment|evaluez|evalue|"
    r"como|valora|quanto|come|hoe|beoordeel|avalie)\b",
    re.IGNORECASE,
)
SOURCE_HINTS = {
    "self": "self",
    "self rating": "self",
    "self assessment": "self",
    "self rated": "self",
    "selbst": "self",
    "selbsteinschatzung": "self",
    "auto evaluation": "self",
    "autoevaluation": "self",
    "autoevaluacion": "self",
    "manager": "manager",
    "manager rating": "manager",
    "manager assessment": "manager",
    "line manager": "manager",
    "peer": "peer",
    "peer rating": "peer",
    "validated": "validated",
    "certified": "validated",
    "assessed": "validated",
}


def is_question(header: str) -> bool:
    """A survey-style header: a question, a numbered item or a skill in brackets."""
    return bool(_QUESTION.search(header) or _QPREFIX.match(header) or _QUOTED.search(header))


def skill_texts(header: str) -> list[str]:
    """Candidate skill names inside a header, best first (the header itself comes first
    when it is not a question): bracketed or quoted parts, the part after a question
    number, the parts around a dash or colon, each without rating words in brackets."""
    out: list[str] = []

    def add(text: str) -> None:
        text = text.strip(" -–—:.?!*\"'")
        if text and text not in out and len(text) <= 80:
            out.append(text)

    question = is_question(header)
    if not question:
        add(header)
    for match in _QUOTED.finditer(header):
        add(match.group(1) or match.group(2))
    body = _QPREFIX.sub("", header, count=1)
    bare = _PAREN.sub(" ", body).strip()
    parts = [p for p in _SEPARATORS.split(bare) if p and p.strip()]
    if len(parts) > 1:
        add(parts[-1])
        add(parts[0])
        for part in parts[1:-1]:
            add(part)
    add(bare)
    for match in _PAREN.finditer(body):  # "Imaging (Radiology)"
        inner = match.group(1)
        if fold(inner) not in SOURCE_HINTS:
            add(inner)
    if question:
        add(header)
    return out


def source_hint(header: str) -> str | None:
    """'Python (manager rating)' -> 'manager'; None when the header names no rater."""
    for match in _PAREN.finditer(header):
        hint = SOURCE_HINTS.get(fold(match.group(1)))
        if hint:
            return hint
    return None


def filler_free(text: str) -> str:
    """A header without rating words around the skill ('Python skills level' -> 'python')."""
    words = [w for w in header_words(text) if w not in _FILLER]
    return " ".join(words)
