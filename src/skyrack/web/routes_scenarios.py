"""Scenario data: the presets, the levers (sliders) and the scenario JSON Schema."""

from __future__ import annotations

import functools
from typing import Annotated, Any

from fastapi import APIRouter, Path as PathParam

from .levers import LEVERS
from .models import ERRORS
from .scenarios import preset_mapping


@functools.cache
def _schema() -> dict[str, Any]:
    from ..scenario import json_schema

    return json_schema()


def router() -> APIRouter:
    """The scenario endpoints (light work, answered in the server's threads)."""
    api = APIRouter(tags=["scenarios"])

    @api.get("/api/presets")
    def presets() -> list[dict[str, str]]:
        """The built-in presets: name and description."""
        from ..model import preset_names

        return [{"name": n, "description": str(preset_mapping(n).get("description", ""))} for n in preset_names()]

    @api.get("/api/presets/{name}", responses=ERRORS)
    def preset(name: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
        """One preset's scenario mapping (as in its YAML file)."""
        from .._json import json_safe

        data = preset_mapping(name)
        return {"name": name, "description": str(data.get("description", "")), "scenario": json_safe(data)}

    @api.get("/api/levers")
    def levers() -> list[dict[str, Any]]:
        """The main levers (sliders): scenario path, unit, range and scale."""
        return [lever.public() for lever in LEVERS]

    @api.get("/api/schema")
    def scenario_schema() -> dict[str, Any]:
        """JSON Schema of a scenario (units in ``x-unit``)."""
        return _schema()

    return api
