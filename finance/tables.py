"""A table as the finance pages and their xlsx downloads share it: the same cells, the same sources."""

from dataclasses import dataclass, field
from decimal import Decimal

from .numbers import format_number


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text | money | number | percent | year


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    sources: list[str] = field(default_factory=list)  # one per row: where its figures come from

    def add(self, cells: list, source: str = "") -> None:
        self.rows.append(cells)
        self.sources.append(source)


def relative(difference: Decimal | None, printed: Decimal | None) -> Decimal | None:
    if difference is None or not printed:
        return None
    return difference / abs(printed)


def dutch_number(value) -> str:
    """A number as the Dutch UI writes it in running text (names of elements): 2.284.000 · 0,8 · 3,5."""
    return format_number(value)
