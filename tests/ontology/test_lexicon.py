"""The actor lexicons: what the shipped data says, how the loader rejects bad data, how matching works."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from accord.errors import OntologyError
from accord.ontology import lexicon as lex
from accord.ontology.lexicon import Lexicon, form_key

# --------------------------------------------------------------------------- shipped data


def test_shipped_data_loads_and_validates():
    lex.default_lexicon().validate()
    assert len(lex.countries()) >= 199
    assert len(lex.country_forms()) > 1000
    assert len(lex.organisations()) > 200
    assert len(lex.titles()) > 300


def test_every_un_member_and_observer_is_there():
    statuses = [c.status for c in lex.countries().values()]
    assert statuses.count("member") == 193
    assert {c.iso3 for c in lex.countries().values() if c.status == "observer"} == {"VAT", "PSE"}
    assert {"TWN", "XKX", "ESH", "HKG"} <= set(lex.countries())


def test_kosovo_is_the_only_user_assigned_code():
    assert [c.iso3 for c in lex.countries().values() if c.code_source == "user-assigned"] == ["XKX"]


# Spot checks across regions: (form as written in news, code, kind, sector).
SPOT_CHECKS = [
    ("Turkey", "TUR", "name", None),
    ("Türkiye", "TUR", "name", None),
    ("Republic of Turkey", "TUR", "name", None),
    ("Turkish", "TUR", "adjective", None),
    ("Turks", "TUR", "demonym", None),
    ("Ankara", "TUR", "capital", None),
    ("Azerbaijan", "AZE", "name", None),
    ("Azerbaijani", "AZE", "adjective", None),
    ("Azeri", "AZE", "adjective", None),
    ("Baku", "AZE", "capital", None),
    ("United States", "USA", "name", None),
    ("U.S.", "USA", "short", None),
    ("USA", "USA", "short", None),
    ("Americans", "USA", "demonym", None),
    ("Washington", "USA", "capital", None),
    ("White House", "USA", "metonym", "GOV"),
    ("Pentagon", "USA", "metonym", "MIL"),
    ("State Department", "USA", "metonym", "GOV"),
    ("Capitol Hill", "USA", "metonym", "LEG"),
    ("Russia", "RUS", "name", None),
    ("Russian Federation", "RUS", "name", None),
    ("Kremlin", "RUS", "metonym", "GOV"),
    ("Moscow", "RUS", "capital", None),
    ("China", "CHN", "name", None),
    ("Beijing", "CHN", "capital", None),
    ("Zhongnanhai", "CHN", "metonym", "GOV"),
    ("Ukraine", "UKR", "name", None),
    ("Kyiv", "UKR", "capital", None),
    ("Kiev", "UKR", "capital", None),
    ("Britain", "GBR", "short", None),
    ("Great Britain", "GBR", "short", None),
    ("UK", "GBR", "short", None),
    ("British", "GBR", "adjective", None),
    ("Briton", "GBR", "demonym", None),
    ("London", "GBR", "capital", None),
    ("Downing Street", "GBR", "metonym", "GOV"),
    ("Whitehall", "GBR", "metonym", "GOV"),
    ("France", "FRA", "name", None),
    ("French", "FRA", "adjective", None),
    ("Frenchman", "FRA", "demonym", None),
    ("Paris", "FRA", "capital", None),
    ("Elysee", "FRA", "metonym", "GOV"),
    ("Iran", "IRN", "name", None),
    ("Tehran", "IRN", "capital", None),
    ("Israeli", "ISR", "adjective", None),
    ("Knesset", "ISR", "metonym", "LEG"),
    ("Palestinian", "PSE", "adjective", None),
    ("Armenian", "ARM", "adjective", None),
    ("Yerevan", "ARM", "capital", None),
    ("Georgian", "GEO", "adjective", None),
    ("Tbilisi", "GEO", "capital", None),
    ("South Korea", "KOR", "name", None),
    ("Republic of Korea", "KOR", "name", None),
    ("Seoul", "KOR", "capital", None),
    ("Blue House", "KOR", "metonym", "GOV"),
    ("Germany", "DEU", "name", None),
    ("Bundestag", "DEU", "metonym", "LEG"),
    ("Brazilian", "BRA", "adjective", None),
    ("Nigeria", "NGA", "name", None),
    ("Nigerien", "NER", "adjective", None),
    ("Ivory Coast", "CIV", "name", None),
    ("Côte d'Ivoire", "CIV", "name", None),
    ("Kazakh", "KAZ", "adjective", None),
    ("Pakistani", "PAK", "adjective", None),
    ("Japanese", "JPN", "adjective", None),
    ("Milli Majlis", "AZE", "metonym", "LEG"),
    ("Grand National Assembly", "TUR", "metonym", "LEG"),
    ("Taipei", "TWN", "capital", None),
    ("Kosovar", "XKX", "adjective", None),
    ("Sahrawi", "ESH", "adjective", None),
    ("Hong Kong", "HKG", "name", None),
    ("Middle East", "MEA", "region", None),
    ("Caucasus", "CAU", "region", None),
]


@pytest.mark.parametrize(("form", "code", "kind", "sector"), SPOT_CHECKS)
def test_spot_checks(form, code, kind, sector):
    entry = lex.country_forms()[form_key(form)]
    assert (entry.code, entry.kind, entry.sector) == (code, kind, sector)


@pytest.mark.parametrize("form", ["Georgia", "Jordan", "Chad", "Guinea", "Niger", "Congo", "Dominica", "Dominican", "Congress"])
def test_forms_that_often_mean_something_else_are_marked(form):
    assert lex.country_forms()[form_key(form)].ambiguous


def test_a_form_shared_by_two_countries_keeps_both_and_the_usual_reading_first():
    assert lex.country_forms()["congo"].codes == ("COD", "COG")
    assert lex.country_forms()["korean"].codes == ("KOR", "PRK")
    assert lex.country_forms()["dominican"].codes == ("DOM", "DMA")


def test_each_form_has_one_code_unless_marked_ambiguous():
    for key, entry in lex.country_forms().items():
        assert entry.others == () or entry.ambiguous, key


def test_country_and_organisation_forms_do_not_overlap():
    assert not set(lex.country_forms()) & set(lex.organisations())


def test_every_country_name_and_capital_is_a_form_of_it():
    forms = lex.country_forms()
    for country in lex.countries().values():
        assert country.iso3 in forms[form_key(country.name)].codes
        assert country.iso3 in forms[form_key(country.capital)].codes


ORGANISATIONS = [
    ("United Nations", "IGOUNO", "IGO"),
    ("UN", "IGOUNO", "IGO"),
    ("UNSC", "IGOUNO", "IGO"),
    ("UN General Assembly", "IGOUNO", "IGO"),
    ("UNHCR", "IGOUNOREFHCR", "IGO"),
    ("UNICEF", "IGOUNOKID", "IGO"),
    ("World Food Programme", "IGOUNOWFP", "IGO"),
    ("WHO", "IGOUNOHLHWHO", "IGO"),
    ("IAEA", "IGOUNOIAE", "IGO"),
    ("UNESCO", "IGOUNODEV", "IGO"),
    ("UNDP", "IGOUNODEV", "IGO"),
    ("NATO", "IGOWSTNAT", "IGO"),
    ("European Union", "IGOEUREEC", "IGO"),
    ("European Commission", "IGOEUREEC", "IGO"),
    ("European Parliament", "IGOEUREEC", "IGO"),
    ("Council of the European Union", "IGOEUREEC", "IGO"),
    ("OSCE", "IGOEURSCE", "IGO"),
    ("IMF", "IGOBUSIMF", "IGO"),
    ("World Bank", "IGOUNODEVWBK", "IGO"),
    ("WTO", "IGOBUSWTO", "IGO"),
    ("African Union", "IGOAFRAFU", "IGO"),
    ("Arab League", "IGOMEAARL", "IGO"),
    ("ASEAN", "IGOSEAASN", "IGO"),
    ("GCC", "IGOPGSGCC", "IGO"),
    ("OPEC", "IGOOPC", "IGO"),
    ("CIS", "IGOCASCIS", "IGO"),
    ("CSTO", "IGO", "IGO"),
    ("SCO", "IGOCAS", "IGO"),
    ("BRICS", "IGO", "IGO"),
    ("G7", "IGOGOS", "IGO"),
    ("G20", "IGO", "IGO"),
    ("OIC", "IGOMOSOIC", "IGO"),
    ("Council of Europe", "IGOEURCOE", "IGO"),
    ("International Criminal Court", "IGOJUDICC", "IGO"),
    ("ICJ", "IGOUNOJUDICJ", "IGO"),
    ("Interpol", "IGOCOPITP", "IGO"),
    ("ICRC", "NGOIRC", "NGO"),
    ("Amnesty International", "NGOAMN", "NGO"),
    ("Human Rights Watch", "NGOHRW", "NGO"),
    ("Doctors Without Borders", "NGOMSF", "NGO"),
    ("ECOWAS", "IGOWAFWAS", "IGO"),
    ("SADC", "IGOSAFSAD", "IGO"),
    ("Mercosur", "IGOSAM", "IGO"),
    ("OAS", "IGOOAS", "IGO"),
    ("Turkic Council", "IGO", "IGO"),
    ("Organization of Turkic States", "IGO", "IGO"),
    ("EAEU", "IGO", "IGO"),
    ("FSB", "RUSSPY", "SPY"),
    ("SOCAR", "AZEBUS", "BUS"),
]


@pytest.mark.parametrize(("form", "code", "sector"), ORGANISATIONS)
def test_organisations(form, code, sector):
    organisation = lex.organisations()[form_key(form)]
    assert (organisation.code, organisation.sector) == (code, sector)


def test_organisation_details():
    unsc = lex.organisations()["unsc"]
    assert unsc.parent == "United Nations"
    assert unsc.key == "united-nations-security-council"
    icc = lex.organisations()["icc"]
    assert icc.is_ambiguous("icc") and not icc.is_ambiguous(form_key("International Criminal Court"))
    fsb = lex.organisations()["fsb"]
    assert fsb.country == "RUS"
    assert lex.organisations()["nato"].country is None


TITLES = [
    ("President", "GOV", "title", "president"),
    ("Prime Minister", "GOV", "title", "prime minister"),
    ("Foreign Minister", "GOV", "title", "foreign minister"),
    ("Minister of Foreign Affairs", "GOV", "title", "foreign minister"),
    ("Defense Minister", "GOV", "title", "defence minister"),
    ("National Defence Minister", "GOV", "title", "defence minister"),
    ("Ambassador", "GOV", "title", "ambassador"),
    ("spokeswoman", "GOV", "title", "spokesperson"),
    ("Chief of the General Staff", "MIL", "title", "chief of the general staff"),
    ("General Staff Chief", "MIL", "title", "chief of the general staff"),
    ("Army General Staff Chief", "MIL", "title", "chief of the general staff"),
    ("Chief of Staff of the Army", "MIL", "title", "army chief of staff"),
    ("troops", "MIL", "group", "troops"),
    ("servicemen", "MIL", "group", "serviceman"),
    ("air force", "MIL", "body", "air force"),
    ("Lt-Gen", "MIL", "rank", "lieutenant general"),
    ("Lieutenant General", "MIL", "rank", "lieutenant general"),
    ("Admiral", "MIL", "rank", "admiral"),
    ("lawmakers", "LEG", "group", "lawmaker"),
    ("Milli Majlis", "LEG", "body", "parliament"),
    ("Supreme Court", "JUD", "body", "supreme court"),
    ("police officers", "COP", "group", "police officer"),
    ("spy agency", "SPY", "body", "intelligence service"),
    ("separatists", "SEP", "group", "separatist"),
    ("insurgents", "INS", "group", "insurgent"),
    ("opposition leader", "OPP", "title", "opposition leader"),
    ("protesters", "CVL", "group", "protester"),
    ("business forum", "BUS", "body", "business forum"),
    ("journalists", "MED", "group", "journalist"),
    ("imam", "REL", "title", "imam"),
    ("students", "EDU", "group", "student"),
    ("Ministry of Defence", "GOV", "ministry", "defence ministry"),
    ("Foreign Ministry", "GOV", "ministry", "foreign ministry"),
    ("Ministry of Economy", "GOV", "ministry", "economy ministry"),
]


@pytest.mark.parametrize(("text", "sector", "kind", "canonical"), TITLES)
def test_titles(text, sector, kind, canonical):
    tokens = text.split()
    match = lex.title_index().longest_match(tokens, 0)
    assert match is not None and match.end == len(tokens)
    assert (match.value.sector, match.value.kind, match.value.canonical) == (sector, kind, canonical)


def test_defence_minister_touches_the_military_too():
    assert lex.title_index().longest_match(["Defence", "Minister"]).value.secondary == ("MIL",)


def test_titles_are_longest_first():
    lengths = [len(t.tokens) for t in lex.titles()]
    assert lengths == sorted(lengths, reverse=True)


def test_plural_titles_are_flagged():
    plural = lex.title_index().longest_match(["foreign", "ministers"]).value
    assert plural.plural and plural.canonical == "foreign minister"


def test_modifiers_have_no_sector():
    deputy = lex.title_index().longest_match(["Deputy"]).value
    assert deputy.kind == "modifier" and deputy.sector is None


def test_sectors():
    table = lex.sectors()
    assert {"GOV", "MIL", "LEG", "JUD", "BUS", "MED", "EDU", "REL", "OPP", "REB", "INS", "CVL", "COP", "SPY"} <= set(table)
    assert table["IGO"].is_group and table["NGO"].is_group and not table["GOV"].is_group


def test_country_name():
    assert lex.country_name("TUR") == "Turkey"
    assert lex.country_name("XKX") == "Kosovo"
    assert lex.country_name("EUR") == "Europe"
    with pytest.raises(OntologyError, match="unknown"):
        lex.country_name("ZZZ")


# --------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("text", "key"),
    [("U.S.", "us"), ("Lt-Gen", "lt gen"), ("Maj.-Gen.", "maj gen"), ("Türkiye", "turkiye"), ("Élysée", "elysee"),
     ("Children’s Fund", "children 's fund"), ("  Prime   Minister ", "prime minister")],
)
def test_form_key(text, key):
    assert form_key(text) == key


def spans(index, tokens):
    return [(" ".join(tokens[m.start : m.end]), m.value) for m in index.find_all(tokens)]


def test_country_forms_must_be_written_as_names():
    index = lex.country_index()
    assert index.longest_match(["Turkey"]) is not None
    assert index.longest_match(["TURKEY"]) is not None
    assert index.longest_match(["turkey"]) is None
    assert index.longest_match(["US"]).value.code == "USA"
    assert index.longest_match(["us"]) is None
    assert index.longest_match(["Us"]) is None
    assert index.longest_match(["polish"]) is None
    assert index.longest_match(["Polish"]).value.code == "POL"


def test_organisation_acronyms_must_be_written_in_capitals():
    index = lex.organisation_index()
    assert index.longest_match(["WHO"]).value.code == "IGOUNOHLHWHO"
    assert index.longest_match(["who"]) is None
    assert index.longest_match(["Nato"]).value.code == "IGOWSTNAT"


def test_titles_ignore_case():
    assert lex.title_index().longest_match(["FOREIGN", "MINISTER"]).value.canonical == "foreign minister"


def test_accents_and_apostrophes_are_folded():
    index = lex.country_index()
    assert index.longest_match(["Turkiye"]).value.code == "TUR"
    assert index.longest_match(["Élysée"]).value.code == "FRA"
    assert index.longest_match(["Côte", "d’Ivoire"]).value.code == "CIV"


@pytest.mark.parametrize(
    "tokens",
    [["Lt", "-", "Gen"], ["Lt", ".", "Gen."], ["Lt-Gen"], ["LT", "GEN"], ["Lieutenant", "-", "General"]],
)
def test_rank_variants_with_hyphens_and_full_stops(tokens):
    match = lex.title_index().longest_match(tokens)
    assert match.end == len(tokens) and match.value.canonical == "lieutenant general"


def test_punctuation_between_the_words_of_a_form_is_skipped():
    match = lex.country_index().longest_match(["Washington", ",", "D.C.", "said"])
    assert match.end == 3 and match.value.code == "USA"
    match = lex.title_index().longest_match(["Maj", "\u2013", "Gen", "Aliyev"])
    assert match.end == 3 and match.value.canonical == "major general"


def test_a_match_never_starts_or_ends_on_punctuation():
    index = lex.title_index()
    assert index.longest_match(["-", "Gen"]) is None
    assert index.longest_match(["Gen", "."]).end == 1


def test_longest_form_wins():
    tokens = ["the", "Army", "General", "Staff", "Chief", "said"]
    match = lex.title_index().longest_match(tokens, 1)
    assert (match.start, match.end, match.value.sector) == (1, 5, "MIL")
    tokens = ["Democratic", "Republic", "of", "the", "Congo"]
    assert lex.country_index().longest_match(tokens).value.code == "COD"


def test_possessive_forms_match_split_tokens():
    tokens = ["United", "Nations", "Children", "'s", "Fund"]
    match = lex.organisation_index().longest_match(tokens)
    assert match.end == 5 and match.value.code == "IGOUNOKID"


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_plural_possessive_forms_match_split_tokens(apostrophe):
    # spaCy splits "Workers'" into "Workers" and the apostrophe; the data must split alike
    match = lex.organisation_index().longest_match(["Kurdistan", "Workers", apostrophe, "Party", "said"])
    assert match is not None and match.end == 4 and match.value.code == "TURREB"


def test_find_all_reads_a_sentence_left_to_right():
    # Tokens as spaCy gives them for a sentence we wrote for this test.
    tokens = ["Lt", "-", "Gen", "Rustamov", "of", "the", "Azerbaijani", "Army", "met", "Türkiye", "'s",
              "National", "Defence", "Minister", "and", "a", "U.S.", "envoy", "."]
    found = [(tokens[m.start : m.end], m.lexicon) for m in _all(tokens)]
    assert found == [
        (["Lt", "-", "Gen"], "title"),
        (["Azerbaijani"], "country"),
        (["Army"], "title"),
        (["Türkiye"], "country"),
        (["National", "Defence", "Minister"], "title"),
        (["U.S."], "country"),
        (["envoy"], "title"),
    ]


def _all(tokens):
    i, found = 0, []
    while i < len(tokens):
        match = lex.longest_match(tokens, i)
        if match is None:
            i += 1
        else:
            found.append(match)
            i = match.end
    return found


def test_combined_match_prefers_the_longer_form_across_lexicons():
    match = lex.longest_match(["European", "Union", "envoys"])
    assert match.lexicon == "organisation" and match.end == 2
    match = lex.longest_match(["European", "envoys"])
    assert match.lexicon == "country" and match.value.code == "EUR"


def test_combined_match_prefers_a_country_form_over_a_title_of_the_same_length():
    match = lex.longest_match(["Milli", "Majlis"])
    assert match.lexicon == "country" and match.value.code == "AZE" and match.value.sector == "LEG"


def test_ambiguous_matches_say_so():
    assert lex.country_index().longest_match(["Georgia"]).ambiguous
    assert not lex.country_index().longest_match(["Tbilisi"]).ambiguous
    assert lex.organisation_index().longest_match(["ICC"]).ambiguous


def test_phrase_index_membership_and_size():
    index = lex.country_index()
    assert "Azerbaijani" in index and "Atlantis" not in index
    assert len(index) == len(lex.country_forms())


# --------------------------------------------------------------------------- bad data


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped data files, to break one at a time."""
    target = tmp_path / "data"
    with resources.as_file(resources.files("accord.ontology").joinpath("data")) as source:
        shutil.copytree(source, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, line: str) -> int:
    """Add a row; return its line number."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def load_all(data_dir: Path) -> None:
    Lexicon(data_dir).validate()


def test_the_copy_is_valid(data_dir):
    load_all(data_dir)


def test_missing_file(data_dir):
    (data_dir / "titles.csv").unlink()
    with pytest.raises(OntologyError, match="missing"):
        load_all(data_dir)


def test_wrong_header(data_dir):
    edit(data_dir / "sectors.csv", "code,position,name,description", "code,name,description")
    with pytest.raises(OntologyError, match=r"sectors\.csv:\d+: header must be"):
        load_all(data_dir)


def test_wrong_number_of_fields(data_dir):
    line = append(data_dir / "titles.csv", "envoy extraordinary,GOV,title")
    with pytest.raises(OntologyError, match=rf"titles\.csv:{line}: expected 7 fields, found 3"):
        load_all(data_dir)


def test_unknown_sector_in_titles(data_dir):
    line = append(data_dir / "titles.csv", "court jester,XYZ,title,jester,,,")
    with pytest.raises(OntologyError, match=rf"titles\.csv:{line}: unknown sector 'XYZ'"):
        load_all(data_dir)


def test_unknown_secondary_sector(data_dir):
    line = append(data_dir / "titles.csv", "court jester,GOV,title,jester,QQQ,,")
    with pytest.raises(OntologyError, match=rf"titles\.csv:{line}: unknown sector 'QQQ'"):
        load_all(data_dir)


def test_duplicate_title_pattern_also_through_a_plural(data_dir):
    line = append(data_dir / "titles.csv", "chief envoy,GOV,title,envoy,,foreign ministers,")
    with pytest.raises(OntologyError, match=rf"titles\.csv:{line}: pattern 'foreign ministers' is already at titles\.csv:\d+"):
        load_all(data_dir)


def test_title_pattern_must_be_lower_case(data_dir):
    line = append(data_dir / "titles.csv", "Court Jester,GOV,title,jester,,,")
    with pytest.raises(OntologyError, match=rf"titles\.csv:{line}: pattern 'Court Jester' must be lower case"):
        load_all(data_dir)


def test_title_without_sector_and_modifier_with_one(data_dir):
    line = append(data_dir / "titles.csv", "court jester,,title,jester,,,")
    with pytest.raises(OntologyError, match=rf"titles\.csv:{line}: sector is empty"):
        load_all(data_dir)


def test_modifier_with_a_sector(data_dir):
    line = append(data_dir / "titles.csv", "would-be,GOV,modifier,would-be,,,")
    with pytest.raises(OntologyError, match=rf"titles\.csv:{line}: a modifier carries no sector"):
        load_all(data_dir)


def test_country_code_that_is_not_iso(data_dir):
    line = append(data_dir / "countries.csv", "ATL,AT,Atlantis,,Poseidonia,EU,other,iso")
    with pytest.raises(OntologyError, match=rf"countries\.csv:{line}: 'ATL' is not an ISO 3166-1 alpha-3 code"):
        load_all(data_dir)


def test_user_assigned_code_must_be_in_the_x_range(data_dir):
    line = append(data_dir / "countries.csv", "QAA,,Atlantis,,Poseidonia,EU,other,user-assigned")
    with pytest.raises(OntologyError, match=rf"countries\.csv:{line}: user-assigned code 'QAA'"):
        load_all(data_dir)


def test_duplicate_country(data_dir):
    line = append(data_dir / "countries.csv", "TUR,TR,Turkey,,Ankara,AS,member,iso")
    with pytest.raises(OntologyError, match=rf"countries\.csv:{line}: duplicate country TUR"):
        load_all(data_dir)


def test_bad_status(data_dir):
    edit(data_dir / "countries.csv", "AZE,AZ,Azerbaijan,Republic of Azerbaijan,Baku,AS,member", "AZE,AZ,Azerbaijan,Republic of Azerbaijan,Baku,AS,friend")
    with pytest.raises(OntologyError, match=r"countries\.csv:\d+: status must be one of"):
        load_all(data_dir)


def test_country_without_a_form_for_its_name(data_dir):
    edit(data_dir / "country_forms.csv", "\nAzerbaijan,AZE,name,,,\n", "\n")
    with pytest.raises(OntologyError, match="AZE has no form for its name 'Azerbaijan'"):
        load_all(data_dir)


def test_form_with_unknown_country(data_dir):
    line = append(data_dir / "country_forms.csv", "Atlantean,ATL,adjective,,,")
    with pytest.raises(OntologyError, match=rf"country_forms\.csv:{line}: unknown country code 'ATL'"):
        load_all(data_dir)


def test_form_for_two_countries_must_be_marked_ambiguous(data_dir):
    append(data_dir / "country_forms.csv", "Baku,GEO,capital,,,")
    with pytest.raises(OntologyError, match="'Baku' maps to AZE, GEO but is not marked ambiguous"):
        load_all(data_dir)


def test_form_for_two_countries_is_kept_when_every_row_marks_it(data_dir):
    edit(data_dir / "country_forms.csv", "Tbilisi,GEO,capital,,,", "Tbilisi,GEO,capital,,yes,")
    append(data_dir / "country_forms.csv", "Tbilisi,ARM,capital,,yes,")
    assert Lexicon(data_dir).country_forms["tbilisi"].codes == ("GEO", "ARM")


def test_duplicate_form(data_dir):
    line = append(data_dir / "country_forms.csv", "Baku,AZE,capital,,,")
    with pytest.raises(OntologyError, match=rf"country_forms\.csv:{line}: duplicate form 'Baku'"):
        load_all(data_dir)


def test_same_form_with_two_sectors(data_dir):
    line = append(data_dir / "country_forms.csv", "KREMLIN,RUS,metonym,MIL,,")
    with pytest.raises(OntologyError, match=rf"country_forms\.csv:{line}: form 'KREMLIN' gives sector MIL here"):
        load_all(data_dir)


def test_metonym_needs_a_known_sector(data_dir):
    line = append(data_dir / "country_forms.csv", "Presidential Palace,AZE,metonym,XYZ,,")
    with pytest.raises(OntologyError, match=rf"country_forms\.csv:{line}: unknown sector 'XYZ'"):
        load_all(data_dir)


def test_only_metonyms_carry_a_sector(data_dir):
    line = append(data_dir / "country_forms.csv", "Azerbaijanian,AZE,adjective,GOV,,")
    with pytest.raises(OntologyError, match=rf"country_forms\.csv:{line}: only a metonym carries a sector"):
        load_all(data_dir)


def test_ambiguous_is_yes_or_empty(data_dir):
    line = append(data_dir / "country_forms.csv", "Azerbaijanian,AZE,adjective,,maybe,")
    with pytest.raises(OntologyError, match=rf"country_forms\.csv:{line}: ambiguous must be yes or empty"):
        load_all(data_dir)


def test_unknown_form_kind(data_dir):
    line = append(data_dir / "country_forms.csv", "Azerbaijanian,AZE,nickname,,,")
    with pytest.raises(OntologyError, match=rf"country_forms\.csv:{line}: kind must be one of"):
        load_all(data_dir)


def test_region_code_must_not_clash_with_iso(data_dir):
    line = append(data_dir / "regions.csv", "FRA,Frankish lands,")
    with pytest.raises(OntologyError, match=rf"regions\.csv:{line}: region code 'FRA' clashes"):
        load_all(data_dir)


def test_organisation_form_naming_two_organisations(data_dir):
    append(data_dir / "organisations.csv", "IGO,IGO,,United Naval Alliance,UN,,,,")
    with pytest.raises(OntologyError, match="form 'UN' names both 'United Nations' and 'United Naval Alliance'"):
        load_all(data_dir)


def test_organisation_ambiguous_form_must_be_its_own(data_dir):
    line = append(data_dir / "organisations.csv", "IGO,IGO,,Caspian Council,CC,,XYZ,,")
    with pytest.raises(OntologyError, match=rf"organisations\.csv:{line}: ambiguous form 'xyz' is not one of this row's forms"):
        load_all(data_dir)


def test_organisation_of_a_country_is_coded_country_plus_sector(data_dir):
    line = append(data_dir / "organisations.csv", "RUSMIL,SPY,RUS,Special Bureau,,,,,")
    with pytest.raises(OntologyError, match=rf"organisations\.csv:{line}: code of a RUS body with sector SPY must be RUSSPY"):
        load_all(data_dir)


def test_international_organisation_needs_a_group_code(data_dir):
    line = append(data_dir / "organisations.csv", "GOVXYZ,GOV,,Caspian Council,,,,,")
    with pytest.raises(OntologyError, match=rf"organisations\.csv:{line}: an organisation without a country needs a group code"):
        load_all(data_dir)


def test_organisation_code_is_made_of_three_letter_codes(data_dir):
    line = append(data_dir / "organisations.csv", "IGOCASPI,IGO,,Caspian Council,,,,,")
    with pytest.raises(OntologyError, match=rf"organisations\.csv:{line}: code 'IGOCASPI' must be IGO followed by three-letter codes"):
        load_all(data_dir)


def test_organisation_parent_must_exist(data_dir):
    line = append(data_dir / "organisations.csv", "IGO,IGO,,Caspian Council,,,,Caspian Union,")
    with pytest.raises(OntologyError, match=rf"organisations\.csv:{line}: parent 'Caspian Union' is not an organisation's name"):
        load_all(data_dir)


def test_duplicate_organisation_name(data_dir):
    line = append(data_dir / "organisations.csv", "IGO,IGO,,Arab League,,,,,")
    with pytest.raises(OntologyError, match=rf"organisations\.csv:{line}: duplicate organisation name 'Arab League'"):
        load_all(data_dir)


def test_sector_codes_are_three_capital_letters(data_dir):
    line = append(data_dir / "sectors.csv", "Gov,sector,Government again,the state")
    with pytest.raises(OntologyError, match=rf"sectors\.csv:{line}: sector code 'Gov' is not three capital letters"):
        load_all(data_dir)


def test_error_carries_its_code_and_item(data_dir):
    line = append(data_dir / "titles.csv", "court jester,XYZ,title,jester,,,")
    with pytest.raises(OntologyError) as caught:
        load_all(data_dir)
    assert caught.value.code == "E203"
    assert caught.value.item == f"titles.csv:{line}"


# --------------------------------------------------------------------------- the per-user cache


def test_the_cached_default_lexicon_is_the_one_a_fresh_build_gives(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path))
    fresh = Lexicon()
    lex.default_lexicon.cache_clear()
    try:
        stored = lex.default_lexicon()  # builds every table and stores them
        assert list(tmp_path.glob("lexicon-*.pickle"))
        lex.default_lexicon.cache_clear()
        read_back = lex.default_lexicon()  # reads the file
    finally:
        lex.default_lexicon.cache_clear()
    assert read_back is not stored
    tokens = "Turkish Defence Minister Hulusi Akar met the UN Security Council in Ankara".split()
    for copy in (stored, read_back):
        assert copy.country_forms == fresh.country_forms
        assert copy.people == fresh.people
        assert copy.titles == fresh.titles
        assert [copy.longest_match(tokens, i) for i in range(len(tokens))] == [
            fresh.longest_match(tokens, i) for i in range(len(tokens))
        ]
        assert copy.people_index.longest_match(tokens, 3) == fresh.people_index.longest_match(tokens, 3)


def test_the_lexicon_cache_key_follows_the_data_files_and_pycountry(tmp_path, monkeypatch):
    import importlib.metadata

    before = lex._sources_key()
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0-changed")
    assert lex._sources_key() != before
    monkeypatch.undo()
    data = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("accord.ontology").joinpath("data"))), data)
    monkeypatch.setattr(lex, "_default_data_dir", lambda: data)
    assert lex._sources_key() == before
    with (data / "people.csv").open("a", encoding="utf-8") as people:
        people.write("\n")
    assert lex._sources_key() != before
