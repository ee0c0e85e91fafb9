"""Provenance on the figures of scenarios and providers: status, source and place, or who, when and why."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dossier', '0008_proposal_numbers_from_one'),
        ('scenarios', '0003_index_rate_bounds'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicaloneoffcost',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AddField(
            model_name='historicaloneoffcost',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AddField(
            model_name='historicaloneoffcost',
            name='set_on',
            field=models.DateField(blank=True, help_text='For an assumption: when.', null=True, verbose_name='set on'),
        ),
        migrations.AddField(
            model_name='historicaloneoffcost',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicaloneoffcost',
            name='status',
            field=models.CharField(choices=[('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='historicalprovidertariff',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AddField(
            model_name='historicalprovidertariff',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AddField(
            model_name='historicalprovidertariff',
            name='set_on',
            field=models.DateField(blank=True, help_text='For an assumption: when.', null=True, verbose_name='set on'),
        ),
        migrations.AddField(
            model_name='historicalprovidertariff',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalproviderturnover',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AddField(
            model_name='historicalproviderturnover',
            name='reason',
            field=models.TextField(blank=True, help_text='For an assumption: why this figure.', verbose_name='explanation'),
        ),
        migrations.AddField(
            model_name='historicalproviderturnover',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AddField(
            model_name='historicalproviderturnover',
            name='set_on',
            field=models.DateField(blank=True, help_text='For an assumption: when.', null=True, verbose_name='set on'),
        ),
        migrations.AddField(
            model_name='historicalproviderturnover',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalproviderturnover',
            name='status',
            field=models.CharField(choices=[('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='historicalstabilityimpact',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AddField(
            model_name='historicalstabilityimpact',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AddField(
            model_name='historicalstabilityimpact',
            name='set_on',
            field=models.DateField(blank=True, help_text='For an assumption: when.', null=True, verbose_name='set on'),
        ),
        migrations.AddField(
            model_name='historicalstabilityimpact',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalstabilityimpact',
            name='status',
            field=models.CharField(choices=[('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='historicalstaffline',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AddField(
            model_name='historicalstaffline',
            name='reason',
            field=models.TextField(blank=True, help_text='For an assumption: why this figure.', verbose_name='explanation'),
        ),
        migrations.AddField(
            model_name='historicalstaffline',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AddField(
            model_name='historicalstaffline',
            name='set_on',
            field=models.DateField(blank=True, help_text='For an assumption: when.', null=True, verbose_name='set on'),
        ),
        migrations.AddField(
            model_name='historicalstaffline',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalstaffline',
            name='status',
            field=models.CharField(choices=[('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='oneoffcost',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AddField(
            model_name='oneoffcost',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AddField(
            model_name='oneoffcost',
            name='set_on',
            field=models.DateField(blank=True, help_text='For an assumption: when.', null=True, verbose_name='set on'),
        ),
        migrations.AddField(
            model_name='oneoffcost',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='oneoffcost',
            name='status',
            field=models.CharField(choices=[('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='providertariff',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AddField(
            model_name='providertariff',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AddField(
            model_name='providertariff',
            name='set_on',
            field=models.DateField(blank=True, help_text='For an assumption: when.', null=True, verbose_name='set on'),
        ),
        migrations.AddField(
            model_name='providertariff',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='providerturnover',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AddField(
            model_name='providerturnover',
            name='reason',
            field=models.TextField(blank=True, help_text='For an assumption: why this figure.', verbose_name='explanation'),
        ),
        migrations.AddField(
            model_name='providerturnover',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AddField(
            model_name='providerturnover',
            name='set_on',
            field=models.DateField(blank=True, help_text='For an assumption: when.', null=True, verbose_name='set on'),
        ),
        migrations.AddField(
            model_name='providerturnover',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='providerturnover',
            name='status',
            field=models.CharField(choices=[('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='stabilityimpact',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AddField(
            model_name='stabilityimpact',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AddField(
            model_name='stabilityimpact',
            name='set_on',
            field=models.DateField(blank=True, help_text='For an assumption: when.', null=True, verbose_name='set on'),
        ),
        migrations.AddField(
            model_name='stabilityimpact',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='stabilityimpact',
            name='status',
            field=models.CharField(choices=[('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='staffline',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AddField(
            model_name='staffline',
            name='reason',
            field=models.TextField(blank=True, help_text='For an assumption: why this figure.', verbose_name='explanation'),
        ),
        migrations.AddField(
            model_name='staffline',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AddField(
            model_name='staffline',
            name='set_on',
            field=models.DateField(blank=True, help_text='For an assumption: when.', null=True, verbose_name='set on'),
        ),
        migrations.AddField(
            model_name='staffline',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='staffline',
            name='status',
            field=models.CharField(choices=[('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicaloneoffcost',
            name='reason',
            field=models.TextField(blank=True, help_text='For an assumption: why this figure.', verbose_name='explanation'),
        ),
        migrations.AlterField(
            model_name='historicalprovidertariff',
            name='reason',
            field=models.TextField(blank=True, help_text='For an assumption: why this figure.', verbose_name='explanation'),
        ),
        migrations.AlterField(
            model_name='historicalprovidertariff',
            name='status',
            field=models.CharField(choices=[('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicalstabilityimpact',
            name='reason',
            field=models.TextField(blank=True, help_text='For an assumption: why this figure.', verbose_name='explanation'),
        ),
        migrations.AlterField(
            model_name='oneoffcost',
            name='reason',
            field=models.TextField(blank=True, help_text='For an assumption: why this figure.', verbose_name='explanation'),
        ),
        migrations.AlterField(
            model_name='providertariff',
            name='reason',
            field=models.TextField(blank=True, help_text='For an assumption: why this figure.', verbose_name='explanation'),
        ),
        migrations.AlterField(
            model_name='providertariff',
            name='status',
            field=models.CharField(choices=[('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='stabilityimpact',
            name='reason',
            field=models.TextField(blank=True, help_text='For an assumption: why this figure.', verbose_name='explanation'),
        ),
    ]
