"""A decision's number on its version, which names its decided copies instead of the database id (an id changes when
an export is imported elsewhere; the number does not): numbered in the order recorded, and the stored decided copies
renamed from `…-besluit-<id>` to `…-besluit-<number>`."""

from django.db import migrations, models


def number_and_rename(apps, schema_editor):
    Decision = apps.get_model("documents", "Decision")
    HistoricalDecision = apps.get_model("documents", "HistoricalDecision")
    VersionDocument = apps.get_model("documents", "VersionDocument")
    # Every decision the table or its history knows (a history may outlive its row), numbered per version in the
    # order recorded.
    known = {
        row["pk"]: (row["version_id"], row["recorded_at"])
        for row in Decision.objects.values("pk", "version_id", "recorded_at")
    }
    for row in HistoricalDecision.objects.order_by("history_id").values("id", "version_id", "recorded_at"):
        known.setdefault(row["id"], (row["version_id"], row["recorded_at"]))
    counts, numbers = {}, {}
    for pk, (version_id, recorded_at) in sorted(known.items(), key=lambda item: (item[1][0], item[1][1], item[0])):
        counts[version_id] = counts.get(version_id, 0) + 1
        numbers[pk] = (version_id, counts[version_id])
    # The lowest number first: ids grow in the order recorded, so a decision's id is never below its number and no
    # new name meets a name still to be changed.
    for pk, (version_id, number) in sorted(numbers.items(), key=lambda item: item[1][1]):
        Decision.objects.filter(pk=pk).update(number=number)
        HistoricalDecision.objects.filter(id=pk).update(number=number)
        for document in ("collegevoorstel", "raadsinformatiebrief"):
            VersionDocument.objects.filter(version_id=version_id, document=f"{document}-besluit-{pk}").update(
                document=f"{document}-besluit-{number}"
            )


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_decision")]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="number",
            field=models.PositiveIntegerField(editable=False, null=True, verbose_name="number"),
        ),
        migrations.AddField(
            model_name="historicaldecision",
            name="number",
            field=models.PositiveIntegerField(editable=False, null=True, verbose_name="number"),
        ),
        migrations.RunPython(number_and_rename, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="decision",
            name="number",
            field=models.PositiveIntegerField(editable=False, verbose_name="number"),
        ),
        migrations.AlterField(
            model_name="historicaldecision",
            name="number",
            field=models.PositiveIntegerField(editable=False, verbose_name="number"),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(fields=("version", "number"), name="decision_number_per_version"),
        ),
    ]
