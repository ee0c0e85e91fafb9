"""Dutch notation of numbers, in and out: the one rule for reading what a person types (`parse_number`) and the one
place that writes numbers for pages, documents, charts and messages (`format_*`). Pure Python: no Django, so the
engine's callers, the templates and the PDF all format alike, whatever language a request happens to be in.

Reading is strict where a wrong guess would cost money: a dot only groups thousands (4.495 is four thousand four
hundred and ninety-five) and must group exactly three digits, the comma is the only decimal sign, and what cannot be
read one way only is refused with a reason instead of being read as something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

THOUSANDS = "."
DECIMAL = ","
EURO = "€"
MINUS = "−"  # U+2212, the typographic minus for differences ("−€ 1.250")
NBSP = "\u00a0"

# Spaces a person or a copied figure may put between groups of digits (space, no-break space, narrow no-break space).
_SPACES = " \u00a0\u202f"
MAX_DIGITS = 40  # more than any amount, share or count here has; the engine keeps cents exact up to 10^40
_MINUS_SIGNS = "-−–"  # hyphen-minus, minus sign, en dash (what a word processor turns a typed minus into)
_BODY = re.compile(
    r"""^(?:
        (?P<grouped>[1-9]\d{0,2}(?P<sep>[.\u0020\u00a0\u202f])\d{3}(?:(?P=sep)\d{3})*)  # 4.495 · 1.234.567 · 4 495
      | (?P<plain>\d+)                                                         # 4495
      | (?P<empty>)                                                            # ,5
    )
    (?:,(?P<decimals>\d*|-{1,2}|—))?$                                          # ,50 · ,- (whole euros) · 12,
    """,
    re.VERBOSE,
)


class NumberFormatError(ValueError):
    """Text that is not one number in Dutch notation. `code` says why, for a message beside the field."""

    def __init__(self, code: str, text: str):
        super().__init__(f"{code}: {text!r}")
        self.code = code
        self.text = text


@dataclass(frozen=True)
class Parsed:
    value: Decimal
    percent_sign: bool = False
    euro_sign: bool = False


def parse_number(text: str, *, percent: bool = False, money: bool = False) -> Decimal | None:
    """The number in `text` as a person writes it in Dutch: `4.495,50`, `4495,5`, `€ 4.495`, `-1.250`, `€ 12,-`,
    and `12,5%` where a percentage is asked (`percent`; the value is then 12.5, not 0.125). Blank text is None.

    Raises NumberFormatError with one of these codes:
    - invalid: no number at all (`abc`), or signs in the wrong place
    - commas: more than one decimal comma (`12,3,4`)
    - grouping: dots or spaces that do not group thousands by three (`1.2.3,4`, `12.34`)
    - decimal_point: a dot used as decimal sign (`4495.50`, `4.5`): in Dutch that would be thousands
    - percent_sign: a % where no percentage is asked
    - euro_sign: a € where no amount in euros is asked
    - too_long: more digits than any figure in a dossier has (MAX_DIGITS)
    """
    parsed = _parse(text)
    if parsed is None:
        return None
    if parsed.percent_sign and not percent:
        raise NumberFormatError("percent_sign", text)
    if parsed.euro_sign and not money:
        raise NumberFormatError("euro_sign", text)
    return parsed.value


def _parse(text: str) -> Parsed | None:
    if text is None:
        return None
    rest = str(text).strip()
    if not rest:
        return None
    negative = euro = percent = sign_seen = False
    # Sign and currency in the orders people write them: -€ 1.250 · € -1.250 · EUR 100 · +12.
    while rest:
        if rest[0] in _MINUS_SIGNS or rest[0] == "+":
            if sign_seen:
                raise NumberFormatError("invalid", text)
            sign_seen, negative = True, rest[0] != "+"
            rest = rest[1:].lstrip(_SPACES)
        elif rest[0] == EURO or rest[:3].upper() == "EUR":
            if euro:
                raise NumberFormatError("invalid", text)
            euro = True
            rest = rest[1 if rest[0] == EURO else 3 :].lstrip(_SPACES)
        else:
            break
    if rest.endswith("%"):
        percent = True
        rest = rest[:-1].rstrip(_SPACES)
    if rest.endswith(EURO):  # 12,50 €
        if euro:
            raise NumberFormatError("invalid", text)
        euro = True
        rest = rest[:-1].rstrip(_SPACES)
    if not rest or not any(ch.isdigit() for ch in rest):
        raise NumberFormatError("invalid", text)
    if rest.count(DECIMAL) > 1:
        raise NumberFormatError("commas", text)
    if sum(ch.isdigit() for ch in rest) > MAX_DIGITS:
        raise NumberFormatError("too_long", text)
    match = _BODY.match(rest)
    if match is None:
        raise NumberFormatError(_why_not(rest), text)
    whole = match["grouped"] or match["plain"] or ""
    whole = re.sub(r"[.\u0020\u00a0\u202f]", "", whole) or "0"
    decimals = match["decimals"] or ""
    if not decimals.isdigit():  # "12,-" is whole euros, "12," a comma too many
        decimals = ""
    if not match["grouped"] and not match["plain"] and not decimals:
        raise NumberFormatError("invalid", text)
    try:
        value = Decimal(f"{'-' if negative else ''}{whole}{'.' + decimals if decimals else ''}")
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise NumberFormatError("invalid", text) from None
    return Parsed(value, percent_sign=percent, euro_sign=euro)


def _why_not(rest: str) -> str:
    """Why the digits and separators of `rest` are not a Dutch number: the most helpful of the reasons."""
    if re.fullmatch(r"[\d.\u0020\u00a0\u202f]+(,\d*)?", rest):
        whole = rest.split(DECIMAL)[0]
        if DECIMAL not in rest and whole.count(".") == 1 and re.fullmatch(r"\d+\.\d+", whole):
            return "decimal_point"  # 4495.50, 4.5: read as English, ten or a thousand times off in Dutch
        return "grouping"
    return "invalid"


# --- Writing -------------------------------------------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, float):
        return Decimal(str(float(value)))  # a numpy float too
    return Decimal(value)


def _round(value: Decimal, places: int) -> Decimal:
    with localcontext() as context:
        context.prec = max(context.prec, value.adjusted() + places + 3)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value, places: int | None = None, *, grouping: bool = True) -> str:
    """`value` in Dutch notation: 1.234.567,5. `places` rounds (half up) to that many decimals; None keeps what the
    number has, without trailing zeros (257,46 · 3 · 0,8). `grouping` puts a dot between thousands."""
    number = _decimal(value)
    if number is None:
        return ""
    if places is None:  # as many decimals as the number has, without trailing zeros
        exponent = number.as_tuple().exponent
        digits = number.as_tuple().digits
        trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        places = max(0, -(exponent + trailing)) if isinstance(exponent, int) and any(digits) else 0
    number = _round(number, places)
    if number == 0:
        number = number.copy_abs()  # never "-0"
    sign = "-" if number < 0 else ""
    digits = f"{number.copy_abs():f}"
    whole, _dot, fraction = digits.partition(".")
    if grouping:
        whole = _group(whole)
    return f"{sign}{whole}{DECIMAL + fraction if fraction else ''}"


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return THOUSANDS.join(groups)


def format_money(value, *, cents: bool = False) -> str:
    """An amount in euros: whole euros (€ 3.047.699), as pages and documents show results; `cents` for an amount a
    person entered or an export (€ 4.495,50). Rounded half up, like the engine's own rounding. Blank is ''."""
    number = _decimal(value)
    if number is None:
        return ""
    return f"{EURO} {format_number(number, 2 if cents else 0)}"


def format_amount(value) -> str:
    """An entered amount as its owner typed it: cents only where there are any (€ 7.799 · € 4.495,50)."""
    number = _decimal(value)
    if number is None:
        return ""
    return format_money(number, cents=number != number.to_integral())


def format_difference(value, *, money: bool = True, cents: bool = False, places: int | None = None) -> str:
    """A change with its sign always written: +€ 1.250 · −€ 1.250 · € 0 (no sign for no change); for a plain
    number (money=False) +3 · −0,5."""
    number = _decimal(value)
    if number is None:
        return ""
    shown_places = (2 if cents else 0) if money else places
    text = format_number(number.copy_abs(), shown_places)
    rounded_zero = set(text) <= set("0,.")
    sign = "" if rounded_zero else "+" if number > 0 else MINUS
    return f"{sign}{EURO} {text}" if money else f"{sign}{text}"


def format_percent(fraction, places: int | None = None) -> str:
    """A fraction as a percentage: 0.125 → 12,5% (places None: as many decimals as it has, at most two)."""
    number = _decimal(fraction)
    if number is None:
        return ""
    percent = number.scaleb(2)
    if places is None:
        percent = _round(percent, 2)
    return f"{format_number(percent, places)}%"


def format_fte(value) -> str:
    """Full-time equivalents with one decimal: 257,5."""
    return format_number(value, 1)


def format_count(value) -> str:
    """A number of people (a headcount, places): whole people, 238."""
    return format_number(value, 0)


def format_year(value) -> str:
    """A year, never with a thousands dot: 2026."""
    return "" if value is None or value == "" else str(int(value))


def input_text(value, *, places: int | None = None, percent: bool = False) -> str:
    """How a stored value is shown in an input for a person to change: 7.799,00 (money: places=2), 12,5 (a fraction
    entered as percentage), 257,46 (as many decimals as it has)."""
    number = _decimal(value)
    if number is None:
        return ""
    if percent:
        return format_number(_round(number.scaleb(2), 4).normalize(), None)
    return format_number(number, places)


def implausible_change(old, new, factor: int = 5) -> bool:
    """Whether changing an amount from `old` to `new` looks like a slip of the keyboard (a comma read as nothing, a
    zero too many, a lost minus): more than `factor` times larger or smaller, or the other sign. An amount that was
    0 has nothing to compare with."""
    old, new = _decimal(old), _decimal(new)
    if old is None or new is None or old == 0 or old == new:
        return False
    if new == 0 or (old < 0) != (new < 0):
        return True
    ratio = abs(new) / abs(old)
    return ratio > factor or ratio * factor < 1
