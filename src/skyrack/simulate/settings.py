"""Settings of one simulation run: the scenario's ``simulation:`` section with overrides applied."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

import numpy as np
from pydantic import ValidationError

from ..errors import InputError
from ..scenario.registry import parameters
from ..scenario.simulation import Simulation
from ..units import Unit

__all__ = ["as_section", "override"]

_RANGE_ERRORS = frozenset({"greater_than", "greater_than_equal", "less_than", "less_than_equal"})


def _unit(name: str) -> str | None:
    """The unit of a dimensional field of :class:`Simulation`, or None."""
    info = Simulation.model_fields[name]
    candidates: list[Any] = [*info.metadata]
    for arg in get_args(info.annotation):
        candidates += [*get_args(arg)[1:]]
    return next((c.unit for c in candidates if isinstance(c, Unit)), None)


def override(settings: Simulation, changes: Mapping[str, Any]) -> Simulation:
    """``settings`` with ``changes`` applied, each checked as in a scenario file.

    Parameters
    ----------
    settings : Simulation
        The scenario's settings.
    changes : mapping
        Field names of :class:`Simulation` to new values; None keeps the setting. A number for a
        dimensional field is in the field's unit (s, m, rad, bit/s); a string may carry any unit
        ("30 day").

    Raises
    ------
    skyrack.errors.InputError
        For an unknown name or a value the section would refuse.
    """
    given = {name: value for name, value in changes.items() if value is not None}
    for name in given:
        if name not in Simulation.model_fields:
            allowed = "a setting of the simulation section: " + ", ".join(Simulation.model_fields)
            raise InputError(f"simulation.{name}", given[name], allowed)
    data: dict[str, Any] = {}
    for name, value in given.items():
        unit = _unit(name)
        number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
        data[name] = f"{float(value)!r} {unit}" if unit and number else value
    try:
        checked = Simulation.model_validate(data)
    except ValidationError as error:
        item = error.errors()[0]
        name = str(item["loc"][0]) if item["loc"] else ""
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] in _RANGE_ERRORS:
            message = f"must be {parameters()[f'simulation.{name}'].allowed()}"
        raise InputError(f"simulation.{name}", given.get(name), message) from None
    return settings.model_copy(update={name: getattr(checked, name) for name in given})


def as_section(settings: Simulation) -> dict[str, Any]:
    """The settings as a ``simulation:`` section of a scenario file (dimensional values with their unit).

    Reading it back gives the same floats: ``override(Simulation(), as_section(s)) == s``.
    """
    out: dict[str, Any] = settings.model_dump(mode="json")  # dimensional values are dumped with their unit
    return out
