"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st


def ordered_floats(min_value: float, max_value: float) -> st.SearchStrategy[tuple[float, float]]:
    """Two floats in ``[min_value, max_value]``, the smaller first (``lo <= hi``): for monotonicity checks."""
    value = st.floats(min_value=min_value, max_value=max_value)
    return st.tuples(value, value).map(lambda pair: (min(pair), max(pair)))
