"""The documents a version has: the collegevoorstel and its bijlagen, by their stable names (URL segment, stored
row, template name) with their titles."""

from django.utils.translation import gettext_lazy

DOCUMENTS = {
    "collegevoorstel": gettext_lazy("Collegevoorstel"),
    "beslisdocument": gettext_lazy("Beslisdocument"),
    "lokaal-plan": gettext_lazy("Lokaal plan sociale infrastructuur"),
    "reactie": gettext_lazy("Bestuurlijke reactie op de evaluatie Ontplooj"),
    "bronnen": gettext_lazy("Bronnenregister"),
    "wijzigingen": gettext_lazy("Wijzigingen ten opzichte van de vorige versie"),
    "raadsinformatiebrief": gettext_lazy("Raadsinformatiebrief"),
}
BIJLAGEN = [key for key in DOCUMENTS if key != "collegevoorstel"]
