"""Every CLI table takes its labels and units from the registries: no raw dotted key, no unit-less number.

Each command below runs for real (small sizes) with rich's ``Console.print`` recording the tables it
prints; then every header, every row label and every cell is checked:

* no header or cell *is* a raw key (``economics.cost_ratio``) or an override spelled with one
  (``orbit.altitude=...``); prose that names the field to set (a reason, a cost basis, a source) is allowed;
* a cell that is a bare number (no unit, no %, no $) sits in a column or row whose label is that of a
  dimensionless quantity in the registries (a count, a ratio, an index), or whose label states a unit.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from rich.console import Console
from rich.table import Table
from typer.testing import CliRunner

from skyrack.cli import app
from skyrack.outputs import OUTPUTS, STATISTICS
from skyrack.scenario.registry import parameters

U = "launch.price_per_kg=uniform(low=100 USD/kg, high=1000 USD/kg)"
U2 = "satellite.thermal.emissivity=uniform(low=0.8, high=0.95)"
ALT = "orbit.altitude=500..1200 km"

COMMANDS: dict[str, list[str]] = {
    "design": ["design", "suncatcher"],
    "design-ground": ["design", "ground-campus-1gw"],
    "compare": ["compare", "suncatcher", "starcloud-40mw", "ground-campus-1gw", "--owner-pricing"],
    "sweep": ["sweep", "suncatcher", "-v", "orbit.altitude=300..900 km:3", "-v",
              "satellite.thermal.radiator_temperature=250 K,340 K"],
    "breakeven": ["breakeven", "suncatcher", "--x", "launch.price_per_kg=20..3000 USD/kg:log:3",
                  "--y", "economics.satellite_cost_per_w=0.5..200 USD/W:log:20"],
    "montecarlo": ["montecarlo", "suncatcher", "-n", "200", "-u", U],
    "sensitivity": ["sensitivity", "suncatcher", "--sobol", "16", "-u", U, "-u", U2],
    "optimise": ["optimise", "suncatcher", "-v", ALT, "--population", "32"],
    "pareto": ["optimise", "suncatcher", "-v", ALT, "--pareto", "economics.usd_per_pflop_day,mass.total_kg",
               "--population", "8"],
    "simsweep": ["simsweep", "suncatcher", "--duration", "2 h", "--satellites", "4", "-v",
                 "satellite.thermal.emissivity=0.85,0.92"],
    "workload": ["workload", "suncatcher"],
    "deploy": ["deploy", "suncatcher"],
}  # fmt: skip

_NUMBER = re.compile(r"^[−-]?(\d[\d,]*(\.\d+)?|\.\d+)([eE][+-]?\d+|×10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?$")
_KEY = re.compile(r"^([a-z][a-z0-9_]*(\.[a-z0-9_]+)+)(=|$)")


def _keys() -> set[str]:
    return set(OUTPUTS) | set(parameters())


def _dimensionless_labels() -> set[str]:
    """Labels of the registries' quantities without a unit (and of their statistics)."""
    labels = {o.label for o in OUTPUTS.values() if o.unit in ("", "1")}
    labels |= {p.label for p in parameters().values() if p.unit in (None, "", "1")}
    return labels | {f"{label}, {stat}" for label in labels for stat in STATISTICS.values()}


def _tables(args: list[str], monkeypatch: pytest.MonkeyPatch) -> list[Table]:
    seen: list[Table] = []
    original = Console.print

    def record(self: Console, *objects: Any, **kwargs: Any) -> None:
        seen.extend(o for o in objects if isinstance(o, Table))
        original(self, *objects, **kwargs)

    monkeypatch.setattr(Console, "print", record)
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 2), result.output  # compare exits 2 for an infeasible system, after its tables
    assert seen, f"{args[0]} printed no table"
    return seen


def _text(cell: Any) -> str:
    return str(cell.plain if hasattr(cell, "plain") else cell).strip()


def _problems(table: Table) -> list[str]:
    keys, unitless = _keys(), _dimensionless_labels()
    headers = [_text(c.header) for c in table.columns]
    columns = [[_text(cell) for cell in c._cells] for c in table.columns]
    found = []
    for header in headers:
        match = _KEY.match(header)
        if match and match.group(1) in keys:
            found.append(f"raw key as a header: {header!r}")
    for j, column in enumerate(columns):
        for i, cell in enumerate(column):
            match = _KEY.match(cell)
            if match and match.group(1) in keys:
                found.append(f"raw key in a cell: {cell!r}")
            if re.search(r"\d ?(Mg|Gg|Tg)\b|MUSD|\$-", cell):
                found.append(f"a mass in Mg/Gg/Tg, MUSD or a minus after the dollar: {cell!r}")
            if _NUMBER.match(cell):
                row_label = columns[0][i] if j > 0 else ""
                labels = (headers[j], row_label)
                if not any(label in unitless or re.search(r"\[[^\]]+\]", label) for label in labels):
                    found.append(f"a bare number {cell!r} in column {headers[j]!r}, row {row_label!r}")
    return found


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_cli_table_is_labelled_from_the_registries(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = [f"{t.title}: {p}" for t in _tables(COMMANDS[name], monkeypatch) for p in _problems(t)]
    assert not problems, "\n".join(problems)


def test_the_check_finds_raw_keys_and_unitless_numbers() -> None:
    bad = Table(title="old style")
    bad.add_column("orbit.altitude")
    bad.add_column("quantity")
    bad.add_column("mass")
    bad.add_row("650000", "economics.cost_ratio", "1.447e+05")
    bad.add_row("7e+05", "satellite.thermal.emissivity=0.9", "144,700")
    bad.add_row("1", "145 Mg", "$-382k")
    problems = _problems(bad)
    assert any("raw key as a header" in p for p in problems)
    assert any("'economics.cost_ratio'" in p for p in problems)
    assert any("'144,700'" in p for p in problems) and any("'650000'" in p for p in problems)
    assert any("'145 Mg'" in p for p in problems) and any("'$-382k'" in p for p in problems)
    assert any("'1.447e+05'" in p for p in problems) and any("thermal.emissivity=0.9" in p for p in problems)


def test_table_files_keep_machine_names_and_parquet_carries_labels_and_units(tmp_path: Any) -> None:
    import pandas as pd
    import pyarrow.parquet as pq

    args = ["sweep", "suncatcher", "-v", "orbit.altitude=500 km,700 km", "-q", "mass.total_kg"]
    for suffix in ("csv", "parquet"):
        result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / f"s.{suffix}")])
        assert result.exit_code == 0, result.output
    csv = pd.read_csv(tmp_path / "s.csv")  # one header row, the machine names: every reader keeps working
    assert list(csv.columns) == ["orbit.altitude", "mass.total_kg", "feasibility.code"] and len(csv) == 2
    schema = pq.read_schema(tmp_path / "s.parquet")
    assert schema.names == list(csv.columns)
    mass = {k.decode(): v.decode() for k, v in (schema.field("mass.total_kg").metadata or {}).items()}
    assert mass["label"] == "Fleet mass" and mass["unit"] == "kg" and mass["canonical_unit"] == "kg"
    altitude = {k.decode(): v.decode() for k, v in (schema.field("orbit.altitude").metadata or {}).items()}
    assert altitude["unit"] == "m" and altitude["meaning"]
    assert pd.read_parquet(tmp_path / "s.parquet").equals(csv)


def test_optimise_warns_when_the_optimum_sits_on_a_bound() -> None:
    hot = "satellite.thermal.radiator_temperature=280..320 K"
    # a hotter radiator loop is a smaller radiator (flux ~ T^4) and, below the junctions' limit (328 K),
    # costs nothing else: the optimum is the range's top end
    from skyrack import cli_common

    cli_common._WARNED.clear()  # warnings are once per process; an earlier test may have shown this one
    runner = CliRunner()
    shown = runner.invoke(app, ["optimise", "suncatcher", "-v", hot, "--population", "32"])
    assert shown.exit_code == 0, shown.output
    assert "(at the high bound)" in shown.stdout
    assert (
        "the optimum sits on the high bound" in shown.stderr
        and "widen --vary satellite.thermal.radiator_temperature" in shown.stderr
    )
    data = runner.invoke(app, ["optimise", "suncatcher", "-v", hot, "--population", "32", "--json"])
    assert json.loads(data.stdout)["at_bounds"] == {"satellite.thermal.radiator_temperature": "high"}


def test_at_bounds_reads_both_ends_and_ignores_lists() -> None:
    from skyrack.analysis.optimise import at_bounds
    from skyrack.analysis.sweep import parse_vary

    alt = parse_vary("orbit.altitude=500..1200 km")
    assert at_bounds({"orbit.altitude": 500e3}, [alt]) == {"orbit.altitude": "low"}
    assert at_bounds({"orbit.altitude": 800e3}, [alt]) == {}
    assert at_bounds({"orbit.altitude": 1199.5e3}, [alt]) == {"orbit.altitude": "high"}  # within 0.1 % of the width
    assert at_bounds({"orbit.altitude": 500e3}, [parse_vary("orbit.altitude=500 km,700 km")]) == {}
