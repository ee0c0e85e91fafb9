"""A field's value in the one JSON form that frozen versions and exports share."""

import base64
import uuid
from datetime import date, datetime, time
from decimal import Decimal


def plain_value(value):
    """A field's value as JSON can hold it (the snapshot's and the export's one form): decimals as text, dates and
    times in ISO 8601, bytes in base64, UUIDs as text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value
