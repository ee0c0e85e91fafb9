"""The provenance rule as a database guard, once every row satisfies it (0004)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0004_provenance_fill"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='headcount',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('source', ''), _negated=True), models.Q(('locator', ''), _negated=True)), name='headcount_provenance', violation_error_message='A sourced figure names its source and the place in it; an assumption names who set it, when and why.'),
        ),
        migrations.AddConstraint(
            model_name='indexrate',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'aanname'), models.Q(('set_by', ''), _negated=True), ('set_on__isnull', False), models.Q(('note', ''), _negated=True)), models.Q(models.Q(('status', 'aanname'), _negated=True), models.Q(('source', ''), _negated=True), models.Q(('locator', ''), _negated=True)), _connector='OR'), name='indexrate_provenance', violation_error_message='A sourced figure names its source and the place in it; an assumption names who set it, when and why.'),
        ),
        migrations.AddConstraint(
            model_name='parameter',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'aanname'), models.Q(('set_by', ''), _negated=True), ('set_on__isnull', False), models.Q(('note', ''), _negated=True)), models.Q(models.Q(('status', 'aanname'), _negated=True), models.Q(('source', ''), _negated=True), models.Q(('locator', ''), _negated=True)), _connector='OR'), name='parameter_provenance', violation_error_message='A sourced figure names its source and the place in it; an assumption names who set it, when and why.'),
        ),
        migrations.AddConstraint(
            model_name='printedfigure',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'aanname'), models.Q(('set_by', ''), _negated=True), ('set_on__isnull', False), models.Q(('note', ''), _negated=True)), models.Q(models.Q(('status', 'aanname'), _negated=True), models.Q(('source', ''), _negated=True), models.Q(('locator', ''), _negated=True)), _connector='OR'), name='printedfigure_provenance', violation_error_message='A sourced figure names its source and the place in it; an assumption names who set it, when and why.'),
        ),
        migrations.AddConstraint(
            model_name='tariffset',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'aanname'), models.Q(('set_by', ''), _negated=True), ('set_on__isnull', False), models.Q(('note', ''), _negated=True)), models.Q(models.Q(('status', 'aanname'), _negated=True), models.Q(('source', ''), _negated=True), models.Q(('locator', ''), _negated=True)), _connector='OR'), name='tariffset_provenance', violation_error_message='A sourced figure names its source and the place in it; an assumption names who set it, when and why.'),
        ),
    ]
