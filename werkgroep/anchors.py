"""What a thread can be anchored to: every registered kind of dossier content, plus the finance module's tariff
sets and parameters (reference data shared by dossiers; a thread about them still belongs to one dossier).

An anchor type has two names: its kind's key (`risico`), which is only a URL segment and part of HTML ids, and its
stable name, the model's label (`dossier.risk`), which is what is stored (`Thread.anchor_kind`, a snapshot's
`name:pk` or `name:pk:part`, an export). A part is one section of the element or one of its fields (a single
assumption of the projection, one text of the bestuursopdracht).
"""

from dataclasses import dataclass
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import Http404
from django.urls import reverse
from django.utils.text import Truncator

from dossier.kinds import KINDS, element_url
from finance.models import Parameter, TariffSet

LABEL_LENGTH = 90


@dataclass(frozen=True)
class AnchorType:
    key: str  # URL segment and HTML ids, never stored
    model: type[Model]
    in_dossier: bool = True  # the element belongs to one dossier (else: shared reference data)

    @property
    def name(self) -> str:
        """The stable name a thread stores: the model's label."""
        return self.model._meta.label_lower

    @property
    def label(self):
        return self.model._meta.verbose_name


@cache
def anchor_types() -> dict[str, AnchorType]:
    """Every anchor type by its stable name; built once, after every app has registered its kinds."""

    # Every kind a user edits in the dossier (citations are about other elements; kinds without a form, such as
    # the weights, are only changed together on a page of their own).
    types = [AnchorType(key, kind.model) for key, kind in KINDS.items() if kind.key != "bronvermelding" and kind.form]
    types += [AnchorType("tariefset", TariffSet, False), AnchorType("parameter", Parameter, False)]
    return {t.name: t for t in types}


@cache
def _by_key() -> dict[str, AnchorType]:
    return {t.key: t for t in anchor_types().values()}


def anchor_type(key: str) -> AnchorType:
    """The anchor type a URL names by its kind's key (404 for an unknown one)."""
    try:
        return _by_key()[key]
    except KeyError:
        raise Http404("Unknown element kind") from None


@cache
def _by_model() -> dict[type, AnchorType]:
    return {t.model: t for t in reversed(anchor_types().values())}


def anchor_type_for(obj) -> AnchorType | None:
    return _by_model().get(type(obj))


def page_url(dossier, obj, part: str = "") -> str:
    """The place on a page that shows the element, or its part (the finance reference data is shown on the
    Berenschot page). Parts are found at `#<kind>-<pk>-<part>` (sections and single assumptions alike)."""

    atype = anchor_type_for(obj)
    if not atype.in_dossier:
        url = reverse("dossier:finance-berenschot", kwargs={"slug": dossier.slug})
    else:
        url = element_url(dossier, obj).split("#")[0]
    return f"{url}#{atype.key}-{obj.pk}" + (f"-{part}" if part else "")


@dataclass(frozen=True)
class Anchor:
    type: AnchorType
    obj: Model
    part: str = ""

    @property
    def html_id(self) -> str:
        return f"reacties-{self.type.key}-{self.obj.pk}" + (f"-{self.part}" if self.part else "")

    @property
    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.obj)

    @property
    def part_label(self) -> str:
        return part_label(self.type, self.part)

    @property
    def label(self) -> str:
        """A short name of the element (some elements' names are a whole sentence), with the part if any."""
        text = Truncator(" ".join(str(self.obj).split())).chars(LABEL_LENGTH)
        return f"{text} – {self.part_label}" if self.part else text

    def url(self, dossier) -> str:
        kwargs = {"slug": dossier.slug, "kind": self.type.key, "pk": self.obj.pk}
        if self.part:
            return reverse("dossier:anchor-threads-part", kwargs={**kwargs, "part": self.part})
        return reverse("dossier:anchor-threads", kwargs=kwargs)


@cache
def parts(anchor_type: AnchorType) -> dict[str, str]:
    """The parts of an element a thread may be about: its kind's sections and its own fields (computed once per
    kind; the labels are Dutch, the only language)."""

    result = {}
    kind = KINDS.get(anchor_type.key)
    for section in kind.sections if kind else ():
        result[section.key] = str(section.label)
    for model_field in anchor_type.model._meta.get_fields():
        if model_field.concrete and not model_field.auto_created and model_field.name not in ("dossier", "version"):
            result.setdefault(model_field.name, str(getattr(model_field, "verbose_name", model_field.name)))
    return result


def part_label(anchor_type: AnchorType, part: str) -> str:
    if not part:
        return ""
    label = parts(anchor_type).get(part, part)
    return label[:1].upper() + label[1:]


def resolve(dossier, kind: str, pk: int, part: str = "") -> Anchor:
    """The element `kind`/`pk` of a URL (`kind` is the kind's key) in `dossier` (404 when it is not this dossier's,
    or the part does not exist)."""
    atype = anchor_type(kind)
    obj = atype.model._default_manager.filter(pk=pk).first()
    if obj is None or (atype.in_dossier and obj.get_dossier().pk != dossier.pk):
        raise Http404("No such element")
    if part and part not in parts(atype):
        raise Http404("No such part")
    return Anchor(atype, obj, part)
