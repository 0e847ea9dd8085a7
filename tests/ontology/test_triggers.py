"""The event lexicons: loading and validating the data files, topics and family codes."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from accord.errors import OntologyError
from accord.ontology.cameo import cameo_code, cameo_codes
from accord.ontology.triggers import FAMILIES, Lexicon, load_lexicon, lexicon

DATA = Path(str(resources.files("accord.ontology").joinpath("data")))
FILES = (
    "event_verbs.tsv",
    "event_nouns.tsv",
    "light_verbs.txt",
    "speech_acts.tsv",
    "topics.tsv",
    "intent_cues.tsv",
    "suppress_cues.tsv",
)


@pytest.fixture
def copy(tmp_path) -> Path:
    """A copy of the lexicon files to break."""
    for name in FILES:
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def data_lines(path: Path) -> list[int]:
    """Line numbers (from 1) of the data rows after the header."""
    numbered = [
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if line.strip() and not line.startswith("#")
    ]
    return numbered[1:]


def replace_line(path: Path, number: int, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def append(path: Path, row: str) -> int:
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + row + "\n", encoding="utf-8")
    return len((text + row).split("\n"))


# -- the shipped lexicon ----------------------------------------------------------------------------


def test_the_shipped_lexicon_loads_once():
    lex = lexicon()
    assert isinstance(lex, Lexicon)
    assert lexicon() is lex
    assert len(lex.verbs) > 100 and len(lex.nouns) > 50
    assert lex.speech_acts and lex.topics


def test_a_copy_loads_like_the_shipped_files(copy):
    assert load_lexicon(copy) == load_lexicon()


def test_every_code_in_the_lexicon_is_a_cameo_code():
    lex = lexicon()
    codes = cameo_codes()
    for patterns in lex.verbs.values():
        assert all(p.code in codes for p in patterns)
    for patterns in lex.nouns.values():
        assert all(p.code in codes for p in patterns)
    for acts in lex.speech_acts.values():
        assert all(a.default in codes and a.family in FAMILIES for a in acts)
    for topic in lex.topics:
        assert all(code in codes for code in topic.codes.values())


def test_verb_patterns_are_ordered_most_specific_first():
    for patterns in lexicon().verbs.values():
        ranks = [p.specificity for p in patterns]
        assert ranks == sorted(ranks, reverse=True)


def test_some_rows_a_reader_can_check():
    lex = lexicon()
    sign = lex.verbs["sign"]
    assert any(p.code == "057" and "agreement" in p.objects for p in sign)
    assert any(p.code == "040" for p in lex.nouns["talk"])
    assert "hold" in lex.light_verbs
    assert lex.intent_cues["plan"] == "governor" and lex.intent_cues["will"] == "aux"
    assert lex.suppress_cues["not"] == "negation" and lex.suppress_cues["if"] == "mark"
    urge = lex.speech_acts["urge"][0]
    assert (urge.family, urge.default) == ("appeal", "020")
    call_on = next(a for a in lex.speech_acts["call"] if a.particle == "on")
    assert "on" in call_on.target_preps


# -- validation: a broken copy names file and line -------------------------------------------------------


def test_unknown_code_in_verbs(copy):
    path = copy / "event_verbs.tsv"
    line = data_lines(path)[3]
    cells = path.read_text(encoding="utf-8").split("\n")[line - 1].split("\t")
    replace_line(path, line, "\t".join(["999", *cells[1:]]))
    with pytest.raises(OntologyError) as info:
        load_lexicon(copy)
    assert info.value.item == f"event_verbs.tsv:{line}"
    assert "'999'" in info.value.reason
    assert f"event_verbs.tsv:{line}" in str(info.value)


def test_a_code_without_its_leading_zero_is_unknown(copy):
    line = append(copy / "event_nouns.tsv", "57\tpact\t\t0.8")
    with pytest.raises(OntologyError) as info:
        load_lexicon(copy)
    assert info.value.item == f"event_nouns.tsv:{line}"


@pytest.mark.parametrize("value", ["1.5", "0", "sure"])
def test_confidence_must_be_in_zero_one(copy, value):
    line = append(copy / "event_nouns.tsv", f"040\tparley\t\t{value}")
    with pytest.raises(OntologyError) as info:
        load_lexicon(copy)
    assert info.value.item == f"event_nouns.tsv:{line}"


def test_a_row_with_too_few_cells(copy):
    line = append(copy / "event_verbs.tsv", "040\tconfer")
    with pytest.raises(OntologyError) as info:
        load_lexicon(copy)
    assert info.value.item == f"event_verbs.tsv:{line}"
    assert "tab-separated" in info.value.reason


def test_speech_act_family_must_be_known(copy):
    line = append(copy / "speech_acts.tsv", "beseech\tplead\t020\tfor\t-\t-")
    with pytest.raises(OntologyError) as info:
        load_lexicon(copy)
    assert info.value.item == f"speech_acts.tsv:{line}"
    assert "plead" in info.value.reason


def test_topic_codes_are_checked(copy):
    line = append(copy / "topics.tsv", "fishing\tfish|fishery\t0299\t-\t-\t-\t-\t-")
    with pytest.raises(OntologyError) as info:
        load_lexicon(copy)
    assert info.value.item == f"topics.tsv:{line}"


def test_a_working_addition_is_picked_up(copy):
    append(copy / "event_verbs.tsv", "042\tdrop\tby\t\t0.7")
    lex = load_lexicon(copy)
    assert any(p.code == "042" and p.objects == frozenset({"by"}) for p in lex.verbs["drop"])


# -- topics -------------------------------------------------------------------------------------------------


def topic_name(words: set[str], phrase: str = "") -> str | None:
    topic = lexicon().topic_for(words, phrase)
    return topic.name if topic else None


def test_topic_for_picks_the_longest_cue():
    # "deal" alone is an agreement; "trade deal" is economic cooperation
    assert topic_name({"deal"}, "sign a deal") == "agreement"
    assert topic_name({"trade", "deal", "sign"}, "sign a trade deal") != "agreement"
    assert topic_name({"trade", "deal", "sign"}, "sign a trade deal") == "economic_cooperation"
    # "aid" is economic; "military aid" and "humanitarian aid" are their own
    assert topic_name({"aid"}, "aid") == "economic_aid"
    assert topic_name({"military", "aid"}, "military aid") == "military_aid"
    assert topic_name({"humanitarian", "aid"}, "send humanitarian aid") == "humanitarian_aid"


def test_two_word_cues_need_the_phrase():
    # the words of "military aid" apart do not make the two-word cue
    assert topic_name({"military", "aid"}, "aid for the military") == "economic_aid"


def test_equal_cues_go_to_the_earlier_row():
    names = [t.name for t in lexicon().topics]
    assert names.index("meeting") < names.index("agreement")
    assert topic_name({"talk", "deal"}, "talk deal") == "meeting"


def test_no_topic_without_a_cue():
    assert lexicon().topic_for({"weather", "mild"}, "the weather was mild") is None


# -- family codes for an act ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("act", "family", "code"),
    [
        ("042", "intent", "036"),  # plans to visit
        ("040", "intent", "036"),
        ("057", "intent", "030"),  # will sign an agreement
        ("0841", "intent", "0353"),  # via its parent 084
        ("073", "intent", "0333"),  # pledged humanitarian aid
        ("190", "threaten", "138"),  # vowed to strike
        ("195", "threaten", "138"),  # via the root's general code 190
        ("191", "threaten", "1381"),  # a blockade
        ("165", "threaten", "135"),  # will halt its mediation
        ("1662", "threaten", "136"),  # would withdraw the observers, via 166
        ("162", "threaten", "1311"),  # would cut off aid
        ("1723", "threaten", "1323"),  # would impose a curfew
        ("173", "threaten", "137"),  # would arrest the protesters
        ("071", "appeal", "0231"),
        ("061", "demand", "1011"),
        ("057", "reject", "120"),
    ],
)
def test_code_for_act(act, family, code):
    assert lexicon().code_for_act(act, family) == code
    assert cameo_code(code).root == {"intent": "03", "threaten": "13", "appeal": "02", "demand": "10", "reject": "12"}[family]


def test_code_for_an_act_no_topic_covers_is_the_familys_general_code():
    lex = lexicon()
    assert lex.code_for_act("0874", "intent") != lex.code_for_act("0874", "appeal")
    assert lex.code_for_act("173", "appeal") == "020"
    assert lex.code_for_act("173", "intent") == "030"
