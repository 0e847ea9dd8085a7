"""Every error Accord raises, in one place, each with a stable code.

The hierarchy (read it top-down; catch the narrowest class that fits):

    AccordError                      base of everything below; has .code and .item
    ├── InputError                   one input item cannot be read (the batch goes on)
    │   ├── EmptyInputError          E101 nothing but whitespace
    │   ├── BinaryInputError         E102 bytes that are not text
    │   ├── DecodingError            E103 no known encoding decodes it
    │   ├── TooLargeError            E104 above the configured size limit
    │   ├── MalformedRecordError     E105 a JSON line / feed item that is not an article
    │   ├── NoTextError              E106 HTML or feed item without body text
    │   ├── BadDateError             E107 a date header or field that does not parse
    │   ├── UnknownFormatError       E108 no reader for this path
    │   └── UnreadableInputError     E109 no such file, or it cannot be opened
    ├── CodingError                  E201 the coder failed on one article
    ├── ModelError                   E202 the spaCy pipeline cannot be loaded
    ├── OntologyError                E203 a data file (codes, lexicon) is invalid
    ├── CoderBusyError               E204 a server's coder has more requests than it takes; retry
    ├── StoreError                   the database
    │   ├── SchemaError              E301 schema newer than this Accord, or a failed migration
    │   ├── StoreLockedError         E302 another process holds the database
    │   └── StoreWriteError          E303 disk full, read-only file, ...
    ├── QueryError                   E401 a filter value that makes no sense
    │   └── NotFoundError            E403 no stored event, article or actor with that id
    ├── ExportError                  E402 an export that cannot be written
    ├── ConfigError                  E501 a setting or plugin that is wrong
    └── EvalError                    E601 a gold file that cannot be read

Messages name the item (file, line, article id) and the reason, so one line in a
batch summary is enough to find and fix the problem.
"""

from __future__ import annotations

__all__ = [
    "AccordError",
    "InputError",
    "EmptyInputError",
    "BinaryInputError",
    "DecodingError",
    "TooLargeError",
    "MalformedRecordError",
    "NoTextError",
    "BadDateError",
    "UnknownFormatError",
    "UnreadableInputError",
    "CodingError",
    "ModelError",
    "OntologyError",
    "CoderBusyError",
    "StoreError",
    "SchemaError",
    "StoreLockedError",
    "StoreWriteError",
    "QueryError",
    "NotFoundError",
    "ExportError",
    "ConfigError",
    "EvalError",
]


class AccordError(Exception):
    """Base class. ``item`` names what failed (a path, ``path:line``, an article id)."""

    code = "E000"

    def __init__(self, reason: str, item: str | None = None):
        # One line whatever went in: a reason or item quoted from input (a link with a
        # newline in it) must not break a batch summary's one-line-per-failure form.
        self.reason = " ".join(str(reason).split())
        self.item = " ".join(str(item).split()) if item is not None else None
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.item}: " if self.item else ""
        return f"{where}{self.reason} [{self.code}]"


class InputError(AccordError):
    code = "E100"


class EmptyInputError(InputError):
    code = "E101"


class BinaryInputError(InputError):
    code = "E102"


class DecodingError(InputError):
    code = "E103"


class TooLargeError(InputError):
    code = "E104"


class MalformedRecordError(InputError):
    code = "E105"


class NoTextError(InputError):
    code = "E106"


class BadDateError(InputError):
    code = "E107"


class UnknownFormatError(InputError):
    code = "E108"


class UnreadableInputError(InputError):
    code = "E109"


class CodingError(AccordError):
    code = "E201"


class ModelError(AccordError):
    code = "E202"


class OntologyError(AccordError):
    code = "E203"


class CoderBusyError(AccordError):
    """A running server's coder has as many write requests as it takes at once; the
    client should try again shortly (the API answers 503 with Retry-After)."""

    code = "E204"


class StoreError(AccordError):
    code = "E300"


class SchemaError(StoreError):
    code = "E301"


class StoreLockedError(StoreError):
    code = "E302"


class StoreWriteError(StoreError):
    code = "E303"


class QueryError(AccordError):
    code = "E401"


class NotFoundError(QueryError):
    code = "E403"


class ExportError(AccordError):
    code = "E402"


class ConfigError(AccordError):
    code = "E501"


class EvalError(AccordError):
    code = "E601"
