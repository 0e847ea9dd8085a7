"""The CAMEO event ontology with Goldstein scores, QuadClass and the PLOVER category of each code.

Read from ``data/cameo.csv`` (built by ``tools/build_ontology.py``). Codes are strings
and keep their leading zeros: ``"057"``, never ``57``.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from ..errors import OntologyError

__all__ = ["CameoCode", "cameo_codes", "cameo_code"]


@dataclass(frozen=True)
class CameoCode:
    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None
    plover_context: str | None

    @property
    def is_root(self) -> bool:
        return len(self.code) == 2


@functools.cache
def cameo_codes() -> dict[str, CameoCode]:
    """All CAMEO codes by code string."""
    table: dict[str, CameoCode] = {}
    with resources.files("accord.ontology").joinpath("data/cameo.csv").open(encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                code = CameoCode(
                    code=row["code"],
                    root=row["root"],
                    name=row["name"],
                    goldstein=float(row["goldstein"]),
                    quad_class=int(row["quad_class"]),
                    plover=row["plover"] or None,
                    plover_mode=row["plover_mode"] or None,
                    plover_context=row["plover_context"] or None,
                )
            except (KeyError, ValueError) as exc:
                raise OntologyError(f"bad row: {exc}", item=f"cameo.csv:{line}") from exc
            if not code.code.startswith(code.root) or code.quad_class not in (1, 2, 3, 4):
                raise OntologyError("code does not start with its root or QuadClass not 1-4", item=f"cameo.csv:{line}")
            table[code.code] = code
    return table


def cameo_code(code: str) -> CameoCode:
    """Look a code up; raises OntologyError for a code CAMEO does not have."""
    try:
        return cameo_codes()[code]
    except KeyError:
        raise OntologyError(f"unknown CAMEO code {code!r}") from None

