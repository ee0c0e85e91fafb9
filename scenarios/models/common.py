"""Validators the scenarios' models share."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator

SHARE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]
