from datetime import date

import pytest

from accord.errors import BadDateError
from accord.read.base import DEFAULT_MAX_BYTES, ReadOptions, published_or_error


def test_read_options_defaults():
    options = ReadOptions()
    assert options.published is None and options.outlet is None
    assert options.max_bytes == DEFAULT_MAX_BYTES == 64 * 1024 * 1024


def test_published_or_error():
    assert published_or_error(None, "a.txt", "date header") is None
    assert published_or_error("  ", "a.txt", "date header") is None
    assert published_or_error("2021-09-13", "a.txt", "date header") == date(2021, 9, 13)
    with pytest.raises(BadDateError) as caught:
        published_or_error("32/13/2021", "news/a.txt", "date header")
    message = str(caught.value)
    assert message.startswith("news/a.txt: date header '32/13/2021' is not a date")
    assert "not coded" in message and message.endswith("[E107]")
