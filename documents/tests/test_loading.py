"""The proposal's texts and the reactie's points come in with the dossier's folder (`load_dossier`): through the
dossier's services, so validated and in the history with the loader's reason; a bad value refuses the whole folder."""

import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from documents.models import Beslispunt, Proposal, ReactionPoint
from dossier.loading import REASON
from dossier.models import Dossier

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "twenterand"

pytestmark = pytest.mark.django_db


def test_the_proposal_and_the_reactie_are_loaded_with_their_history(twenterand):
    proposal = Proposal.objects.get(dossier=twenterand)
    assert [r.history_change_reason for r in proposal.history.all()] == [REASON, REASON]  # created, then proposed
    assert proposal.chosen_scenario is not None  # the scenarios file proposes one (a signal of the scenarios)
    for model in (Beslispunt, ReactionPoint):
        rows = model.objects.filter(dossier=twenterand)
        assert rows.exists()
        assert {r.history_change_reason for r in model.history.filter(dossier=twenterand)} == {REASON}


def test_a_value_the_model_refuses_refuses_the_whole_folder(db, tmp_path):
    folder = tmp_path / "twenterand"
    shutil.copytree(FIXTURE, folder)
    data = json.loads((folder / "voorstel.json").read_text(encoding="utf-8"))
    data["proposal"]["onderwerp"] = "x" * 301
    (folder / "voorstel.json").write_text(json.dumps(data), encoding="utf-8")
    call_command("load_finance_reference", stdout=None)
    with pytest.raises(CommandError, match=r"voorstel\.json, .*onderwerp.*Er is niets geladen"):
        call_command("load_dossier", str(folder))
    assert not Dossier.objects.exists() and not Proposal.objects.exists()
