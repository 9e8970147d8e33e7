"""The array helpers of skyrack.physics._arrays: numpy scalars for one number, the values of np.asarray."""

from __future__ import annotations

import numpy as np
import pytest

from skyrack.physics._arrays import _f, _nan_to, _where
from skyrack.sizing import _choose


@pytest.mark.parametrize("x", [2.5, 3, np.float64(-1.0), np.asarray(7.0), np.float32(0.1), True, np.nan])
def test_one_number_is_a_numpy_scalar_with_asarray_s_value(x: object) -> None:
    got = _f(x)
    assert type(got) is np.float64
    assert np.asarray(got).tobytes() == np.asarray(x, dtype=np.float64).tobytes()  # bit for bit


def test_an_array_stays_an_array_and_a_float64_array_is_not_copied() -> None:
    a = np.array([1.0, 2.0])
    assert _f(a) is a
    ints = _f([1, 2])
    assert ints.dtype == np.float64 and ints.tolist() == [1.0, 2.0]


@pytest.mark.parametrize("x", [1.5, np.float64(2.0), np.float64(np.nan), np.float64(np.inf), np.float64(-np.inf)])
def test_nan_to_is_nan_to_num(x: object) -> None:
    assert np.asarray(_nan_to(x, nan=0.25)).tobytes() == np.asarray(np.nan_to_num(x, nan=0.25)).tobytes()
    batch = np.array([1.0, np.nan, np.inf])
    np.testing.assert_array_equal(_nan_to(batch, nan=3.0), [1.0, 3.0, np.finfo(float).max])


@pytest.mark.parametrize(
    ("condition", "if_true", "if_false"),
    [(True, 1.5, 2.0), (np.False_, np.float64(1.5), 2.0), (True, 1, 0), (np.True_, np.asarray(1.0), 0.0)],
)
def test_one_condition_chooses_as_np_where_does(condition: object, if_true: object, if_false: object) -> None:
    got, where = _choose(condition, if_true, if_false), np.where(condition, if_true, if_false)
    assert np.ndim(got) == 0 and np.asarray(got).dtype == where.dtype and got == where


@pytest.mark.parametrize(
    ("condition", "if_true", "if_false"),
    [
        (np.True_, 1.5, np.float64(2.0)),
        (np.False_, 1.5, np.nan),
        (np.True_, 1, 2.0),
        (np.array([True, False]), 1.0, 2.0),
    ],
)
def test_where_is_np_where(condition: object, if_true: object, if_false: object) -> None:
    got, where = _where(condition, if_true, if_false), np.where(condition, if_true, if_false)
    assert np.asarray(got).dtype == where.dtype and np.asarray(got).tobytes() == where.tobytes()
