"""The editable kinds of dossier content: for each, its model, form, page and how it is edited in place.

Pages list elements (`items`, edited as a whole) or show one element in `sections` (groups of fields,
each edited on its own). The generic create/edit/delete views read this registry, so adding a kind of
content is one entry here plus its page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import forms
from .models import (
    Citation,
    Deelproduct,
    Dossier,
    InfrastructureFunction,
    Kader,
    KaderToets,
    Milestone,
    Opdrachtgever,
    Organisation,
    Participant,
    PopulationBaseline,
    ResearchArea,
    Risk,
    Source,
)


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    fields: tuple[str, ...]
    prose: bool = False  # one text field shown as paragraphs, rather than a list of values


@dataclass(frozen=True)
class Kind:
    key: str
    model: type
    form: type
    page: str  # url name of the page that shows the element
    template: str = ""  # page template holding the `<key>-item` partial (item kinds)
    sections: tuple[Section, ...] = ()
    creatable: bool = True
    deletable: bool = True
    by_number: bool = False  # the page URL names the element by its number
    parent_field: str = ""  # the page shows the element under this parent (e.g. a function)
    index: str = ""  # url name of the list page, for kinds whose own page needs an element
    reload_on_create: bool = False  # a new element belongs somewhere in an ordered, grouped page
    # (dossier, element or, for a new one, its parent, *, stored=the element as stored, for an edit) before a write
    # -> None, or a function of the saved element's id on the page giving the htmx events ({name: detail}) that
    # tell the page what else the write changed
    events: Callable | None = None
    extra: dict = field(default_factory=dict)

    @property
    def label(self):
        return self.model._meta.verbose_name

    @property
    def partial(self) -> str:
        return f"{self.template}#{self.key}-item"

    def section(self, key: str | None) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def sections_by_key(self) -> dict[str, Section]:
        """The sections by their key, so a template names the one it shows (`kind.sections_by_key.route`)."""
        return {s.key: s for s in self.sections}

    def scoped_id(self, what: str, parent=None) -> str:
        """The id of this kind's list ("list") or new-element slot ("new") on a page, per parent when the kind
        has one (a page can show the tariffs of several providers)."""
        return f"{self.key}-{what}-{parent.pk}" if self.parent_field and parent is not None else f"{self.key}-{what}"

    def page_url(self, dossier, obj=None, parent=None) -> str:
        """The page showing `obj`; for a new element the page it will appear on (under `parent`, if any). A model
        on a page this class cannot build says where it is shown itself: its classmethod `page_url(dossier, obj,
        parent, element_id)`."""
        own = getattr(self.model, "page_url", None)
        if own is not None:
            return own(dossier, obj, parent, f"{self.key}-{obj.pk}" if obj is not None and obj.pk else "")
        if self.parent_field:
            parent = getattr(obj, self.parent_field) if obj is not None else parent
            if parent is None:
                return reverse(self.index, kwargs={"slug": dossier.slug})
            url = reverse(self.page, kwargs={"slug": dossier.slug, "number": parent.number})
            return f"{url}#{self.key}-{obj.pk}" if obj is not None else url
        if self.by_number:
            if obj is None:
                return reverse(self.index, kwargs={"slug": dossier.slug})
            return reverse(self.page, kwargs={"slug": dossier.slug, "number": obj.number})
        url = reverse(self.page, kwargs={"slug": dossier.slug})
        return f"{url}#{self.key}-{obj.pk}" if obj is not None and obj.pk else url


def prose_sections(model, *names) -> tuple[Section, ...]:
    """A section per long text field, edited as prose."""
    return tuple(Section(n, model._meta.get_field(n).verbose_name, (n,), prose=True) for n in names)


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in [
        Kind(
            "bestuursopdracht",
            Dossier,
            forms.DossierForm,
            "dossier:bestuursopdracht",
            creatable=False,
            deletable=False,
            sections=(
                Section(
                    "algemeen",
                    _("General"),
                    (
                        "title",
                        "gemeente",
                        "zaaknummer",
                        "status",
                        "opdracht_date",
                        "approved_by",
                        "period_label",
                        "period_start",
                        "period_end",
                    ),
                ),
                Section("dvo", _("The DVO"), ("dvo_provider", "dvo_end", "dvo_notice_deadline", "dvo_renewal_years")),
                *prose_sections(Dossier, *Dossier.text_fields),
            ),
        ),
        Kind(
            "opdrachtgever",
            Opdrachtgever,
            forms.OpdrachtgeverForm,
            "dossier:bestuursopdracht",
            "dossier/bestuursopdracht.html",
        ),
        Kind(
            "deelproduct",
            Deelproduct,
            forms.DeelproductForm,
            "dossier:bestuursopdracht",
            "dossier/bestuursopdracht.html",
        ),
        Kind(
            "onderzoeksgebied",
            ResearchArea,
            forms.ResearchAreaForm,
            "dossier:area",
            by_number=True,
            index="dossier:areas",
            sections=(
                Section("kop", _("Title"), ("number", "title")),
                *prose_sections(ResearchArea, *ResearchArea.citable_fields),
            ),
        ),
        Kind(
            "functie",
            InfrastructureFunction,
            forms.FunctionForm,
            "dossier:function",
            by_number=True,
            index="dossier:functions",
            sections=(
                Section("kop", _("Title"), ("number", "title")),
                Section("levering", _("Who delivers it now"), ("delivered_by", "delivery_note")),
                *prose_sections(InfrastructureFunction, *InfrastructureFunction.citable_fields[1:]),
            ),
        ),
        Kind(
            "toets",
            KaderToets,
            forms.KaderToetsForm,
            "dossier:function",
            "dossier/function_detail.html",
            parent_field="function",
            index="dossier:functions",
        ),
        Kind("organisatie", Organisation, forms.OrganisationForm, "dossier:functions", "dossier/functions.html"),
        Kind("kader", Kader, forms.KaderForm, "dossier:kaders", "dossier/kaders.html", reload_on_create=True),
        Kind(
            "mijlpaal",
            Milestone,
            forms.MilestoneForm,
            "dossier:planning",
            "dossier/planning.html",
            reload_on_create=True,
        ),
        Kind("risico", Risk, forms.RiskForm, "dossier:risks", "dossier/risks.html"),
        Kind("deelnemer", Participant, forms.ParticipantForm, "dossier:participation", "dossier/participation.html"),
        Kind("bron", Source, forms.SourceForm, "dossier:sources", "dossier/sources.html"),
        Kind("bronvermelding", Citation, forms.CitationForm, "dossier:sources"),
        Kind(
            "uitgangspunten",
            PopulationBaseline,
            forms.BaselineForm,
            "dossier:finance-projection",
            creatable=False,
            deletable=False,
        ),
    ]
}


def register(*kinds: Kind) -> None:
    """Add another app's kinds (its AppConfig.ready calls this), so the generic views and history serve them."""
    for kind in kinds:
        if kind.key in KINDS:
            raise ValueError(f"Kind {kind.key!r} is registered twice")
        KINDS[kind.key] = kind


def kind_for_model(model) -> Kind | None:
    return next((k for k in KINDS.values() if k.model is model), None)


def element_url(dossier, obj) -> str:
    """Where an element is shown: its kind's page; a citation is shown with the element it cites."""
    if isinstance(obj, Citation):
        return element_url(dossier, obj.target)
    if isinstance(obj, Dossier):
        return reverse("dossier:bestuursopdracht", kwargs={"slug": dossier.slug})
    kind = kind_for_model(type(obj))
    return kind.page_url(dossier, obj)
