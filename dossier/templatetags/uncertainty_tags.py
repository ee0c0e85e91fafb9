"""Template helper for the Monte Carlo block (issue 16): the block's plain dict in the values a page shows."""

from django import template

from finance.uncertainty_text import presentation

register = template.Library()


@register.simple_tag
def uncertainty_view(block, chart=True):
    """`finance.uncertainty_text.presentation` of a block (a snapshot's dict or the live result); None stays None."""
    return presentation(block, chart=chart)
