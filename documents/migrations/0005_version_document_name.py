"""A version's stored document is named by the catalogue (a document or a decided copy of one): a validator only,
so an imported file cannot store a path or other name (issue 20, F2). Nothing in the database changes."""

import documents.catalogue
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0004_decision_number'),
    ]

    operations = [
        migrations.AlterField(
            model_name='versiondocument',
            name='document',
            field=models.CharField(max_length=40, validators=[documents.catalogue.validate_document_name], verbose_name='document'),
        ),
    ]
