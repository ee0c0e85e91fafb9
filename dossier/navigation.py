"""The dossier's navigation as data: one list of groups and entries, rendered by one loop in base.html.

An entry is current when the path is its page ("exact") or lies under it ("section": a research area under the
research areas); when several match, the longest URL wins, so a scenario's own page lights up "Scenarios" and
the comparison lights up "Comparison" only.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    match: str = "exact"  # "exact": only its own page; "section": its page and every page under it


@dataclass(frozen=True)
class Group:
    label: str
    entries: tuple[Entry, ...]


NAVIGATION: tuple[Group, ...] = (
    Group(
        _("Dossier"),
        (
            Entry(_("Overview"), "dossier:overview"),
            Entry(_("Bestuursopdracht"), "dossier:bestuursopdracht"),
            Entry(_("Research areas"), "dossier:areas", "section"),
            Entry(_("Infrastructure functions"), "dossier:functions", "section"),
            Entry(_("Kaders"), "dossier:kaders"),
            Entry(_("Planning"), "dossier:planning"),
            Entry(_("Risks"), "dossier:risks"),
            Entry(_("Participation"), "dossier:participation"),
            Entry(_("Sources"), "dossier:sources"),
        ),
    ),
    Group(
        _("Finance and scenarios"),
        (
            Entry(_("Berenschot-toets"), "dossier:finance-berenschot"),
            Entry(_("Projection"), "dossier:finance-projection"),
            Entry(_("Scenarios"), "dossier:scenario-list", "section"),
            Entry(_("Providers"), "dossier:providers"),
            Entry(_("Weighting"), "dossier:weights"),
            Entry(_("Scenario comparison"), "dossier:scenario-comparison"),
            Entry(_("Meerjarenraming"), "dossier:finance-budget"),
            Entry(_("Uncertainty"), "dossier:finance-uncertainty"),
        ),
    ),
    Group(
        _("Werkgroep"),
        (
            Entry(_("Comments"), "dossier:threads", "section"),
            Entry(_("Advice"), "dossier:advice", "section"),
            Entry(_("Advice and paraaf route"), "dossier:route", "section"),
        ),
    ),
    Group(
        _("Decision"),
        (
            Entry(_("Documents"), "dossier:documents"),
            Entry(_("Collegevoorstel"), "dossier:proposal"),
            Entry(_("Bestuurlijke reactie"), "dossier:reaction"),
            Entry(_("Versions"), "dossier:versions", "section"),
            Entry(_("History"), "dossier:history", "section"),
        ),
    ),
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool


def navigation(dossier, path: str) -> list[tuple[str, list[Link]]]:
    """The navigation of `dossier` as (group label, links), the link of the page at `path` marked current."""
    groups = [
        (group.label, [(entry, reverse(entry.url_name, kwargs={"slug": dossier.slug})) for entry in group.entries])
        for group in NAVIGATION
    ]
    matching = [
        url
        for _label, entries in groups
        for entry, url in entries
        if path == url or (entry.match == "section" and path.startswith(url))
    ]
    current = max(matching, key=len, default=None)
    return [(label, [Link(entry.label, url, url == current) for entry, url in entries]) for label, entries in groups]
