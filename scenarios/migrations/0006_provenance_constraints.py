"""The provenance rule as a database guard, once every row satisfies it (0005)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("scenarios", "0005_provenance_fill"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='oneoffcost',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'aanname'), models.Q(('set_by', ''), _negated=True), ('set_on__isnull', False), models.Q(('reason', ''), _negated=True)), models.Q(models.Q(('status', 'aanname'), _negated=True), models.Q(('source', ''), _negated=True), models.Q(('locator', ''), _negated=True)), _connector='OR'), name='oneoffcost_provenance', violation_error_message='A sourced figure names its source and the place in it; an assumption names who set it, when and why.'),
        ),
        migrations.AddConstraint(
            model_name='providertariff',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'aanname'), models.Q(('set_by', ''), _negated=True), ('set_on__isnull', False), models.Q(('reason', ''), _negated=True)), models.Q(models.Q(('status', 'aanname'), _negated=True), models.Q(('source', ''), _negated=True), models.Q(('locator', ''), _negated=True)), _connector='OR'), name='providertariff_provenance', violation_error_message='A sourced figure names its source and the place in it; an assumption names who set it, when and why.'),
        ),
        migrations.AddConstraint(
            model_name='providerturnover',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'aanname'), models.Q(('set_by', ''), _negated=True), ('set_on__isnull', False), models.Q(('reason', ''), _negated=True)), models.Q(models.Q(('status', 'aanname'), _negated=True), models.Q(('source', ''), _negated=True), models.Q(('locator', ''), _negated=True)), _connector='OR'), name='providerturnover_provenance', violation_error_message='A sourced figure names its source and the place in it; an assumption names who set it, when and why.'),
        ),
        migrations.AddConstraint(
            model_name='stabilityimpact',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'aanname'), models.Q(('set_by', ''), _negated=True), ('set_on__isnull', False), models.Q(('reason', ''), _negated=True)), models.Q(models.Q(('status', 'aanname'), _negated=True), models.Q(('source', ''), _negated=True), models.Q(('locator', ''), _negated=True)), _connector='OR'), name='stabilityimpact_provenance', violation_error_message='A sourced figure names its source and the place in it; an assumption names who set it, when and why.'),
        ),
        migrations.AddConstraint(
            model_name='staffline',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'aanname'), models.Q(('set_by', ''), _negated=True), ('set_on__isnull', False), models.Q(('reason', ''), _negated=True)), models.Q(models.Q(('status', 'aanname'), _negated=True), models.Q(('source', ''), _negated=True), models.Q(('locator', ''), _negated=True)), _connector='OR'), name='staffline_provenance', violation_error_message='A sourced figure names its source and the place in it; an assumption names who set it, when and why.'),
        ),
    ]
