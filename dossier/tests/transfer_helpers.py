"""What the transfer tests share: the user model, a member with a user name and an e-mail address, and a dossier's
export as the file holds it."""

from django.contrib.auth import get_user_model

from dossier import transfer

from .factories import MembershipFactory

User = get_user_model()


def _member(dossier, username, role, discipline=""):
    return MembershipFactory(
        dossier=dossier, role=role, discipline=discipline, user__username=username, user__email=f"{username}@example.nl"
    )


def _export(dossier) -> str:
    return transfer.dumps(transfer.dossier_export(dossier=dossier))
