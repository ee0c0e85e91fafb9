"""Provenance on the reference data: IndexRate gets a status, a source may be left out for an assumption."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('finance', '0002_parameters'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalindexrate',
            name='status',
            field=models.CharField(choices=[('begroot', 'Begroot'), ('gerealiseerd', 'Gerealiseerd'), ('benchmark', 'Benchmark'), ('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='bron', max_length=20, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='indexrate',
            name='status',
            field=models.CharField(choices=[('begroot', 'Begroot'), ('gerealiseerd', 'Gerealiseerd'), ('benchmark', 'Benchmark'), ('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='bron', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='headcount',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AlterField(
            model_name='headcount',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AlterField(
            model_name='headcount',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='historicalheadcount',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AlterField(
            model_name='historicalheadcount',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AlterField(
            model_name='historicalheadcount',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='historicalindexrate',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AlterField(
            model_name='historicalindexrate',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AlterField(
            model_name='historicalindexrate',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='historicalparameter',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AlterField(
            model_name='historicalparameter',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AlterField(
            model_name='historicalparameter',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='historicalparameter',
            name='status',
            field=models.CharField(choices=[('begroot', 'Begroot'), ('gerealiseerd', 'Gerealiseerd'), ('benchmark', 'Benchmark'), ('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicalprintedfigure',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AlterField(
            model_name='historicalprintedfigure',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AlterField(
            model_name='historicalprintedfigure',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='historicalprintedfigure',
            name='status',
            field=models.CharField(choices=[('begroot', 'Begroot'), ('gerealiseerd', 'Gerealiseerd'), ('benchmark', 'Benchmark'), ('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicaltariffset',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AlterField(
            model_name='historicaltariffset',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AlterField(
            model_name='historicaltariffset',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='historicaltariffset',
            name='status',
            field=models.CharField(choices=[('begroot', 'Begroot'), ('gerealiseerd', 'Gerealiseerd'), ('benchmark', 'Benchmark'), ('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='indexrate',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AlterField(
            model_name='indexrate',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AlterField(
            model_name='indexrate',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='parameter',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AlterField(
            model_name='parameter',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AlterField(
            model_name='parameter',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='parameter',
            name='status',
            field=models.CharField(choices=[('begroot', 'Begroot'), ('gerealiseerd', 'Gerealiseerd'), ('benchmark', 'Benchmark'), ('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='printedfigure',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AlterField(
            model_name='printedfigure',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AlterField(
            model_name='printedfigure',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='printedfigure',
            name='status',
            field=models.CharField(choices=[('begroot', 'Begroot'), ('gerealiseerd', 'Gerealiseerd'), ('benchmark', 'Benchmark'), ('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='tariffset',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AlterField(
            model_name='tariffset',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AlterField(
            model_name='tariffset',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='tariffset',
            name='status',
            field=models.CharField(choices=[('begroot', 'Begroot'), ('gerealiseerd', 'Gerealiseerd'), ('benchmark', 'Benchmark'), ('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], max_length=20, verbose_name='status'),
        ),
    ]
