"""`kb funding --plot`: single-year figures by fiscal year, coloured by account,
hatched by status.  matplotlib is imported here only, never at CLI start-up."""

from __future__ import annotations

from pathlib import Path

from kb.funding import ENACTED, FundingRow

HATCH = {
    "requested": "//",
    "estimated": "..",
    "reported": "",
    "house_passed": "xx",
    "senate_introduced": "\\\\",
    "senate_passed": "xx",
    "committee_reported": "++",
}
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]


def plot_funding(rows: list[FundingRow], path: Path, title: str) -> int:
    """Write a PNG; returns the number of bars drawn."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from kb.render import atomic_path

    single = [r for r in rows if r.single_year]
    years = sorted({r.fy for r in single})
    series = sorted({(r.account or "no account", r.status) for r in single})
    accounts = sorted({a for a, _ in series})
    colour = {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(accounts)}
    width = 0.8 / max(len(series), 1)
    fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(years) + 3), 4.8), dpi=120)
    bars = 0
    for i, (account, status) in enumerate(series):
        for year in years:
            amount = sum(
                float(r.amount_usd) / 1e6
                for r in single
                if r.fy == year and (r.account or "no account") == account and r.status == status
            )
            if not amount:
                continue
            x = years.index(year) + (i - (len(series) - 1) / 2) * width
            ax.bar(
                x,
                amount,
                width=width * 0.95,
                color=colour[account],
                hatch=HATCH.get(status, "") if status not in ENACTED else "",
                edgecolor="black",
                linewidth=0.5,
            )
            ax.annotate(f"{amount:,.1f}", (x, amount), ha="center", va="bottom", fontsize=7)
            bars += 1
    ax.set_xticks(range(len(years)), [f"FY{y}" for y in years])
    ax.set_ylabel("US$ millions")
    ax.set_title(title, fontsize=10)
    handles = [Patch(facecolor=colour[a], edgecolor="black", label=a) for a in accounts]
    statuses = sorted({s for _, s in series})
    handles += [
        Patch(
            facecolor="white",
            edgecolor="black",
            hatch=HATCH.get(s, "") if s not in ENACTED else "",
            label=s,
        )
        for s in statuses
    ]
    ax.legend(handles=handles, fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    with atomic_path(Path(path)) as tmp:
        fig.savefig(tmp, format="png")
    plt.close(fig)
    return bars
