"""GDELT 2.0 event-table export: 61 columns in GDELT's order, codes with their zeros."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd
import pytest

from accord.export import ExportOptions, export
from accord.export.gdelt import GDELT_COLUMNS, GdeltExporter, gdelt_row
from accord.query import ArticleSummary
from tests.factories import ArticleBuilder


@pytest.fixture(scope="module")
def exported(sample_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("gdelt") / "events.tsv"
    assert export(sample_db, "gdelt", path) == 8
    table = pd.read_csv(path, sep="\t", header=None, names=list(GDELT_COLUMNS), dtype=str, keep_default_na=False)
    return path, table.set_index("GlobalEventID", drop=False)


def test_the_columns_follow_the_gdelt_2_codebook():
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[5:15] == (
        "Actor1Code",
        "Actor1Name",
        "Actor1CountryCode",
        "Actor1KnownGroupCode",
        "Actor1EthnicCode",
        "Actor1Religion1Code",
        "Actor1Religion2Code",
        "Actor1Type1Code",
        "Actor1Type2Code",
        "Actor1Type3Code",
    )
    assert GDELT_COLUMNS[15] == "Actor2Code" and GDELT_COLUMNS[24] == "Actor2Type3Code"
    assert GDELT_COLUMNS[25:35] == (
        "IsRootEvent",
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    )
    assert GDELT_COLUMNS[35:43] == (
        "Actor1Geo_Type",
        "Actor1Geo_FullName",
        "Actor1Geo_CountryCode",
        "Actor1Geo_ADM1Code",
        "Actor1Geo_ADM2Code",
        "Actor1Geo_Lat",
        "Actor1Geo_Long",
        "Actor1Geo_FeatureID",
    )
    assert GDELT_COLUMNS[43] == "Actor2Geo_Type" and GDELT_COLUMNS[51] == "ActionGeo_Type"
    assert GDELT_COLUMNS[58:] == ("ActionGeo_FeatureID", "DATEADDED", "SOURCEURL")


def test_no_header_by_default_and_every_row_has_61_fields(exported):
    path, table = exported
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 8
    assert all(len(line.split("\t")) == 61 for line in lines)
    assert not lines[0].startswith("GlobalEventID")
    assert list(table.index) == ["1", "2", "3", "5", "7", "6", "8", "4"]


def test_codes_keep_their_leading_zeros(exported):
    _, table = exported
    assert table.loc["2", ["EventCode", "EventBaseCode", "EventRootCode"]].tolist() == ["057", "057", "05"]
    assert table.loc["6", ["EventCode", "EventBaseCode", "EventRootCode"]].tolist() == ["0311", "031", "03"]


def test_a_merged_event_row(exported):
    _, table = exported
    row = table.loc["2"]
    assert (row.Day, row.MonthYear, row.Year, row.FractionDate) == ("20210912", "202109", "2021", "2021.7726")
    assert (row.Actor1Code, row.Actor1CountryCode, row.Actor2Code, row.Actor2CountryCode) == (
        "AZE",
        "AZE",
        "TUR",
        "TUR",
    )
    assert (row.QuadClass, row.GoldsteinScale, row.IsRootEvent) == ("1", "8", "0")
    assert (row.NumMentions, row.NumSources, row.NumArticles) == ("2", "2", "2")
    assert row.AvgTone == ""
    assert row.SOURCEURL == "https://news.example/caspian-1"
    assert len(row.DATEADDED) == 14 and row.DATEADDED.isdigit()


def test_actors_sectors_names_and_places(exported):
    _, table = exported
    first = table.loc["1"]
    assert (first.Actor1Code, first.Actor1Name, first.Actor1Type1Code) == ("AZEMIL", "Rauf Mammadli", "MIL")
    assert (first.Actor2Code, first.Actor2Name, first.Actor2Type1Code) == ("TURGOV", "Selim Kaya", "GOV")
    assert (first.ActionGeo_Type, first.ActionGeo_FullName) == ("4", "Ankara")
    assert first.Actor1Geo_FullName == "" and first.Actor2Geo_Type == ""
    sanctions = table.loc["8"]
    assert (sanctions.Actor1CountryCode, sanctions.Actor1Type1Code, sanctions.GoldsteinScale) == ("USA", "GOV", "-8")


def test_month_dates_become_their_first_day_and_undated_events_take_the_publication_date(exported):
    _, table = exported
    assert table.loc["8", "Day"] == "20220301"  # dated 2022-03
    assert table.loc["4", "Day"] == "20210913"  # undated; caspian-1 was published 2021-09-13
    assert table.loc["7", "FractionDate"] == f"{2022 + (2 * 30 + 28) / 365:.4f}"


def test_the_header_flag_writes_column_names(sample_db, tmp_path):
    path = tmp_path / "with-header.tsv"
    export(sample_db, "gdelt", path, header=True, limit=2)
    table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    assert tuple(table.columns) == GDELT_COLUMNS
    assert table["EventCode"].tolist() == ["040", "057"]


def test_duckdb_reads_it_back_with_codes_as_strings(exported):
    path, _ = exported
    rows = duckdb.sql(
        f"SELECT column00, column26, column27, column28 FROM read_csv('{path}', delim='\t', header=false, all_varchar=true) "
        "ORDER BY column00"
    ).fetchall()
    assert ("2", "057", "057", "05") in rows
    assert ("6", "0311", "031", "03") in rows


def test_fields_never_contain_tabs_or_line_breaks():
    article = ArticleBuilder("odd", ["A\tstrange\nsentence about Turkey and Georgia."])
    event = article.event("040", "TUR", "GEO", date=None, source_name="Name\twith tab")
    row = gdelt_row(event, ExportOptions())
    assert row[6] == "Name with tab"
    assert row[1:5] == ["", "", "", ""]  # no date, and no article to take one from
    assert row[-2:] == ["", ""]
    assert all("\t" not in field and "\n" not in field for field in row)


def test_us_places_use_gdelt_us_types():
    article = ArticleBuilder("us", ["Officials met in Denver."])
    event = article.event("040", "USA", "CAN", location="Denver")
    event.location.country = "USA"
    event.location.lat, event.location.lon, event.location.geonameid = 39.7392, -104.9903, 5419384
    summary = ArticleSummary(
        article_id="us",
        content_hash="0" * 64,
        coder="x",
        coded_at=datetime(2024, 5, 6, 7, 8, 9),
        published=date(2024, 5, 6),
        url="https://news.example/us",
    )
    row = dict(zip(GDELT_COLUMNS, gdelt_row(event, ExportOptions(article=lambda _: summary))))
    assert (row["ActionGeo_Type"], row["ActionGeo_CountryCode"]) == ("3", "USA")
    assert (row["ActionGeo_Lat"], row["ActionGeo_Long"], row["ActionGeo_FeatureID"]) == (
        "39.7392",
        "-104.9903",
        "5419384",
    )
    assert row["DATEADDED"] == "20240506070809"


def test_facts_are_refused(sample_db, tmp_path):
    from accord.errors import ExportError

    with pytest.raises(ExportError, match="events only"):
        GdeltExporter().write(sample_db.facts(), tmp_path / "facts.tsv", ExportOptions())
