"""Rebuild src/accord/ontology/data/cameo.csv from the reference tables in ../shared/reference.

Run by hand when the reference changes: `python tools/build_ontology.py`. The installed
product reads only the CSV this writes; it never needs ../shared.

Facts taken: code, root, name, Goldstein score, QuadClass (cameo_codes.csv) and the
PLOVER event, mode and context (cameo_to_plover.txt). The codebook's descriptions are
not copied; Accord's lexicons are written from reading them.

Where the PLOVER table has no line for a code, the code inherits its parent's mapping
(0311 from 031, 031 from 03); root 02 (APPEAL) maps to PLOVER REQUEST, which PLOVER's
manual defines as CAMEO's appeals and demands together; root 01 (statements) has no
PLOVER event, since PLOVER does not code plain comment.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent.parent / "shared" / "reference"
OUT = HERE.parent / "src" / "accord" / "ontology" / "data" / "cameo.csv"


def read_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        code, rest = line.split(":", 1)
        parts = [p.strip() for p in rest.split(",")] + ["", "", ""]
        table[code.strip()] = (parts[0], parts[1], parts[2])
    return table


def main() -> int:
    plover = read_plover(REFERENCE / "cameo_to_plover.txt")
    plover.setdefault("02", ("REQUEST", "", ""))
    rows = list(csv.DictReader((REFERENCE / "cameo_codes.csv").open(encoding="utf-8")))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["code", "root", "name", "goldstein", "quad_class", "plover", "plover_mode", "plover_context"])
        for r in rows:
            code = r["code"]
            mapping = ("", "", "")
            for k in range(len(code), 1, -1):
                if code[:k] in plover and plover[code[:k]][0]:
                    mapping = plover[code[:k]]
                    break
            w.writerow([code, r["root_code"], r["name"].strip(), float(r["goldstein"]), int(r["quad_class"]), *mapping])
    print(f"wrote {len(rows)} codes to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
