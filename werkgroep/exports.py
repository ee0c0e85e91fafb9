"""The threads as a table for xlsx and csv: one row per comment, each with its thread's element and status, so a
spreadsheet filter on any column still shows whole threads. Text is exported as typed (plain text), never as
markup, and no cell can become a formula."""

import csv
import io

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from finance.exports import cell_value
from finance.tables import Column, Table

from .anchors import anchor_types, part_label
from .models import Comment


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d-%m-%Y %H:%M") if value else ""


def _person(user) -> str:
    return user.get_full_name() or user.username


def threads_table(*, dossier, threads) -> Table:
    comments = Comment.objects.select_related("author").prefetch_related("revisions").order_by("created_at", "id")
    threads = threads.prefetch_related(Prefetch("comments", comments))
    types = anchor_types()
    columns = [
        Column(_("Thread")),
        Column(_("Kind of element")),
        Column(_("Element")),
        Column(_("Part")),
        Column(_("Status")),
        Column(_("Status note")),
        Column(_("In version")),
        Column(_("Opened by")),
        Column(_("Discipline")),
        Column(_("Opened at")),
        Column(_("Comment")),
        Column(_("Author")),
        Column(_("Author's discipline")),
        Column(_("Written at")),
        Column(_("Edited at")),
        Column(_("Withdrawn at")),
        Column(_("Text")),
        Column(_("Earlier texts")),
    ]
    table = Table("reacties", _("Comments"), columns)
    base = settings.SITE_URL.rstrip("/")
    for thread in threads:
        atype = types.get(thread.anchor_kind)
        url = base + reverse("dossier:thread", kwargs={"slug": dossier.slug, "pk": thread.pk})
        head = [
            f"#{thread.pk}",
            str(atype.label) if atype else thread.anchor_kind,
            thread.anchor_label,
            part_label(atype, thread.part) if atype else thread.part,
            thread.get_status_display(),
            thread.status_note,
            str(thread.in_version or ""),
            _person(thread.opened_by),
            thread.get_discipline_display(),
            _when(thread.opened_at),
        ]
        for number, comment in enumerate(thread.comments.all(), start=1):
            earlier = "\n---\n".join(r.text for r in comment.revisions.all())
            table.add(
                [
                    *head,
                    str(number),
                    _person(comment.author),
                    comment.get_discipline_display() or comment.get_role_display(),
                    _when(comment.created_at),
                    _when(comment.edited_at),
                    _when(comment.withdrawn_at),
                    comment.text,
                    earlier,
                ],
                url,
            )
    return table


def to_csv(table: Table) -> bytes:
    """The table as CSV for Dutch spreadsheet programs: UTF-8 with BOM, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([cell_value(c.label, "text") for c in table.columns] + [_("Link")])
    for row, source in zip(table.rows, table.sources, strict=True):
        writer.writerow([cell_value(v, "text") for v in row] + [source])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
