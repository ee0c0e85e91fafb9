"""The history page: every recorded change of the dossier, newest first, filtered by kind, element, person and period
with a plain GET form (works without JavaScript, filters combine, each one shown and removable)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ..access import member_required
from ..forms import DateInput
from ..history import DossierHistory, HistoryFilter, audited_models, element_label, kind_name
from ..kinds import KINDS
from ..models import Dossier, DossierImport, Membership

PER_PAGE = 25  # a change is a card with its fields: 25 make a long enough page to read
SYSTEM = "systeem"


FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)


class HistoryFilterForm(forms.Form):
    soort = forms.ChoiceField(label=_("Kind of element"), required=False)
    element = forms.CharField(label=_("Element"), required=False, widget=forms.Select)
    persoon = forms.ChoiceField(label=_("Changed by"), required=False)
    van = forms.DateField(label=_("From"), required=False, widget=DateInput)
    tot = forms.DateField(label=_("Up to and including"), required=False, widget=DateInput)

    def __init__(self, data, *, dossier: Dossier):
        super().__init__(data, auto_id="f-%s")
        self.dossier = dossier
        audited = set(audited_models())
        kinds = sorted(((key, kind_name(kind.model, plural=True)) for key, kind in KINDS.items()), key=lambda kv: kv[1])
        self.kinds = {key: label for key, label in kinds if KINDS[key].model in audited}
        self.fields["soort"].choices = [("", _("All kinds")), *self.kinds.items()]
        members = Membership.objects.filter(dossier=dossier).select_related("user").order_by("user__first_name")
        self.people = {str(m.user_id): m.user.get_full_name() or m.user.get_username() for m in members}
        self.people[SYSTEM] = str(_("The system (loading, import)"))
        self.fields["persoon"].choices = [("", _("Anyone")), *self.people.items()]

    def clean_element(self):
        """`<kind>:<id>`, as the "History" link of every element writes it; the element may be deleted since."""
        raw = self.cleaned_data["element"].strip()
        if not raw:
            return None
        key, _sep, pk = raw.partition(":")
        if key not in self.kinds or not (pk.isascii() and pk.isdigit() and len(pk) <= 18):
            raise ValidationError(_("This element is unknown; choose one from the list."))
        return key, int(pk)

    def _clean_day(self, name):
        """A day the history can hold: a dossier's changes lie in this century (a year like 0001 or 9999 once
        overflowed the query's date arithmetic)."""
        day = self.cleaned_data.get(name)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationError(
                _("Choose a date between %(first)s and %(last)s.")
                % {"first": date_format(FIRST_DAY, "j F Y"), "last": date_format(LAST_DAY, "j F Y")}
            )
        return day

    def clean_van(self):
        return self._clean_day("van")

    def clean_tot(self):
        return self._clean_day("tot")

    def clean(self):
        data = super().clean()
        element, kind = data.get("element"), data.get("soort")
        if element and kind and element[0] != kind:  # another kind was chosen: the element no longer applies
            data["element"] = None
        elif element and not kind:
            data["soort"] = element[0]
        if data.get("van") and data.get("tot") and data["tot"] < data["van"]:
            self.add_error("tot", _("This date lies before the start of the period."))
        return data

    def filters(self) -> HistoryFilter:
        """What the valid fields ask for (a field with an error filters nothing)."""
        data = getattr(self, "cleaned_data", {})
        kind = KINDS.get(data.get("soort") or "")
        element = data.get("element")
        person = data.get("persoon") or ""
        return HistoryFilter(
            kind=kind,
            element=element[1] if element and "element" not in self.errors else None,
            user=int(person) if person.isdigit() else None,
            system=person == SYSTEM,
            since=data.get("van") if "van" not in self.errors else None,
            until=data.get("tot") if "tot" not in self.errors else None,
        )

    def offer_elements(self, filters: HistoryFilter) -> str:
        """The element list of the chosen kind (its elements now, plus the chosen one if deleted since); returns the
        chosen element's name."""
        if filters.kind is None:  # no list without a kind, unless it must show why an element was not understood
            self.fields["element"].widget.choices = [("", _("All elements"))] if "element" in self.errors else []
            return ""
        model, key = filters.kind.model, filters.kind.key
        related = [f.name for f in model._meta.concrete_fields if f.many_to_one and f.name != "dossier"]
        elements = model.objects.filter(**({"pk": self.dossier.pk} if model is Dossier else {"dossier": self.dossier}))
        elements = elements.select_related(*related) if related else elements
        choices = [(f"{key}:{obj.pk}", str(obj)[:120]) for obj in elements]
        label = ""
        if filters.element is not None:
            chosen = f"{key}:{filters.element}"
            label = next((name for value, name in choices if value == chosen), "")
            if not label:
                label = element_label(dossier=self.dossier, model=model, pk=filters.element)
                choices.append((chosen, label))
        every = _("All %(kinds)s") % {"kinds": model._meta.verbose_name_plural}
        self.fields["element"].widget.choices = [("", every), *choices]
        return label

    def active(self, filters: HistoryFilter, element: str) -> list[tuple[str, str, str]]:
        """(what, value, the query without it) for every filter in use."""
        shown = []
        if filters.kind is not None:
            shown.append((_("Kind"), self.kinds[filters.kind.key], self.query_without("soort", "element")))
        if filters.element is not None:
            shown.append((_("Element"), element, self.query_without("element")))
        if filters.user is not None or filters.system:
            person = self.people.get(self.cleaned_data["persoon"], "")
            shown.append((_("Changed by"), person, self.query_without("persoon")))
        if filters.since:
            shown.append((_("From"), date_format(filters.since, "j F Y"), self.query_without("van")))
        if filters.until:
            shown.append((_("Up to and including"), date_format(filters.until, "j F Y"), self.query_without("tot")))
        return shown

    def query_without(self, *names) -> str:
        query = QueryDict(mutable=True)
        for key, values in self.data.lists():
            if key not in (*names, "pagina") and any(values):
                query.setlist(key, values)
        return query.urlencode()


@require_GET
@member_required()
def history(request, dossier):
    form = HistoryFilterForm(request.GET, dossier=dossier)
    valid = form.is_valid()
    filters = form.filters()
    element = form.offer_elements(filters)
    changes = DossierHistory(dossier=dossier, filters=filters)
    page = Paginator(changes, PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "dossier/history.html",
        {
            "form": form,
            "page": page,
            "active": form.active(filters, element),
            "query": form.query_without(),
            "element_label": element,
            "filtered_element": filters.element is not None,
            "imports": DossierImport.objects.filter(dossier=dossier),
        },
        status=200 if valid else 400,
    )
