"""Published figures held fixed (``published.*``) and checked against physics.

The hand computations use the starcloud-40mw preset (white-paper radiator at 293.15 K, 650 km
dawn-dusk SSO, 319 GB200 NVL72 racks, 10-yr life, one assembled module):

* IT power per satellite: 319 racks x 86.4 kW x (1 + 0.45 server overhead) = 39,964,320 W;
  heat to reject, with the 3 % bus load: x 1.03 = 41,163,249.6 W.
* Radiator net flux, both faces at 293.15 K, eps 0.92, alpha 0.09, S 1366 W/m^2 edge-on (cos 1),
  Earth view factor 0.25 at 253.15 K, albedo 0.3: 2 x 0.92 sigma 293.15^4 - 0.09 x 1366
  - 0.92 x 0.25 sigma 253.15^4 - 0.09 x 1366 x 0.3 x 0.25 = 770.53 - 122.94 - 53.56 - 9.22 = 584.8 W/m^2;
  area needed 41,163,249.6 / 584.8 = 70,388 m^2.
* Array: 1366 x 0.22 x 0.9 packing x 0.92 derating = 248.83 W/m^2 at BOL; x (1 - 0.0015)^10 = 0.98510
  at EOL. Longest darkness 1,170.1 s of a 5,863.7 s orbit (sunlit 4,693.6 s); the load needs
  (L x 1,170.1 / (0.95 x 0.92) + L x 4,693.6 / 0.95) / 4,693.6 = 55.07 MW in sunlight at EOL.
* Battery: L x 1,170.1 s / 3600 / (0.30 DoD x sqrt(0.92)) = 46.50 MWh.
* Parts (payload) 1,466,197 kg: compute 319 x 1,360 = 433,840 kg, shield 1 kg/kW x 39,964 kW,
  array 55.9 t, battery 387.5 t, radiator 70,388 m^2 x 7.8 kg/m^2 = 549.0 t.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from skyrack import feasibility as f
from skyrack.cli import app
from skyrack.errors import ScenarioError
from skyrack.model import design, design_batch, load_scenario, preset_names
from skyrack.summary import summary

PRESET = "starcloud-40mw"
HEAT_W = 39_964_320.0 * 1.03
NET_W_M2 = 584.8
EXAMPLE = Path(__file__).parent / "data" / "starcloud-40mw-published.yaml"


def _run(**given: str) -> dict[str, float]:
    r = design(PRESET, [f"published.{k}={v}" for k, v in given.items()], parity=False)
    return r.values


def _bits(values: dict[str, float]) -> int:
    return int(values["feasibility.code"]) & f.GIVEN_BITS


def test_heat_to_reject_and_net_flux_match_the_hand_computation() -> None:
    v = _run()
    assert v["thermal.heat_rejected_w"] == pytest.approx(HEAT_W, rel=1e-12)
    assert v["thermal.radiator_net_flux_w_per_m2"] == pytest.approx(NET_W_M2, rel=1e-4)
    assert v["published.radiator_area_needed_m2"] == pytest.approx(70_388.0, rel=1e-4)


def test_a_radiator_below_the_heat_is_a_named_finding() -> None:
    # 63,183 m^2 x 584.8 W/m^2 = 36.95 MW against 41.16 MW: margin 0.8976
    v = _run(radiator_area="63183 m^2")
    assert v["published.radiator_heat_capacity_w"] == pytest.approx(63_183 * NET_W_M2, rel=1e-4)
    assert v["published.radiator_margin"] == pytest.approx(0.8976, abs=2e-4)
    assert _bits(v) == f.GIVEN_RADIATOR_SMALL
    assert v["thermal.radiator_area_m2"] == 63_183.0  # the given area drives mass and cost
    assert v["thermal.radiator_mass_kg"] == pytest.approx(63_183 * 7.8, rel=1e-12)
    # the radiator rejects only 89.8 % of the heat: the thermal factor says so
    assert v["factors.thermal"] == pytest.approx(0.8976, abs=2e-4)
    r = design(PRESET, ["published.radiator_area=63183 m^2"], parity=False)
    (reason,) = r.reasons
    assert reason.startswith("published.radiator_area: the given 63,183 m² radiator at 293.1 K rejects 36.9 MW")
    assert "physics needs 70,388 m²" in reason and "41.2 MW to reject" in reason


def test_a_radiator_above_the_heat_is_a_margin() -> None:
    # 75,000 m^2 x 584.8 W/m^2 = 43.86 MW against 41.16 MW: margin 1.0655
    v = _run(radiator_area="75000 m^2")
    assert v["published.radiator_margin"] == pytest.approx(1.0655, abs=2e-4)
    assert _bits(v) == 0 and v["factors.thermal"] == 1.0


def test_an_array_short_at_end_of_life_is_a_named_finding() -> None:
    # 128,000 m^2 x 248.83 W/m^2 x 0.98510 = 31.38 MW against 55.07 MW: margin 0.5697
    v = _run(array_area="128000 m^2")
    assert v["published.array_power_eol_w"] == pytest.approx(31.376e6, rel=1e-4)
    assert v["published.array_power_needed_w"] == pytest.approx(55.071e6, rel=1e-4)
    assert v["published.array_margin"] == pytest.approx(0.5697, abs=1e-4)
    assert _bits(v) == f.GIVEN_ARRAY_SMALL
    assert v["power.array_area_m2"] == 128_000.0
    assert v["factors.power_cap"] == pytest.approx(0.5697, abs=1e-4)  # the short array caps the compute


def test_an_array_above_the_load_is_a_margin() -> None:
    # 250,000 m^2 x 248.83 x 0.98510 = 61.28 MW against 55.07 MW: margin 1.1128
    v = _run(array_area="250000 m^2")
    assert v["published.array_margin"] == pytest.approx(1.1128, abs=1e-4)
    assert _bits(v) == 0


def test_a_battery_short_of_the_longest_darkness_is_a_named_finding() -> None:
    # no battery against 46.50 MWh; 40 MWh / 46.50 MWh = 0.8603
    for given, margin in (("0 Wh", 0.0), ("40 MWh", 0.8603)):
        v = _run(battery_capacity=given)
        assert v["published.battery_needed_wh"] == pytest.approx(46.496e6, rel=1e-4)
        assert v["published.battery_margin"] == pytest.approx(margin, abs=1e-4)
        assert _bits(v) == f.GIVEN_BATTERY_SMALL
    v = _run(battery_capacity="50 MWh")  # 50 / 46.50 = 1.0754
    assert v["published.battery_margin"] == pytest.approx(1.0754, abs=1e-4) and _bits(v) == 0
    assert v["power.battery_mass_kg"] == pytest.approx(50e6 / 120.0, rel=1e-12)  # 120 Wh/kg pack


def test_launches_that_cannot_carry_the_fleet_are_a_named_finding() -> None:
    # bottom-up fleet 2,030 t: 23 launches by mass (90.0 t each to SSO), 17,738 m^3 / (1,000 m^3 x 0.6) = 30 by volume
    v = _run(launches="29")
    assert v["published.launches_needed"] == 30.0
    assert v["published.launch_margin"] == pytest.approx(29 / 30, rel=1e-12)
    assert v["published.launch_capacity_kg"] == pytest.approx(29 * v["launch.payload_kg"], rel=1e-12)
    assert _bits(v) == f.GIVEN_LAUNCHES_SHORT
    assert v["launch.launches"] == 29.0 and v["launch.cost_usd"] == pytest.approx(29 * 5e6)  # $5 M a flight
    v = _run(launches="40")
    assert v["published.launch_margin"] == pytest.approx(40 / 30) and _bits(v) == 0
    assert v["launch.cost_usd"] == pytest.approx(40 * 5e6)


def test_a_satellite_lighter_than_its_parts_is_a_named_finding() -> None:
    # 1,000 t against 1,466.2 t of parts: margin 0.6820; 2,000 t: 1.3641
    v = _run(satellite_mass="1000 t")
    assert v["mass.payload_kg"] == pytest.approx(1_466_197.0, rel=1e-6)
    assert v["published.mass_margin"] == pytest.approx(0.6820, abs=1e-4)
    assert _bits(v) == f.GIVEN_MASS_LIGHT
    assert v["mass.per_satellite_kg"] == 1e6 and v["mass.bus_kg"] == 0.0
    v = _run(satellite_mass="2000 t")
    assert v["published.mass_margin"] == pytest.approx(1.3641, abs=1e-4) and _bits(v) == 0
    # a published mass is the whole satellite: the bus is what the parts and the propellant leave
    assert v["mass.propellant_kg"] > 0.0
    assert v["mass.bus_kg"] == pytest.approx(2e6 - v["mass.propellant_kg"] - 1_466_197.0, rel=1e-6)


def test_a_given_specific_power_sets_mass_launches_and_cost() -> None:
    # 20 W/kg: 39,964,320 W / 20 = 1,998,216 kg (parts 1,466,197 kg: margin 1.3628);
    # by mass ceil(1,998,216 / 90,002) = 23 launches; launch cost = launches x $5 M
    v = _run(specific_power="20 W/kg")
    assert v["mass.per_satellite_kg"] == pytest.approx(1_998_216.0, rel=1e-12)
    assert v["mass.total_kg"] == pytest.approx(1_998_216.0, rel=1e-12)
    assert v["launch.launches_by_mass"] == 23.0
    assert v["launch.launches"] == max(23.0, v["launch.launches_by_volume"])
    assert v["launch.cost_usd"] == pytest.approx(v["launch.launches"] * 5e6)
    assert v["published.mass_margin"] == pytest.approx(1.3628, abs=1e-4) and _bits(v) == 0
    # Starcloud-3's ~67 W/kg on this design: 596,482 kg against 1,466,197 kg of parts, margin 0.4068
    r = design(PRESET, ["published.specific_power=67 W/kg"], parity=False)
    assert r.values["mass.per_satellite_kg"] == pytest.approx(596_482.4, rel=1e-6)
    assert r.values["published.mass_margin"] == pytest.approx(0.4068, abs=1e-4)
    assert _bits(r.values) == f.GIVEN_MASS_LIGHT
    (reason,) = r.reasons
    assert reason.startswith("published.specific_power: 67 W/kg for 40 MW of IT power means a 596 t satellite")
    assert r.values["economics.co2e_manufacturing_kg"] >= 0.0  # no negative non-compute mass


def test_a_dose_below_the_shield_is_a_named_finding() -> None:
    # the shield's computed dose (AE8/AP8, tested in test_orbit_dose) is 0.07237 krad/yr here;
    # 0.05 krad/yr / 0.07237 = 0.6909 fails, 0.1 / 0.07237 = 1.3818 holds; the given rate drives the mission dose
    physics = _run()["radiation.dose_krad_per_year"]
    low = _run(dose_per_year="0.05 krad/yr")
    assert low["published.shield_dose_krad_per_year"] == pytest.approx(physics, rel=1e-12)
    assert low["published.dose_margin"] == pytest.approx(0.05 / physics, rel=1e-12)
    assert low["published.dose_margin"] == pytest.approx(0.6909, abs=1e-3)
    assert _bits(low) == f.GIVEN_DOSE_LOW
    high = _run(dose_per_year="1 Gy/yr")  # 0.1 krad/yr
    assert high["published.dose_margin"] == pytest.approx(1.3818, abs=1e-3) and _bits(high) == 0
    assert high["radiation.mission_dose_krad"] == pytest.approx(0.1 * 10.0)  # 10-yr mission


def test_compute_mass_per_kw_and_launch_cost_drive_the_design() -> None:
    # 10 kg/kW x 39,964.32 kW = 399,643.2 kg (the catalog's 319 x 1,360 kg = 433,840 kg stays reported)
    v = _run(compute_mass_per_kw="10 kg/kW")
    assert v["compute.mass_kg"] == pytest.approx(399_643.2, rel=1e-12)
    assert v["published.compute_mass_catalog_kg"] == 433_840.0
    # $50 M for the fleet's 2,030 t: the priced $150 M (30 x $5 M) stays reported
    v = _run(launch_cost="50 MUSD")
    assert v["launch.cost_usd"] == 50e6 and v["published.launch_cost_priced_usd"] == pytest.approx(150e6)
    assert v["launch.usd_per_kg"] == pytest.approx(50e6 / v["mass.total_kg"])
    assert _bits(v) == 0


def test_mass_and_specific_power_together_are_refused() -> None:
    with pytest.raises(ScenarioError, match=r"published\.satellite_mass or published\.specific_power, not both"):
        load_scenario(PRESET, ["published.satellite_mass=3 t", "published.specific_power=67 W/kg"])


def test_fixing_every_figure_at_the_derived_value_changes_nothing() -> None:
    base = design(PRESET, parity=False).values
    it_w = base["compute.it_power_per_satellite_w"]
    fixed = {
        "published.satellite_mass": f"{base['mass.per_satellite_kg']!r} kg",
        "published.array_area": f"{base['power.array_area_m2']!r} m^2",
        "published.radiator_area": f"{base['thermal.radiator_area_m2']!r} m^2",
        "published.battery_capacity": f"{base['power.battery_wh']!r} W*h",
        "published.compute_mass_per_kw": f"{base['compute.mass_kg'] / it_w!r} kg/W",
        "published.dose_per_year": f"{base['radiation.dose_krad_per_year']!r} krad/yr",
        "published.launches": int(base["launch.launches"]),
        "published.launch_cost": f"{base['launch.cost_usd']!r} USD",
    }
    got = design(PRESET, fixed, parity=False)
    assert got.feasible, got.reasons
    for key, value in base.items():
        if key.startswith("published.") or not math.isfinite(value):
            continue
        assert got.values[key] == pytest.approx(value, rel=1e-9), key
    for name in f.MARGINS.values():
        # the mass check is against the parts alone: the bottom-up bus, structure and margin are its headroom
        expected = base["mass.per_satellite_kg"] / base["mass.payload_kg"] if name == "published.mass_margin" else 1.0
        assert got.values[name] == pytest.approx(expected, rel=1e-9), name


def test_batch_equals_single_designs() -> None:
    areas, wkg = np.array([60_000.0, 80_000.0, 70_000.0]), np.array([20.0, 67.0, 30.0])
    batch = design_batch(PRESET, {"published.radiator_area": areas, "published.specific_power": wkg})
    for i in range(areas.size):
        one = _run(radiator_area=f"{areas[i]} m^2", specific_power=f"{wkg[i]} W/kg")
        for key in ("feasibility.code", "mass.per_satellite_kg", "launch.launches", "launch.cost_usd",
                    "economics.usd_per_pflop_day", *(k for k in one if k.startswith("published."))):  # fmt: skip
            assert batch[key][i] == pytest.approx(one[key], rel=1e-12, nan_ok=True), key


def test_presets_give_no_published_figure_and_no_finding() -> None:
    for name in preset_names():
        r = design(name, parity=False)
        assert int(r.values["feasibility.code"]) & f.GIVEN_BITS == 0, name
        assert all(math.isnan(r.values[m]) for m in f.MARGINS.values()), name
        assert summary(r)["published"] == [], name


def test_starcloud_published_figures_fail_five_checks() -> None:
    r = design(EXAMPLE, parity=False)
    code = int(r.values["feasibility.code"])
    failed = {bit for bit in f.MARGINS if code & bit}
    assert failed == {
        f.GIVEN_RADIATOR_SMALL,
        f.GIVEN_ARRAY_SMALL,
        f.GIVEN_BATTERY_SMALL,
        f.GIVEN_LAUNCHES_SHORT,
        f.GIVEN_MASS_LIGHT,
    }
    fields = [reason.split(":")[0] for reason in r.reasons]
    assert fields == [
        "published.radiator_area",
        "published.array_area",
        "published.battery_capacity",
        "published.launches",
        "published.satellite_mass",
    ]
    rows = {row["field"]: row for row in summary(r)["published"]}
    assert rows["published.launch_cost"]["holds"] is None  # no physics check: shown against the pricing
    assert not any(row["holds"] for row in rows.values())
    assert r.values["launch.cost_usd"] == 5e6 and r.values["mass.per_satellite_kg"] == 1e5


def test_starcloud_3_at_3_t_for_200_kw_is_lighter_than_its_parts() -> None:
    # ~3 t for ~200 kW (~67 W/kg): the compute alone (catalog B200 servers) is 2.44 t, the radiator at the
    # 328 K ladder temperature ~1 t, the battery for the dawn-dusk orbit's eclipse season ~1.9 t: 5.73 t of parts
    r = design(Path(__file__).parent / "data" / "starcloud-3-published.yaml", parity=False)
    v = r.values
    assert int(v["feasibility.code"]) & f.GIVEN_BITS == f.GIVEN_MASS_LIGHT
    assert v["mass.per_satellite_kg"] == 3000.0
    assert v["published.mass_margin"] == pytest.approx(3000.0 / v["mass.payload_kg"], rel=1e-12)
    assert v["published.mass_margin"] == pytest.approx(0.524, abs=1e-3)
    assert v["launch.cost_usd"] == pytest.approx(3000.0 * 500.0)  # the given mass drives the $500/kg launch


def test_the_design_table_shows_given_against_physics_needs_and_exits_2() -> None:
    shown = CliRunner().invoke(app, ["design", str(EXAMPLE)], env={"COLUMNS": "240"})
    assert shown.exit_code == 2
    assert "published.radiator_area: given / physics needs" in shown.stdout
    assert "63,183 m² rejects 36.9 MW / 70,388 m² for 41.2 MW (margin 0.898: FAILS)" in shown.stdout
    assert "$5 M / priced: $5 M (no physics check)" in shown.stdout


def test_the_published_fields_are_the_rows_fields_in_order() -> None:
    # summary.published writes no row when none of PUBLISHED_FIELDS is given: they must be every row's field
    from skyrack.summary import PUBLISHED_FIELDS, _published_rows

    r = design(EXAMPLE, parity=False)
    assert tuple(row[0] for row in _published_rows(r.values, r.params)) == PUBLISHED_FIELDS
