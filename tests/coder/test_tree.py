"""accord.coder.tree: a token's children as spaCy gives them, from lists made once a parse."""

from __future__ import annotations

import threading

import pytest

from accord.coder.tree import children, conjuncts, lefts, rights, subtree


@pytest.fixture(scope="module")
def docs(pipeline, article_texts):
    return list(pipeline.parser.nlp.pipe(article_texts[:30]))


def test_every_tokens_children_are_spacys_in_order(docs):
    asked = 0
    for doc in docs:
        for token in doc:
            assert [c.i for c in children(token)] == [c.i for c in token.children]
            asked += 1
    assert asked > 4_000


def test_asking_about_another_parse_answers_for_that_parse(docs):
    first, second = docs[0], docs[1]
    root = next(t for t in first if t.dep_ == "ROOT")
    assert children(root)[0].doc is first
    other_root = next(t for t in second if t.dep_ == "ROOT")
    assert [c.i for c in children(other_root)] == [c.i for c in other_root.children]
    assert all(c.doc is second for c in children(other_root))
    assert [c.i for c in children(root)] == [c.i for c in root.children]  # the first again


def test_threads_coding_different_articles_get_their_own_answers(docs):
    expected = {id(doc): [[c.i for c in t.children] for t in doc] for doc in docs[:4]}
    wrong: list[str] = []

    def ask(doc) -> None:
        for _ in range(30):
            for token in doc:
                if [c.i for c in children(token)] != expected[id(doc)][token.i]:
                    wrong.append(f"{token.text} in {doc[:5].text}")
                    return

    threads = [threading.Thread(target=ask, args=(doc,)) for doc in docs[:4]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_sides_conjuncts_and_subtrees_are_spacys_in_order(docs):
    coordinated = 0
    for doc in docs:
        for token in doc:
            assert [t.i for t in conjuncts(token)] == [t.i for t in token.conjuncts]
            assert [t.i for t in subtree(token)] == [t.i for t in token.subtree]
            assert [t.i for t in lefts(token)] == [t.i for t in token.lefts]
            assert [t.i for t in rights(token)] == [t.i for t in token.rights]
            coordinated += bool(token.conjuncts)
    assert coordinated > 100
