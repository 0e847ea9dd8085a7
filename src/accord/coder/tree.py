"""A token's children in the dependency tree, listed once per parse.

spaCy's ``Token.children`` finds them by scanning every token between the token's left
and right edges, making a new ``Token`` object for each: for a verb at the top of a
long sentence, most of the sentence, each time it is asked. The components ask it
thousands of times an article. ``children(token)`` gives the same tokens, in the same
order, from lists made in one pass over the parse's heads.

The lists are kept for the last parse asked about (the components code one article at a
time); a thread that asks about another parse gets lists of its own, never another's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["children", "lefts", "rights", "conjuncts", "subtree"]

# (doc, each token's children): replaced whole, so a reader never sees a mix of two parses.
_last: tuple[Doc | None, list[tuple[Token, ...]]] = (None, [])


def children(token: Token) -> tuple[Token, ...]:
    """``tuple(token.children)``: its dependents, left to right."""
    global _last
    doc, lists = _last
    if doc is not token.doc:
        doc = token.doc
        lists = _children_of_every_token(doc)
        _last = (doc, lists)
    return lists[token.i]


def _children_of_every_token(doc: Doc) -> list[tuple[Token, ...]]:
    from spacy.attrs import HEAD

    tokens = list(doc)
    found: list[list[Token]] = [[] for _ in tokens]
    # HEAD is the offset to the head, as an unsigned 64-bit number: a head to the left
    # is a very large one.
    for i, offset in enumerate(doc.to_array(HEAD).tolist()):
        if offset:
            head = i + offset if offset < 2**63 else i + offset - 2**64
            found[head].append(tokens[i])
    return [tuple(kids) for kids in found]


def lefts(token: Token) -> list[Token]:
    """``token.lefts``: its dependents before it, left to right."""
    return [child for child in children(token) if child.i < token.i]


def rights(token: Token) -> list[Token]:
    """``token.rights``: its dependents after it, left to right."""
    return [child for child in children(token) if child.i > token.i]


def conjuncts(token: Token) -> tuple[Token, ...]:
    """``token.conjuncts``: the words coordinated with it ("Turkey" in "Azerbaijan and
    Turkey"), found as spaCy finds them, on the listed children."""
    first = token
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head  # the first word of the coordination
    queue = [first]
    found = [first]
    for word in queue:
        for child in children(word):
            if child.i > word.i and child.dep_ == "conj":
                found.append(child)
                queue.append(child)
    return tuple(word for word in found if word.i != token.i)


def subtree(token: Token) -> tuple[Token, ...]:
    """``token.subtree``: the token and all its descendants, in the order spaCy gives
    them (left dependents' subtrees, the token, right dependents' subtrees)."""
    found: list[Token] = []
    _collect(token, found)
    return tuple(found)


def _collect(token: Token, found: list[Token]) -> None:
    kids = children(token)
    for child in kids:
        if child.i < token.i:
            _collect(child, found)
    found.append(token)
    for child in kids:
        if child.i > token.i:
            _collect(child, found)
