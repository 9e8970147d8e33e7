"""Deployment settings: the launch campaign, the pricing mode and the ground's queues.

A :class:`Deployment` is the ``deployment:`` section of a scenario. Unit strings
("24 /yr", "5 yr", "1000 MW/yr") are converted once to floats in the canonical
unit of each field; empty (``None``) fields take their value from the launcher's
catalog entry or from the design. Every default carries its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..errors import InputError
from ..scenario.deployment import Deployment

if TYPE_CHECKING:
    from ..model import Result

__all__ = ["Deployment", "parse_deployment", "settings_for"]


def settings_for(result: Result, overrides: Mapping[str, Any] | None = None) -> Deployment:
    """The deployment settings of a design: its scenario's section over its preset's campaign.

    Layers, later winning: the defaults; :data:`PRESET_CAMPAIGNS` for the
    scenario's name (only fields the scenario does not set); the scenario's
    ``deployment`` section (a :class:`Deployment` attribute once the Scenario
    carries one, else an extra mapping); ``overrides``.

    Parameters
    ----------
    result : skyrack.model.Result
        A sized design.
    overrides : mapping, optional
        Field values (unit strings allowed) laid over the settings.

    Returns
    -------
    Deployment
        Validated settings; bad values raise :class:`skyrack.errors.InputError`.
    """
    scenario = result.scenario
    own = getattr(scenario, "deployment", None)
    if not isinstance(own, Deployment):
        section = (getattr(scenario, "model_extra", None) or {}).get("deployment")
        own = parse_deployment(section) if isinstance(section, Mapping) else Deployment()
    for layer in (dict(overrides or {}),):
        if layer:
            parsed = parse_deployment(layer)
            own = own.model_copy(update={key: getattr(parsed, key) for key in layer})
    return own


def parse_deployment(data: Mapping[str, Any]) -> Deployment:
    """Validate a mapping into :class:`Deployment`; errors name every bad field."""
    try:
        return Deployment.model_validate(dict(data))
    except ValidationError as error:
        first = error.errors()[0]
        loc = [str(p) for p in first["loc"]]
        given = first.get("input")
        message = str(first["msg"]).removeprefix("Value error, ")
        named = message.split(" ", 1)[0]
        if not loc and named in Deployment.model_fields:  # a model-level check names its field first
            loc, given = [named], data.get(named)
        if first["type"] == "extra_forbidden":
            message = "unknown field; fields: " + ", ".join(Deployment.model_fields)
        elif message.startswith("got "):
            message = message.split("; ", 1)[-1]
        allowed = message if loc else "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in error.errors())
        raise InputError(".".join(["deployment", *loc]), given, allowed) from None
