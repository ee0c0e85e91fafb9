"""A decision's number on its version, which names its decided copies instead of the database id (an id changes when
an export is imported elsewhere; the number does not): numbered in the order recorded, and the stored decided copies
renamed from `…-besluit-<id>` to `…-besluit-<number>`."""

from django.db import migrations, models


def number_and_rename(apps, schema_editor):
    Decision = apps.get_model("documents", "Decision")
    HistoricalDecision = apps.get_model("documents", "HistoricalDecision")
    VersionDocument = apps.get_model("documents", "VersionDocument")
    counts, numbers = {}, {}
    for decision in Decision.objects.order_by("version_id", "recorded_at", "pk"):
        counts[decision.version_id] = counts.get(decision.version_id, 0) + 1
        numbers[decision.pk] = (decision.version_id, counts[decision.version_id])
    for pk, (version_id, number) in numbers.items():
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
