"""Charts as SVG, rendered on the server with matplotlib, usable in a page and in a PDF (as a data: URI image,
so no inline styles reach the page). matplotlib is imported inside the function: it is slow to import."""

import base64
import io
from decimal import Decimal

PALETTE = ["#0b4f8a", "#5b8fc7", "#a8c5e6", "#8a5a00", "#1e6b2e"]


def bar_chart(
    title: str,
    years: list[int],
    series: dict[str, list[Decimal]],
    *,
    stacked: bool = True,
    y_label: str = "",
    money: bool = False,
) -> str:
    """A (stacked) bar chart per year as a data: URI of an SVG image."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import FuncFormatter

    plt.rcParams.update(
        {"svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "beslisdossier"}
    )
    figure, axis = plt.subplots(figsize=(7.5, 3.2), dpi=100)
    bottom = [0.0] * len(years)
    width = 0.8 if stacked else 0.8 / max(len(series), 1)
    for i, (label, values) in enumerate(series.items()):
        numbers = [float(v or 0) for v in values]
        positions = years if stacked else [y - 0.4 + width * (i + 0.5) for y in years]
        axis.bar(
            positions,
            numbers,
            width=width,
            bottom=bottom if stacked else None,
            label=label,
            color=PALETTE[i % len(PALETTE)],
        )
        if stacked:
            bottom = [b + n for b, n in zip(bottom, numbers, strict=True)]
    axis.set_title(title, loc="left", fontsize=10)
    axis.set_ylabel(y_label)
    axis.set_xticks(years)
    axis.spines[["top", "right"]].set_visible(False)
    if money:
        axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"€ {v:,.0f}".replace(",", ".")))
    axis.legend(frameon=False, fontsize=8, loc="upper right")
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode()).decode()
