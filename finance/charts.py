"""Charts as SVG, rendered on the server with matplotlib, usable in a page and in a PDF (as a data: URI image,
so no inline styles reach the page). matplotlib is imported inside the function: it is slow to import."""

import base64
import io
from decimal import Decimal

from .numbers import format_money

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
        axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_money(Decimal(str(float(v))))))
    axis.legend(frameon=False, fontsize=8, loc="upper right")
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode()).decode()


def svg_bars(title: str, years: list[int], values: list[Decimal | None], *, width=640, height=200) -> str:
    """A small bar chart of one amount per year as inline SVG markup, built by hand because it is redrawn on every
    recompute of a scenario (matplotlib takes tens of milliseconds). No style attributes, so a strict CSP
    allows it; the figures themselves are in a table beside it."""

    numbers = [float(v or 0) for v in values]
    top, bottom = max([0.0, *numbers]), min([0.0, *numbers])
    span = (top - bottom) or 1.0
    left, right, head, foot = 90, 10, 24, 22
    plot_w, plot_h = width - left - right, height - head - foot
    step = plot_w / max(len(years), 1)

    def y(value: float) -> float:
        return head + (top - value) / span * plot_h

    parts = [
        *_svg_open(title, width, height),
        f'<text x="{left - 6}" y="{y(top) + 4:.1f}" font-size="11" text-anchor="end" '
        f'fill="#1a1a1a">{_euro(top)}</text>',
        f'<line x1="{left}" x2="{width - right}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#1a1a1a"/>',
    ]
    if bottom < 0:
        parts.append(
            f'<text x="{left - 6}" y="{y(bottom) + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#1a1a1a">{_euro(bottom)}</text>'
        )
    for i, (year, value) in enumerate(zip(years, numbers, strict=True)):
        x = left + i * step + step * 0.15
        y0, y1 = sorted((y(0), y(value)))
        parts.append(
            f'<rect x="{x:.1f}" y="{y0:.1f}" width="{step * 0.7:.1f}" height="{max(y1 - y0, 0.5):.1f}" '
            f'fill="{PALETTE[0]}"><title>{year}: {_euro(value)}</title></rect>'
        )
        parts.append(
            f'<text x="{x + step * 0.35:.1f}" y="{height - 6}" font-size="11" text-anchor="middle" '
            f'fill="#1a1a1a">{year}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def svg_named_bars(title: str, names: list[str], values: list[Decimal | None], *, width=640) -> str:
    """One horizontal bar per named item (a scenario), its whole name beside it (wrapped, never cut) and its amount
    at its end, on an axis from zero: readable without a legend or numbered bars. Inline SVG like `svg_bars`."""
    from django.utils.html import escape

    numbers = [float(v or 0) for v in values]
    top, bottom = max([0.0, *numbers]), min([0.0, *numbers])
    span = (top - bottom) or 1.0
    left, right, head, line_h, pad, axis = 230, 90, 26, 13, 10, 24
    plot_w = width - left - right
    wrapped = [_wrap(name, 34) for name in names]
    rows = [max(34, len(lines) * line_h + pad) for lines in wrapped]
    height = head + sum(rows) + axis

    def x(value: float) -> float:
        return left + (value - bottom) / span * plot_w

    parts = _svg_open(title, width, height)
    top_y = head
    for name, lines, value, row in zip(names, wrapped, numbers, rows, strict=True):
        middle = top_y + row / 2
        for n, line in enumerate(lines):
            baseline = middle + 4 + (n - (len(lines) - 1) / 2) * line_h
            parts.append(
                f'<text x="{left - 8}" y="{baseline:.1f}" font-size="11" text-anchor="end" '
                f'fill="#1a1a1a">{escape(line)}</text>'
            )
        x0, x1 = sorted((x(0), x(value)))
        parts.append(
            f'<rect x="{x0:.1f}" y="{middle - 11:.1f}" width="{max(x1 - x0, 0.5):.1f}" height="22" '
            f'fill="{PALETTE[0]}"><title>{escape(name)}: {_euro(value)}</title></rect>'
        )
        parts.append(
            f'<text x="{x(value) + (6 if value >= 0 else -6):.1f}" y="{middle + 4:.1f}" font-size="11" '
            f'text-anchor="{"start" if value >= 0 else "end"}" fill="#1a1a1a">{_euro(value)}</text>'
        )
        top_y += row
    parts.append(f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{head}" y2="{top_y}" stroke="#1a1a1a"/>')
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top_y}" y2="{top_y}" stroke="#1a1a1a"/>')
    for tick in sorted({bottom, 0.0, top}):
        parts.append(
            f'<text x="{x(tick):.1f}" y="{top_y + 16}" font-size="10" text-anchor="middle" '
            f'fill="#1a1a1a">{_euro(tick)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _euro(value: float) -> str:
    return format_money(Decimal(str(float(value))))


def _svg_open(title: str, width: int, height: int) -> list[str]:
    """The start of an inline chart: its size, its accessible name and its title line."""
    from django.utils.html import escape

    return [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="14" font-size="13" fill="#1a1a1a">{escape(title)}</text>',
    ]


def _wrap(text: str, width: int) -> list[str]:
    """The words of `text` in lines of at most `width` characters (a longer word keeps a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]
