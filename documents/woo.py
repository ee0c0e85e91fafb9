"""The Woo publication of a decided dossier: the documents of a published besluit, public without logging in, and
their DiWoo metadata in a sitemap (the Woo-index's sitemap extension, https://standaarden.overheid.nl/diwoo/metadata):
one `<url>` per published document with a `diwoo:Document` naming the gemeente (its TOOI identifier), the title,
the informatiecategorie for college decisions, the format and the date of the vaststelling.

What is published is decided elsewhere (`selectors.published_decisions`: the decisions the bestuurssecretariaat
published, on an openbaar voorstel); this module only tells it, and serves nothing else."""

import functools
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from dossier.models import Dossier

from .catalogue import DECIDED_COPIES, DOCUMENTS, decided_copy, title_of
from .models import DossierVersion, VersionDocument
from .selectors import published_decisions

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
DIWOO = "https://standaarden.overheid.nl/diwoo/metadata/"
TOOI = Path(__file__).resolve().parent / "standards" / "tooi" / "tooi.json"
MAX_URLS = 50_000  # a sitemap holds at most this many (sitemaps.org); a dossier has a handful of documents


class WooError(Exception):
    """The sitemap cannot be written; the message says why, in Dutch, for the command line."""


@functools.cache
def tooi() -> dict:
    """The vendored TOOI values (documents/standards/tooi/README.md)."""
    return json.loads(TOOI.read_text(encoding="utf-8"))


def publisher(gemeente: str) -> tuple[str, str] | None:
    """The gemeente's TOOI identifier and label, found by its name ("Twenterand" → gm1700); None when the TOOI list
    does not know it."""
    wanted = f"gemeente {gemeente}".casefold().strip()
    return next(((uri, label) for uri, label in tooi()["gemeenten"].items() if label.casefold() == wanted), None)


@dataclass(frozen=True)
class Publication:
    """One published document as the sitemap tells it."""

    loc: str  # the document itself, absolute (a harvester wants no landing page)
    lastmod: date  # published on
    identifier: str
    title: str
    created: date  # the date of the college's meeting
    established: datetime  # the vaststelling (the meeting's date; the hour is not recorded)


def _site(site_url: str | None) -> str:
    return (site_url or settings.SITE_URL).rstrip("/")


def publications(dossier: Dossier, site_url: str | None = None) -> list[Publication]:
    """The dossier's published documents: newest decision first, what each makes public (published_documents)."""
    result = []
    for decision in published_decisions(dossier):
        version = decision.version
        proposal = (version.snapshot.get("content", {}).get("documents.proposal") or [{}])[0]
        onderwerp = proposal.get("onderwerp") or dossier.title
        meeting = decision.meeting_date
        established = timezone.make_aware(datetime.combine(meeting, time()), timezone.get_default_timezone())
        for key in published_documents(decision):
            result.append(
                Publication(
                    loc=_site(site_url) + document_path(dossier, version, key),
                    lastmod=timezone.localdate(decision.published_at),
                    identifier=f"beslisdossier/{dossier.slug}/v{version.number}/{key}",
                    title=f"{title_of(key)}: {onderwerp}",
                    created=meeting,
                    established=established,
                )
            )
    return result[:MAX_URLS]


def published_documents(decision) -> list[str]:
    """The names of the documents a published decision makes public, in the catalogue's order, each once it is ready:
    the decided copy of this decision where there is one (the besluit filled in), else the version's own document."""
    wanted = [decided_copy(key, decision.number) if key in DECIDED_COPIES else key for key in DOCUMENTS]
    ready = set(
        VersionDocument.objects.filter(
            version=decision.version, document__in=wanted, state=VersionDocument.State.READY
        ).values_list("document", flat=True)
    )
    return [key for key in wanted if key in ready]


def document_path(dossier: Dossier, version: DossierVersion, document: str) -> str:
    return reverse("woo-document", kwargs={"slug": dossier.slug, "number": version.number, "document": document})


def published_document(slug: str, number: int, document: str) -> VersionDocument | None:
    """The stored PDF of `document` of version `number` when, and only when, it is published; else None."""
    dossier = Dossier.objects.filter(slug=slug).first()
    if dossier is None:
        return None
    decision = next((d for d in published_decisions(dossier) if d.version.number == number), None)
    if decision is None or document not in published_documents(decision):
        return None
    return VersionDocument.objects.filter(version=decision.version, document=document).first()


def sitemap(dossier: Dossier | None, site_url: str | None = None) -> bytes:
    """The sitemap with DiWoo metadata of the dossier's published documents: well-formed and valid under sitemap 0.9
    with no `<url>` at all while nothing is published (or for no dossier). WooError when there is something to
    publish but the gemeente is not in the TOOI list (the publisher is mandatory)."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("diwoo", DIWOO)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    items = publications(dossier, site_url) if dossier is not None else []
    if items:
        found = publisher(dossier.gemeente)
        if found is None:
            raise WooError(
                f"Gemeente {dossier.gemeente} staat niet in de TOOI-lijst van gemeenten; "
                "de Woo-metadata kan de uitgever niet noemen."
            )
        for item in items:
            _url(root, item, found)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _sub(parent, name: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{DIWOO}}}{name}", attributes)
    if text is not None:
        element.text = text
    return element


def _url(root: ET.Element, item: Publication, found: tuple[str, str]) -> None:
    values = tooi()
    url = ET.SubElement(root, f"{{{SITEMAP}}}url")
    ET.SubElement(url, f"{{{SITEMAP}}}loc").text = item.loc
    ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = item.lastmod.isoformat()
    diwoo = _sub(_sub(url, "Document"), "DiWoo")
    _sub(_sub(diwoo, "identifiers"), "identifier", item.identifier)
    _sub(diwoo, "publisher", found[1], resource=found[0])
    _sub(_sub(diwoo, "titelcollectie"), "officieleTitel", item.title)
    category = values["informatiecategorie_college"]
    classification = _sub(_sub(diwoo, "classificatiecollectie"), "informatiecategorieen")
    _sub(classification, "informatiecategorie", category["label"], resource=category["resource"])
    _sub(diwoo, "creatiedatum", item.created.isoformat())
    _sub(diwoo, "format", values["format_pdf"]["label"], resource=values["format_pdf"]["resource"])
    handling = _sub(_sub(diwoo, "documenthandelingen"), "documenthandeling")
    action = values["handeling_vaststelling"]
    _sub(handling, "soortHandeling", action["label"], resource=action["resource"])
    _sub(handling, "atTime", item.established.isoformat())
