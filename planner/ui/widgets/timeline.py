"""A person's plan as a timeline: one bar per module over the weeks it is scheduled in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.planning import PersonPlan, PlanSettings

if TYPE_CHECKING:
    from matplotlib.figure import Figure


STATUS_COLOURS = {"planned": "#4f8be0", "in progress": "#e0a030", "done": "#3a9a5b"}
FLAGGED = "#c0392b"


def plot_timeline(fig: Figure, plan: PersonPlan, settings: PlanSettings, currency: str) -> None:
    """Bars from each item's start week to its end week (weeks on the x axis), labelled
    with hours and cost; workshops are a one-week bar on the session's week."""
    ax = fig.add_subplot(111)
    items = plan.items
    if not items:
        ax.text(
            0.5,
            0.5,
            f"{plan.person.name or plan.person.employee_key} is ready for "
            f"{plan.role_name}: nothing to learn.",
            ha="center",
            va="center",
            fontsize=10,
            transform=ax.transAxes,
        )
        ax.set_axis_off()
        return
    labels = []
    # smaller type when many modules share the panel's height, so their names stay apart
    size = 8 if len(items) <= 6 else 7 if len(items) <= 12 else 6
    last = max(i.end_week for i in items)
    first = min(i.start_week for i in items)
    for y, item in enumerate(items):
        colour = FLAGGED if item.flag else STATUS_COLOURS.get(item.status, "#4f8be0")
        width = item.end_week - item.start_week + 1
        ax.barh(
            y,
            width,
            left=item.start_week,
            height=0.6,
            color=colour,
            edgecolor="#1f2937" if item.format == "workshop" else colour,
            linewidth=0.8,
            hatch="//" if item.format == "workshop" else None,
        )
        ax.text(
            item.end_week + 1.15,
            y,
            f"{item.hours:g} h · {item.cost:,.0f} {currency}",
            va="center",
            fontsize=size - 0.5,
            color="#374151",
        )
        title = item.title if len(item.title) <= 38 else item.title[:37] + "…"
        labels.append(title)
    ax.set_yticks(range(len(items)), labels, fontsize=size)
    ax.invert_yaxis()
    span = max(last - first + 1, 1)
    # at most about five dated ticks: two-line labels stay apart in a half-width panel
    step = next(s for s in (1, 2, 4, 8, 13, 26, 52, 104, 156, 260) if span / s <= 5 or s == 260)
    ticks = list(range(first, last + 2, step))
    ax.set_xticks(ticks, [f"W{w}\n{settings.week_start(w):%d %b}" for w in ticks], fontsize=7.5)
    ax.set_xlim(first - 0.5, last + 1 + span * 0.35 + 2)
    ax.set_xlabel(f"weeks from {settings.start:%d %b %Y}", fontsize=8)
    ax.grid(axis="x", color="#e5e7eb", linewidth=0.6)
    ax.set_axisbelow(True)
    for blocked in settings.blocked_week_indices():
        if first <= blocked <= last:
            ax.axvspan(blocked, blocked + 1, color="#9ca3af", alpha=0.25, linewidth=0)
    from matplotlib.patches import Patch

    handles = [Patch(color=c, label=s) for s, c in STATUS_COLOURS.items()]
    handles.append(Patch(facecolor="white", edgecolor="#1f2937", hatch="//", label="workshop"))
    if any(i.flag for i in items):
        handles.append(Patch(color=FLAGGED, label="needs a cohort"))
    # one row above the bars: inside the axes it hid the hours label of a short plan
    ax.legend(
        handles=handles,
        fontsize=7,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=len(handles),
        frameon=False,
        borderaxespad=0.2,
        handlelength=1.4,
        columnspacing=1.2,
    )
    # over the whole figure, not just the axes right of the module names: never cut off
    fig.suptitle(
        f"{plan.person.name or plan.person.employee_key} → {plan.role_name}: "
        f"{plan.hours:g} h, {plan.cost:,.0f} {currency}"
        + (
            f", waits {plan.idle_weeks:g} weeks for sessions"
            if getattr(plan, "idle_weeks", 0)
            else ""
        ),
        fontsize=9,
        x=0.01,
        ha="left",
        wrap=True,
    )
