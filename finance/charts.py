"""Charts as SVG, rendered on the server, usable in a page and in a PDF (as a data: URI image, so no inline styles
reach the page). The bar chart of the documents is drawn with matplotlib (imported inside the function: it is slow
to import); the charts drawn again after every edit (a scenario's bars, the comparison's fan chart) are built by
hand, in milliseconds."""

import base64
import io
import math
from decimal import Decimal

from django.utils.html import escape

from . import computed
from .numbers import EURO, format_money, format_number

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
    if len(series) > 1:  # one series is named by the title; its legend would only lie over the bars
        axis.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode()).decode()


# The fan's lines in the order scenarios come: dark and distinct hues first (each line ≥ 3:1 against white; the
# palette's lightest blue is only a fill), and a marker and dash of their own, so they part without colour too.
# Seven scenarios before a look repeats (a dossier rarely compares more).
FAN_COLOURS = [PALETTE[0], PALETTE[3], PALETTE[4], PALETTE[1], "#7a1f5c", "#4d4d4d", "#b03a2e"]
FAN_MARKERS = ["o", "s", "^", "D", "v", "D", "o"]
FAN_DASHES = ["", "7 3", "7 3 2 3", "2 3", "6 2 2 2", "10 3", "3 2 3 6"]  # SVG stroke-dasharray ("": solid)


def fan_chart(
    title: str,
    years: list[int],
    bands: dict[str, dict],
    *,
    y_label: str = "",
    legend_title: str = "",
) -> str:
    """A fan chart as a data: URI of an SVG image: per scenario (a name in `bands`) its P10–P90 band per year as a
    translucent area and its P50 as a line with markers. `bands[name]` maps a year (int or its text) to {"p10",
    "p50", "p90"} (Decimal, text or number; a year without bands is a gap). The same input gives the same bytes."""
    series = tuple(
        (name, tuple((y, band) for y in years if (band := _band(per_year, y)) is not None))
        for name, per_year in bands.items()
    )
    drawn = (str(title), tuple(years), series, str(y_label), str(legend_title))
    # The comparison page draws the same bands on every visit (a few hundred milliseconds each) and the drawing
    # depends on nothing but its input: kept in the `computed` cache under a digest of that input, never stale.
    return computed.kept("finance:fan-chart", drawn, lambda: _fan_svg(*drawn))


def _fan_svg(title: str, years: tuple[int, ...], series: tuple, y_label: str, legend_title: str) -> str:
    """The drawing of `fan_chart`, built by hand like `svg_bars`: the comparison page draws it again after every
    edit of a scenario's figures, and matplotlib took ≈ 150 ms for it. An SVG image (the text as text, in DejaVu
    Sans like the other charts), the same bytes for the same input."""

    width, left, right, head, plot_h = 750, 96, 18, 34, 236
    legend = [(i, name, _wrap(name, 40)) for i, (name, shown) in enumerate(series) if shown]
    rows = [
        max(len(legend[k][2]), len(legend[k + 1][2]) if k + 1 < len(legend) else 0) for k in range(0, len(legend), 2)
    ]
    legend_top = head + plot_h + 34
    title_h = 18 if legend_title and legend else 0
    height = legend_top + title_h + sum(13 * n + 9 for n in rows) + 8
    values = [v for _name, shown in series for _y, band in shown for v in band]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    ticks = _nice_ticks(low, high)
    bottom, top = ticks[0], ticks[-1]
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 0.0
    millions = max(abs(bottom), abs(top)) >= 1_000_000 and step >= 100_000  # else "€ 4,8 mln" twice
    plot_w = width - left - right
    slot = plot_w / max(len(years), 1)

    def x(year: int) -> float:
        return left + (years.index(year) + 0.5) * slot

    def y(value: float) -> float:
        return head + (top - value) / ((top - bottom) or 1.0) * plot_h

    text = 'fill="#1a1a1a"'
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="DejaVu Sans, Arial, sans-serif" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="18" font-size="14" {text}>{escape(title)}</text>',
    ]
    for tick in ticks:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#d9d9d9"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" font-size="11" text-anchor="end" {text}>'
            f"{escape(_euro_short(tick, millions))}</text>"
        )
    axis_y = head + plot_h
    parts.append(f'<line x1="{left}" x2="{left}" y1="{head}" y2="{axis_y}" stroke="#1a1a1a"/>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{axis_y}" y2="{axis_y}" stroke="#1a1a1a"/>')
    for year in years:
        parts.append(f'<line x1="{x(year):.1f}" x2="{x(year):.1f}" y1="{axis_y}" y2="{axis_y + 4}" stroke="#1a1a1a"/>')
        parts.append(
            f'<text x="{x(year):.1f}" y="{axis_y + 18}" font-size="11" text-anchor="middle" {text}>{year}</text>'
        )
    if y_label:
        middle = head + plot_h / 2
        parts.append(
            f'<text x="14" y="{middle:.1f}" font-size="11" text-anchor="middle" '
            f'transform="rotate(-90 14 {middle:.1f})" {text}>{escape(y_label)}</text>'
        )
    for i, (_name, shown) in enumerate(series):
        if not shown:
            continue
        colour = FAN_COLOURS[i % len(FAN_COLOURS)]
        lows = [(x(year), y(band[0])) for year, band in shown]
        mids = [(x(year), y(band[1])) for year, band in shown]
        highs = [(x(year), y(band[2])) for year, band in shown]
        parts.append(f'<polygon points="{_points(lows + highs[::-1])}" fill="{colour}" fill-opacity="0.16"/>')
        for edge in (lows, highs):
            parts.append(
                f'<polyline points="{_points(edge)}" fill="none" stroke="{colour}" stroke-opacity="0.5" '
                'stroke-width="0.8"/>'
            )
        parts.append(_median(mids, i, colour))
    row_top = legend_top
    if title_h:
        parts.append(f'<text x="{left}" y="{row_top + 10}" font-size="12" {text}>{escape(legend_title)}</text>')
        row_top += title_h
    for k, lines in enumerate(rows):
        middle = row_top + 8
        for side, (i, _name, wrapped) in enumerate(legend[2 * k : 2 * k + 2]):
            column = left + side * plot_w / 2
            colour = FAN_COLOURS[i % len(FAN_COLOURS)]
            parts.append(
                f'<rect x="{column:.1f}" y="{middle - 6:.1f}" width="40" height="12" fill="{colour}" '
                'fill-opacity="0.25"/>'
            )
            swatch = [(column + 4, middle), (column + 20, middle), (column + 36, middle)]
            parts.append(_median(swatch, i, colour, marked=[1]))
            for n, line in enumerate(wrapped):
                parts.append(
                    f'<text x="{column + 48:.1f}" y="{middle + 4 + n * 13:.1f}" font-size="12" {text}>'
                    f"{escape(line)}</text>"
                )
        row_top += 13 * lines + 9
    parts.append("</svg>")
    return "data:image/svg+xml;base64," + base64.b64encode("\n".join(parts).encode()).decode()


def _nice_ticks(low: float, high: float, count: int = 6) -> list[float]:
    """Round axis values around [low, high]: a step of 1, 2, 2,5 or 5 × a power of ten, about `count` ticks."""
    if high <= low:
        low, high = low - (abs(low) * 0.1 or 1.0), high + (abs(high) * 0.1 or 1.0)
    raw = (high - low) / (count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - 1e-9 * step:
        ticks.append(first + len(ticks) * step)
    return ticks


def _median(points: list[tuple[float, float]], i: int, colour: str, marked: list[int] | None = None) -> str:
    """A scenario's P50 line with its dash and a marker of its own at each point (or at the `marked` ones)."""
    dash = FAN_DASHES[i % len(FAN_DASHES)]
    line = (
        f'<polyline points="{_points(points)}" fill="none" stroke="{colour}" stroke-width="1.8"'
        + (f' stroke-dasharray="{dash}"' if dash else "")
        + "/>"
    )
    chosen = [points[n] for n in marked] if marked is not None else points
    return line + "".join(_marker(FAN_MARKERS[i % len(FAN_MARKERS)], px, py, colour) for px, py in chosen)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 3.2
    if shape == "o":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
    if shape == "s":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{colour}"/>'
    corners = {
        "^": [(0, -r * 1.2), (r * 1.1, r * 0.8), (-r * 1.1, r * 0.8)],
        "v": [(0, r * 1.2), (r * 1.1, -r * 0.8), (-r * 1.1, -r * 0.8)],
        "D": [(0, -r * 1.2), (r, 0), (0, r * 1.2), (-r, 0)],
    }[shape]
    return f'<polygon points="{_points([(x + dx, y + dy) for dx, dy in corners])}" fill="{colour}"/>'


def _points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{px:.1f},{py:.1f}" for px, py in points)


def _band(per_year: dict, year: int) -> tuple[float, float, float] | None:
    values = per_year.get(year, per_year.get(str(year)))
    if not values:
        return None
    return tuple(float(Decimal(str(values[k]))) for k in ("p10", "p50", "p90"))


def _euro_short(value: float, millions: bool) -> str:
    """An axis amount: in millions with one decimal (€ 1,2 mln), else in whole euros (€ 480.000)."""
    if millions:
        return f"{EURO} {format_number(Decimal(str(value)) / 1_000_000, 1)} mln"
    return _euro(value)


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
