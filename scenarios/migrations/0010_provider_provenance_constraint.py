"""The provenance rule on a provider's own figures as a database guard, once every row satisfies it (0009)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("scenarios", "0009_provider_provenance_fill"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='provider',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'aanname'), models.Q(('set_by', ''), _negated=True), ('set_on__isnull', False), models.Q(('note', ''), _negated=True)), models.Q(models.Q(('status', 'aanname'), _negated=True), models.Q(('source', ''), _negated=True), models.Q(('locator', ''), _negated=True)), _connector='OR'), name='provider_provenance', violation_error_message='A sourced figure names its source and the place in it; an assumption names who set it, when and why.'),
        ),
    ]
