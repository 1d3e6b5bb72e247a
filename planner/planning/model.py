"""Plain data of training plans: settings, items, per-person plans, cohorts and totals."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

STATUSES: tuple[str, ...] = ("planned", "in progress", "done")
WORKSHOP = "workshop"
# An item flag: a workshop nobody else at the site needs and no alternative exists.
NEEDS_COHORT = "needs a cohort"
# An item flag: taken instead of a workshop whose cohort would have kept the person waiting.
INSTEAD_OF_WORKSHOP = "instead of a workshop"
DEFAULT_MAX_WAIT_WEEKS = 4


def next_monday(today: date | None = None) -> date:
    """The Monday after ``today`` (a week from today when today is a Monday)."""
    today = today or date.today()
    return today + timedelta(days=7 - today.weekday())


@dataclass(frozen=True)
class PlanSettings:
    """How plans are scheduled.

    Args:
        start: first day of week 0 (normally a Monday).
        hours_per_week: training hours per week for people without their own value.
        min_cohort: smallest workshop cohort; smaller site groups take an alternative.
        max_cohort: largest cohort; bigger groups are split into balanced cohorts.
        blocked_weeks: dates inside weeks when nobody trains (holidays).
        session_weekday: weekday of workshop sessions (0 = Monday).
        max_wait_weeks: longest wait for a workshop cohort; past it the person takes the
            self-paced or course alternative, or meets alone flagged "needs a cohort".
            None: no limit.
        horizon: the ready-by date; plans finishing later are flagged by name.
    """

    start: date = field(default_factory=next_monday)
    hours_per_week: float = 4.0
    min_cohort: int = 4
    max_cohort: int = 16
    blocked_weeks: tuple[date, ...] = ()
    session_weekday: int = 0
    max_wait_weeks: int | None = DEFAULT_MAX_WAIT_WEEKS
    horizon: date | None = None

    def week_start(self, week: int) -> date:
        return self.start + timedelta(days=7 * week)

    def week_end(self, week: int) -> date:
        """The Friday of a week (the day a module ending that week is due)."""
        return self.start + timedelta(days=7 * week + 4)

    def session_date(self, week: int) -> date:
        return self.start + timedelta(days=7 * week + self.session_weekday)

    def week_of(self, day: date) -> int:
        return (day - self.start).days // 7

    def blocked_week_indices(self) -> frozenset[int]:
        return frozenset(self.week_of(d) for d in self.blocked_weeks if d >= self.start)

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "hours_per_week": self.hours_per_week,
                "min_cohort": self.min_cohort, "max_cohort": self.max_cohort,
                "blocked_weeks": [d.isoformat() for d in self.blocked_weeks],
                "session_weekday": self.session_weekday, "max_wait_weeks": self.max_wait_weeks,
                "horizon": self.horizon.isoformat() if self.horizon else None}


@dataclass(frozen=True)
class Person:
    """What planning needs to know about an employee besides the levels."""

    employee_id: int
    employee_key: str = ""
    name: str = ""
    department: str = ""
    site: str = ""
    weekly_hours: float | None = None


@dataclass
class PlanItem:
    """One module in one person's plan."""

    employee_id: int
    role_id: str
    module_id: str
    title: str
    skill: str
    from_level: int
    to_level: int
    format: str
    seq: int
    start_week: int
    end_week: int
    start_date: date
    end_date: date
    hours: float
    cost: float
    cohort: int | None = None          # index into PlanSet.cohorts
    flag: str = ""                     # NEEDS_COHORT, INSTEAD_OF_WORKSHOP or ""
    status: str = "planned"
    status_date: date | None = None
    id: int | None = None              # plan_items.id once saved
    week_hours: dict[int, float] = field(default_factory=dict)  # hours placed per week
    wait_weeks: int = 0                # weeks waited for this workshop's cohort

    @property
    def weeks(self) -> int:
        return self.end_week - self.start_week + 1

    def to_json(self, cohorts: list[Cohort] | None = None) -> dict[str, Any]:
        return {
            "id": self.id, "module": self.module_id, "title": self.title, "skill": self.skill,
            "from_level": self.from_level, "to_level": self.to_level, "format": self.format,
            "seq": self.seq, "start_week": self.start_week, "end_week": self.end_week,
            "weeks": self.weeks, "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat(), "hours": self.hours, "cost": self.cost,
            "cohort": (cohorts[self.cohort].label if cohorts is not None and self.cohort
                       is not None else self.cohort),
            "flag": self.flag, "status": self.status,
            "status_date": self.status_date.isoformat() if self.status_date else None,
        }


@dataclass
class PersonPlan:
    """The learning path of one person towards one role, scheduled in weeks."""

    person: Person
    role_id: str
    role_name: str
    capacity: float                    # training hours per week
    items: list[PlanItem] = field(default_factory=list)
    unmet: list[tuple[str, float, int]] = field(default_factory=list)  # (skill, level, target)
    baseline: dict[str, float] = field(default_factory=dict)  # effective levels at plan time
    idle_weeks: int = 0                # weeks spent waiting for workshop cohorts

    @property
    def weeks_to_ready(self) -> int:
        """Weeks from the start until the last item ends (0 with nothing to learn)."""
        finish = self.finish_week
        return 0 if finish is None else finish + 1

    @property
    def released_items(self) -> list[PlanItem]:
        """Workshops longer than the person's weekly hours: they are released from work for
        that week (self-study never exceeds the weekly hours)."""
        return [i for i in self.items if i.format == WORKSHOP and i.hours > self.capacity + 1e-9]

    def past(self, horizon: date | None) -> bool:
        """True when the plan ends after the ready-by date ``horizon``."""
        finish = self.finish_date
        return horizon is not None and finish is not None and finish > horizon

    @property
    def employee_id(self) -> int:
        return self.person.employee_id

    @property
    def hours(self) -> float:
        return math.fsum(i.hours for i in self.items)

    @property
    def cost(self) -> float:
        return math.fsum(i.cost for i in self.items)

    @property
    def finish_date(self) -> date | None:
        return max((i.end_date for i in self.items), default=None)

    @property
    def finish_week(self) -> int | None:
        return max((i.end_week for i in self.items), default=None)

    def to_json(self, cohorts: list[Cohort] | None = None) -> dict[str, Any]:
        finish = self.finish_date
        return {
            "employee_id": self.employee_id, "employee_key": self.person.employee_key,
            "name": self.person.name, "department": self.person.department,
            "site": self.person.site, "role": self.role_id, "role_name": self.role_name,
            "hours_per_week": self.capacity,
            "items": [i.to_json(cohorts) for i in self.items],
            "unmet": [{"skill": s, "level": lv, "target": t} for s, lv, t in self.unmet],
            "totals": {"modules": len(self.items), "hours": self.hours, "cost": self.cost,
                       "finish_week": self.finish_week,
                       "finish_date": finish.isoformat() if finish else None,
                       "weeks_to_ready": self.weeks_to_ready, "idle_weeks": self.idle_weeks},
            "released": [{"module": i.module_id, "hours": i.hours,
                          "note": f"released from work for this {i.hours:g} h workshop "
                                  f"(above {self.capacity:g} h a week)"}
                         for i in self.released_items],
        }


@dataclass
class Cohort:
    """One workshop session for a group of people at one site."""

    module_id: str
    site: str
    number: int                        # 1, 2, ... within (module, site)
    week: int
    session_date: date
    members: list[int] = field(default_factory=list)   # employee ids
    facilitator: str = ""
    room: str = ""
    id: int | None = None              # cohorts.id once saved

    @property
    def label(self) -> str:
        site = self.site or "(no site)"
        return f"{self.module_id} @ {site} #{self.number}"

    def to_json(self, keys: dict[int, str] | None = None) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "module": self.module_id,
                "site": self.site, "week": self.week,
                "session_date": self.session_date.isoformat(), "size": len(self.members),
                "members": [keys.get(m, str(m)) if keys else m for m in self.members],
                "facilitator": self.facilitator, "room": self.room}


@dataclass
class Totals:
    people: int = 0
    modules: int = 0
    hours: float = 0.0
    cost: float = 0.0
    finish_date: date | None = None

    def add(self, plan: PersonPlan) -> None:
        self.people += 1
        self.modules += len(plan.items)
        self.hours = math.fsum((self.hours, plan.hours))
        self.cost = math.fsum((self.cost, plan.cost))
        finish = plan.finish_date
        if finish is not None and (self.finish_date is None or finish > self.finish_date):
            self.finish_date = finish

    def to_json(self) -> dict[str, Any]:
        return {"people": self.people, "modules": self.modules, "hours": self.hours,
                "cost": self.cost,
                "finish_date": self.finish_date.isoformat() if self.finish_date else None}


@dataclass
class PlanSet:
    """Plans of many people plus the workshop cohorts they share."""

    settings: PlanSettings
    plans: list[PersonPlan] = field(default_factory=list)
    cohorts: list[Cohort] = field(default_factory=list)
    scenario: str | None = None
    scenario_id: int | None = None
    budget: float | None = None   # the scenario's allocation budget, if it had one
    # what building the plan has to tell (e.g. a remembered workshop move it could not keep)
    notes: list[str] = field(default_factory=list)
    # the workshop moves kept on this plan (None: leave the scenario's remembered moves as
    # they are)
    moves: list[dict[str, Any]] | None = None

    @property
    def over_budget(self) -> float:
        """How much the plan costs beyond the scenario's budget (0 when within it).

        The allocation keeps the cheapest module chains within the budget; a plan adds
        prerequisite modules and may swap workshops for alternatives, so it can differ.
        """
        if self.budget is None:
            return 0.0
        return max(0.0, self.totals().cost - self.budget)

    @property
    def past_horizon(self) -> list[PersonPlan]:
        """Plans that end after the ready-by date (flagged by name in every output)."""
        return [p for p in self.plans if p.past(self.settings.horizon)]

    @property
    def needs_cohort(self) -> list[PlanItem]:
        """Workshop items planned alone: too few people at the site and no alternative."""
        return [i for p in self.plans for i in p.items if i.flag == NEEDS_COHORT]

    def totals(self) -> Totals:
        total = Totals()
        for plan in self.plans:
            total.add(plan)
        return total

    def totals_by(self, key: str) -> dict[str, Totals]:
        """Totals per ``"role"`` or ``"department"`` (or ``"site"``)."""
        out: dict[str, Totals] = {}
        for plan in self.plans:
            name = plan.role_id if key == "role" else getattr(plan.person, key)
            out.setdefault(name, Totals()).add(plan)
        return dict(sorted(out.items()))

    def plan_of(self, employee_id: int) -> PersonPlan:
        for plan in self.plans:
            if plan.employee_id == employee_id:
                return plan
        raise KeyError(employee_id)

    def to_json(self) -> dict[str, Any]:
        keys = {p.employee_id: p.person.employee_key for p in self.plans}
        return {
            "scenario": self.scenario,
            "settings": self.settings.to_json(),
            "budget": self.budget,
            "over_budget": self.over_budget,
            "people": [p.to_json(self.cohorts) for p in self.plans],
            "cohorts": [c.to_json(keys) for c in self.cohorts],
            "notes": list(self.notes),
            "needs_cohort": [{"employee_key": keys.get(i.employee_id, str(i.employee_id)),
                              "module": i.module_id} for i in self.needs_cohort],
            "horizon": self.settings.horizon.isoformat() if self.settings.horizon else None,
            "past_horizon": [{"employee_key": p.person.employee_key, "name": p.person.name,
                              "role": p.role_id,
                              "finish_date": p.finish_date.isoformat() if p.finish_date
                              else None} for p in self.past_horizon],
            "totals": {
                "scenario": self.totals().to_json(),
                "by_role": {k: v.to_json() for k, v in self.totals_by("role").items()},
                "by_department": {k: v.to_json()
                                  for k, v in self.totals_by("department").items()},
            },
        }
