"""Placing one person's modules into weeks without exceeding their weekly training hours.

Modules run one after another; a module may start in the week the previous one ends
when hours are left that week, and spans as many weeks as its hours need. Blocked weeks
(holidays) hold nothing. A workshop takes place in one week (its cohort's session week).
Workshops of up to the weekly capacity share that week with other work; a longer
workshop (e.g. a full day for someone with 4 h a week) is a *workshop week*: it is the
only thing that person does that week, so the week's load is the workshop alone.
"""

from __future__ import annotations

EPS = 1e-9


class WeekCursor:
    """Where the next module of one person can go: a week and the hours used in it."""

    def __init__(self, capacity: float, blocked: frozenset[int] = frozenset()) -> None:
        if not capacity > 0:
            raise ValueError("weekly training hours must be positive")
        self.capacity = capacity
        self.blocked = blocked
        self.week = 0
        self.used = 0.0
        self._skip_blocked()

    def _skip_blocked(self) -> None:
        while self.week in self.blocked:
            self.week += 1
            self.used = 0.0

    def _next_week(self) -> None:
        self.week += 1
        self.used = 0.0
        self._skip_blocked()

    def place(self, hours: float) -> tuple[int, int, dict[int, float]]:
        """Schedule ``hours`` of self-paced work; returns (start week, end week, hours per week)."""
        if self.used >= self.capacity - EPS:
            self._next_week()
        start = self.week
        per_week: dict[int, float] = {}
        remaining = hours
        while True:
            take = min(self.capacity - self.used, remaining)
            per_week[self.week] = per_week.get(self.week, 0.0) + take
            self.used += take
            remaining -= take
            if remaining <= EPS:
                break
            self._next_week()
        return start, self.week, per_week

    def ready_week(self, hours: float) -> int:
        """The earliest week a workshop of ``hours`` could take place for this person."""
        if self.used <= EPS or self.used + hours <= self.capacity + EPS:
            return self.week
        week = self.week + 1
        while week in self.blocked:
            week += 1
        return week

    def place_workshop(self, week: int, hours: float) -> tuple[int, int, dict[int, float]]:
        """Put a workshop in ``week`` (not before :meth:`ready_week`; the person waits)."""
        if week < self.ready_week(hours) or week in self.blocked:
            raise ValueError(f"workshop week {week} is not available")
        if week > self.week:
            self.week = week
            self.used = 0.0
        # a workshop longer than the capacity fills the week on its own
        self.used = max(self.used + hours, self.capacity if hours > self.capacity else 0.0)
        return week, week, {week: hours}


def week_loads(items) -> dict[int, float]:
    """Hours per week of a person's items (for checks and charts)."""
    loads: dict[int, float] = {}
    for item in items:
        for week, hours in item.week_hours.items():
            loads[week] = loads.get(week, 0.0) + hours
    return loads


def within_capacity(items, capacity: float) -> bool:
    """True when no week holds more than ``capacity`` hours, except a workshop week.

    A workshop week is a week whose only item is one workshop longer than the capacity.
    """
    by_week: dict[int, list] = {}
    for item in items:
        for week in item.week_hours:
            by_week.setdefault(week, []).append(item)
    for week, members in by_week.items():
        load = sum(i.week_hours[week] for i in members)
        if load <= capacity + 1e-6:
            continue
        if not (len(members) == 1 and members[0].format == "workshop"):
            return False
    return True
