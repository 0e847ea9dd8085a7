"""numpy's OpenBLAS for the model's products: only on one thread, and the same parse as blis.

Every test sets the BLAS threads inside ``threadpool_limits``, which puts back on leaving
what it found: the pytest process keeps its own settings."""

from __future__ import annotations

import numpy
from thinc.api import Linear, NumpyOps, get_current_ops, use_ops
from threadpoolctl import threadpool_limits

from accord.parse.blas import blas_threads, limit_to_one_thread, matrix_ops
from accord.parse.nlp import DEFAULT_MODEL

ANNOTATIONS = ["TAG", "POS", "MORPH", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "LEMMA", "SENT_START"]


def _ops_of_a_model_built_in(block) -> tuple[bool, NumpyOps]:
    with block as chosen:
        model = Linear(2, 3)
    return chosen, model.ops


def test_numpy_is_the_blas_these_tests_run_with():
    # What the rest of this module checks only means something if threadpoolctl sees it.
    assert blas_threads() >= 1


def test_limit_to_one_thread():
    with threadpool_limits(limits=2, user_api="blas"):
        assert blas_threads() == 2
        limit_to_one_thread()
        assert blas_threads() == 1


def test_models_multiply_with_numpy_when_its_blas_has_one_thread():
    with threadpool_limits(limits=1, user_api="blas"):
        chosen, ops = _ops_of_a_model_built_in(matrix_ops())
    assert chosen is True
    assert type(ops) is NumpyOps and ops.use_blis is False
    # only the block's models: thinc's own choice is back afterwards
    assert get_current_ops().use_blis is True


def test_models_keep_blis_while_numpy_blas_would_start_threads():
    with threadpool_limits(limits=2, user_api="blas"):
        chosen, ops = _ops_of_a_model_built_in(matrix_ops())
    assert chosen is False
    assert ops.use_blis is True


def test_ops_a_user_chose_are_left_alone():
    # numpy's ops without blis stand here for any other choice (Apple's, a GPU's)
    with threadpool_limits(limits=1, user_api="blas"), use_ops("numpy", use_blis=False):
        users = get_current_ops()
        chosen, ops = _ops_of_a_model_built_in(matrix_ops())
    assert chosen is False
    assert ops is users


def test_numpy_products_give_the_same_parse_as_blis(article_texts):
    """Two BLAS libraries may round the last bit differently: on every article we have,
    the annotations Accord reads must come out the same either way."""
    import spacy

    with threadpool_limits(limits=1, user_api="blas"):
        nlp_blis = spacy.load(DEFAULT_MODEL)
        with matrix_ops() as chosen:
            nlp_numpy = spacy.load(DEFAULT_MODEL)
        assert chosen is True
        assert nlp_numpy.get_pipe("tok2vec").model.ops.use_blis is False
        assert nlp_blis.get_pipe("tok2vec").model.ops.use_blis is True
        for by_blis, by_numpy in zip(nlp_blis.pipe(article_texts), nlp_numpy.pipe(article_texts), strict=True):
            assert numpy.array_equal(by_blis.to_array(ANNOTATIONS), by_numpy.to_array(ANNOTATIONS)), by_blis.text[:80]
