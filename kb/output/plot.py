"""`kb funding --plot`: single-year figures by fiscal year, one panel per recipient,
coloured by account, hatched by status.  matplotlib is imported here only, never at CLI start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kb.domain.problems import BadArgument
from kb.domain.text_case import sql_lower
from kb.query.choices import listing
from kb.query.funding import ENACTED, FundingRow

# Enacted figures are solid; every other status has a hatch of its own.
HATCH = {
    "reported": "--",
    "estimated": "..",
    "requested": "//",
    "house_passed": "xx",
    "senate_passed": "xx",
    "house_introduced": "\\\\",
    "senate_introduced": "\\\\",
    "committee_reported": "++",
}
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
NO_ACCOUNT = "no account (report's total)"


def _hatch(status: str) -> str:
    return "" if status in ENACTED else HATCH.get(status, "oo")


# A panel per recipient, each on its own scale (a global figure in billions beside a
# country's millions would flatten it); more than this asks the user to choose.
MAX_PANELS = 6


def chart_recipients(rows: list[FundingRow]) -> list[str]:
    """The recipients a chart of ``rows`` draws, one panel each (their single-year figures);
    more than MAX_PANELS is refused, naming them, before anything is drawn."""
    names: dict[str, str] = {}
    for r in rows:
        if r.single_year:
            names.setdefault(sql_lower(r.recipient) or "", r.recipient)
    recipients = sorted(names.values(), key=lambda n: (sql_lower(n), n))
    if len(recipients) > MAX_PANELS:
        raise BadArgument(
            "recipient",
            f"a chart draws one panel per recipient, at most {MAX_PANELS}; these figures "
            f"have {len(recipients)}: {listing(recipients)}; choose one with {{name}}",
        )
    return recipients


def plot_funding(rows: list[FundingRow], path: Path, title: str) -> int:
    """Write a PNG of the single-year figures in ``rows``, one panel per recipient (see
    chart_recipients); returns the number of bars."""
    recipients = chart_recipients(rows)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from kb.output.render import atomic_path

    single = [r for r in rows if r.single_year]
    years = sorted({r.fy for r in single})
    accounts = sorted({r.account or NO_ACCOUNT for r in single})
    colour = {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(accounts)}
    panels = max(len(recipients), 1)
    fig, axes = plt.subplots(
        panels,
        1,
        figsize=(max(7.0, 1.6 * len(years) + 4), 1.0 + 4.0 * panels),
        dpi=120,
        squeeze=False,
    )
    bars = 0
    for ax, recipient in zip(axes[:, 0], recipients or [""], strict=True):
        mine = [r for r in single if sql_lower(r.recipient) == sql_lower(recipient)]
        bars += _panel(ax, mine, years, colour)
        if len(recipients) > 1:
            ax.set_title(recipient, fontsize=9, loc="left")
    handles = [Patch(facecolor=colour[a], edgecolor="black", label=a) for a in accounts]
    for status in sorted({r.status for r in single}):
        handles.append(
            Patch(
                facecolor="white",
                edgecolor="black",
                hatch=_hatch(status),
                label=status.replace("_", " "),
            )
        )
    top = axes[0, 0]
    top.legend(
        handles=handles, fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0)
    )
    if len(recipients) == 1:
        top.set_title(title, fontsize=10)
    else:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    with atomic_path(Path(path)) as tmp:
        fig.savefig(tmp, format="png")
    plt.close(fig)
    return bars


def _panel(ax: Any, single: list[FundingRow], years: list[int], colour: dict[str, str]) -> int:
    """One recipient's bars on ``ax``, every year of the chart on its x axis."""
    bars = 0
    for x, year in enumerate(years):
        # Only the figures this year has, side by side and centred on the year.
        figures = sorted(
            (r for r in single if r.fy == year),
            key=lambda r: (r.account or NO_ACCOUNT, r.status, r.id),
        )
        width = min(0.8 / max(len(figures), 1), 0.3)
        for i, row in enumerate(figures):
            left = x + (i - (len(figures) - 1) / 2) * width
            amount = float(row.amount_usd) / 1e6
            ax.bar(
                left,
                amount,
                width=width * 0.92,
                color=colour[row.account or NO_ACCOUNT],
                hatch=_hatch(row.status),
                edgecolor="black",
                linewidth=0.6,
            )
            label = f"{amount:,.1f}" + ("" if row.qualifier == "exact" else "*")
            ax.annotate(label, (left, amount), ha="center", va="bottom", fontsize=7)
            bars += 1
    ax.set_xticks(range(len(years)), [f"FY{y}" for y in years])
    ax.set_ylabel("US$ millions  (* = qualified: at least, nearly, ...)", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return bars
