"""MDTO-XML 1.0.2 (the Nationaal Archief's metadata standard, schema in `standards/mdto/`): one file per
informatieobject and per bestand, each element in the schema's order. Pure: plain values in, bytes out.

The schema checks the shape, not the begrippen: the labels and the names of their lists are the Nationaal Archief's
begrippenlijsten (MDTO 1.0), spelled here once."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

NAMESPACE = "https://www.nationaalarchief.nl/mdto"
SCHEMA = Path(__file__).resolve().parent / "standards" / "mdto" / "MDTO-XML1.0.2.xsd"

AGGREGATIENIVEAUS = "Begrippenlijst Aggregatieniveaus MDTO"
WAARDERINGEN = "Begrippenlijst Waarderingen MDTO"
BEPERKINGEN = "Begrippenlijst BeperkingGebruikTypeLijst MDTO"
CHECKSUM_ALGORITMEN = "Begrippenlijst ChecksumAlgoritme MDTO"
EVENTTYPEN = "Begrippenlijst EventTypeLijst MDTO"
PRONOM = "PRONOM-register"

DOSSIER = "Dossier"
ARCHIEFSTUK = "Archiefstuk"
# The closed list of waarderingen: code -> label.
WAARDERING_LABELS = {"B": "Blijvend te bewaren", "V": "Tijdelijk te bewaren", "N": "Nader te bepalen"}
GEEN_BEPERKING = "Geen beperking"
OVERIG = "Overig"
SHA256 = "SHA-256"
BEVRIEZING = "Bevriezing"


@dataclass(frozen=True)
class Ref:
    """An object's identity: its name, and its kenmerk within a source (identificatie, or a verwijzing to it)."""

    naam: str
    kenmerk: str
    bron: str


@dataclass(frozen=True)
class FileFormat:
    """A format in The National Archives' PRONOM registry: its PUID and name."""

    puid: str
    label: str


@dataclass(frozen=True)
class Category:
    """What a selectielijst says of the object: its category, waardering (B/V/N) and bewaartermijn."""

    selectielijst: str
    code: str
    label: str
    waardering: str
    years: int | None


@dataclass(frozen=True)
class Restriction:
    """beperkingGebruik: a type from the MDTO list and, where it restricts, why."""

    type: str
    description: str = ""


@dataclass(frozen=True)
class InformationObject:
    ref: Ref
    aggregatieniveau: str
    category: Category
    archiefvormer: str
    restriction: Restriction
    omschrijving: str = ""
    frozen_at: datetime | None = None  # the event Bevriezing
    part_of: Ref | None = None
    parts: tuple[Ref, ...] = ()
    representations: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class File:
    ref: Ref  # naam: the file's name in the package
    size: int
    format: FileFormat
    sha256: str
    checksum_at: datetime
    represents: Ref


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _add(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, _tag(name))
    if text is not None:
        element.text = text
    return element


def _begrip(parent: ET.Element, name: str, label: str, lijst: str, code: str = "") -> None:
    element = _add(parent, name)
    _add(element, "begripLabel", label)
    if code:
        _add(element, "begripCode", code)
    _add(_add(element, "begripBegrippenlijst"), "verwijzingNaam", lijst)


def _verwijzing(parent: ET.Element, name: str, ref: Ref) -> None:
    element = _add(parent, name)
    _add(element, "verwijzingNaam", ref.naam)
    _identificatie(element, "verwijzingIdentificatie", ref)


def _identificatie(parent: ET.Element, name: str, ref: Ref) -> None:
    element = _add(parent, name)
    _add(element, "identificatieKenmerk", ref.kenmerk)
    _add(element, "identificatieBron", ref.bron)


def _timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("MDTO dates are aware: a moment without a time zone is ambiguous")
    return moment.isoformat(timespec="seconds")


def _document(build) -> bytes:
    root = ET.Element(_tag("MDTO"))
    build(root)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True, default_namespace=NAMESPACE) + b"\n"


def informatieobject(obj: InformationObject) -> bytes:
    """The MDTO file of one informatieobject (a dossier or an archiefstuk)."""

    def build(root):
        element = _add(root, "informatieobject")
        _identificatie(element, "identificatie", obj.ref)
        _add(element, "naam", obj.ref.naam)
        _begrip(element, "aggregatieniveau", obj.aggregatieniveau, AGGREGATIENIVEAUS)
        if obj.omschrijving:
            _add(element, "omschrijving", obj.omschrijving)
        if obj.frozen_at is not None:
            event = _add(element, "event")
            _begrip(event, "eventType", BEVRIEZING, EVENTTYPEN)
            _add(event, "eventTijd", _timestamp(obj.frozen_at))
        category = obj.category
        _begrip(element, "waardering", WAARDERING_LABELS[category.waardering], WAARDERINGEN, category.waardering)
        if category.years is not None:
            _add(_add(element, "bewaartermijn"), "termijnLooptijd", f"P{category.years}Y")
        _begrip(element, "informatiecategorie", category.label, category.selectielijst, category.code)
        if obj.part_of is not None:
            _verwijzing(element, "isOnderdeelVan", obj.part_of)
        for part in obj.parts:
            _verwijzing(element, "bevatOnderdeel", part)
        for representation in obj.representations:
            _verwijzing(element, "heeftRepresentatie", representation)
        _add(_add(element, "archiefvormer"), "verwijzingNaam", obj.archiefvormer)
        restriction = _add(element, "beperkingGebruik")
        _begrip(restriction, "beperkingGebruikType", obj.restriction.type, BEPERKINGEN)
        if obj.restriction.description:
            _add(restriction, "beperkingGebruikNadereBeschrijving", obj.restriction.description)

    return _document(build)


def bestand(file: File) -> bytes:
    """The MDTO file of one bestand: a file in the package, the representation of one informatieobject."""

    def build(root):
        element = _add(root, "bestand")
        _identificatie(element, "identificatie", file.ref)
        _add(element, "naam", file.ref.naam)
        _add(element, "omvang", str(file.size))
        _begrip(element, "bestandsformaat", file.format.label, PRONOM, file.format.puid)
        checksum = _add(element, "checksum")
        _begrip(checksum, "checksumAlgoritme", SHA256, CHECKSUM_ALGORITMEN)
        _add(checksum, "checksumWaarde", file.sha256)
        _add(checksum, "checksumDatum", _timestamp(file.checksum_at))
        _verwijzing(element, "isRepresentatieVan", file.represents)

    return _document(build)
