"""The error hierarchy: codes, and one line per error whatever the input put in it."""

from __future__ import annotations

import pytest

import accord.errors as errors


def test_every_error_has_its_own_code():
    classes = [getattr(errors, name) for name in errors.__all__]
    codes = [cls.code for cls in classes]
    assert len(codes) == len(set(codes)), "two error classes share a code"
    assert all(issubclass(cls, errors.AccordError) for cls in classes)


def test_the_hierarchy_drawn_in_the_docstring_names_every_class():
    doc = errors.__doc__
    for name in errors.__all__:
        assert name in doc, f"{name} is missing from the drawing in errors.py"


@pytest.mark.parametrize("reason, item", [("has no text (http://x.example/\n0)", "-#item-1"), ("two\n\nlines", "a\nb.txt")])
def test_an_error_is_one_line_whatever_the_input_put_in_it(reason, item):
    error = errors.NoTextError(reason, item)
    assert "\n" not in str(error)
    assert str(error).endswith("[E106]")
    assert error.item == " ".join(item.split())


def test_the_message_names_the_item_then_the_reason():
    assert str(errors.BadDateError("date 'soon' does not parse", "a.txt:3")) == "a.txt:3: date 'soon' does not parse [E107]"
