"""A provider's own figures sourced or owned (status, source and place, or who and when; its note says why), and
its own contract term. The provenance rule becomes a constraint in 0010, once 0009 has filled in every row."""

import django.core.validators
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dossier', '0009_anchored_baseline'),
        ('finance', '0006_tariff_set_derived'),
        ('scenarios', '0007_anchored_baseline'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalprovider',
            name='contract_years',
            field=models.DecimalField(blank=True, decimal_places=1, help_text='Of a new contract with this provider; empty: the term every new contract gets (a parameter).', max_digits=4, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0.5')), django.core.validators.MaxValueValidator(Decimal('25'))], verbose_name='contract term (years)'),
        ),
        migrations.AddField(
            model_name='historicalprovider',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AddField(
            model_name='historicalprovider',
            name='renewal_years',
            field=models.DecimalField(blank=True, decimal_places=1, help_text='Count in the value of the purchase; 0 for none; empty: the renewal every new contract gets (a parameter).', max_digits=4, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('25'))], verbose_name='renewal options (years)'),
        ),
        migrations.AddField(
            model_name='historicalprovider',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AddField(
            model_name='historicalprovider',
            name='set_on',
            field=models.DateField(blank=True, help_text='For an assumption: when.', null=True, verbose_name='set on'),
        ),
        migrations.AddField(
            model_name='historicalprovider',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalprovider',
            name='status',
            field=models.CharField(choices=[('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='provider',
            name='contract_years',
            field=models.DecimalField(blank=True, decimal_places=1, help_text='Of a new contract with this provider; empty: the term every new contract gets (a parameter).', max_digits=4, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0.5')), django.core.validators.MaxValueValidator(Decimal('25'))], verbose_name='contract term (years)'),
        ),
        migrations.AddField(
            model_name='provider',
            name='locator',
            field=models.CharField(blank=True, help_text='Chapter, paragraph, page or table; for an offerte its date or reference.', max_length=300, verbose_name='place in the source'),
        ),
        migrations.AddField(
            model_name='provider',
            name='renewal_years',
            field=models.DecimalField(blank=True, decimal_places=1, help_text='Count in the value of the purchase; 0 for none; empty: the renewal every new contract gets (a parameter).', max_digits=4, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('25'))], verbose_name='renewal options (years)'),
        ),
        migrations.AddField(
            model_name='provider',
            name='set_by',
            field=models.CharField(blank=True, help_text='For an assumption: who, as a role (e.g. Kwartiermaker).', max_length=200, verbose_name='set by'),
        ),
        migrations.AddField(
            model_name='provider',
            name='set_on',
            field=models.DateField(blank=True, help_text='For an assumption: when.', null=True, verbose_name='set on'),
        ),
        migrations.AddField(
            model_name='provider',
            name='source',
            field=models.CharField(blank=True, help_text='For a source or an offerte: the document.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='provider',
            name='status',
            field=models.CharField(choices=[('bron', 'Bron'), ('offerte', 'Offerte'), ('aanname', 'Aanname')], default='aanname', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicalprovider',
            name='note',
            field=models.TextField(blank=True, help_text='For an assumption: why these figures; otherwise what to know about them.', verbose_name='note'),
        ),
        migrations.AlterField(
            model_name='provider',
            name='note',
            field=models.TextField(blank=True, help_text='For an assumption: why these figures; otherwise what to know about them.', verbose_name='note'),
        ),
        migrations.AddConstraint(
            model_name='provider',
            constraint=models.CheckConstraint(condition=models.Q(('contract_years__isnull', True), ('contract_years__gt', 0), _connector='OR'), name='provider_contract_term'),
        ),
        migrations.AddConstraint(
            model_name='provider',
            constraint=models.CheckConstraint(condition=models.Q(('renewal_years__isnull', True), ('renewal_years__gte', 0), _connector='OR'), name='provider_renewal_term'),
        ),
    ]
