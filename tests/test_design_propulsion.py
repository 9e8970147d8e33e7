"""The design's propulsion from drag, avoidance and disposal, and disposal in the economics."""

from __future__ import annotations

import numpy as np
import pytest

from skyrack.feasibility import PROPELLANT_RUNAWAY
from skyrack.model import design, design_batch, load_scenario
from skyrack.physics import drag, mass
from skyrack.physics.constants import MU_EARTH, R_EARTH, YEAR_S
from skyrack.physics.station_keeping import propellant_with_tanks


def _suncatcher(*overrides: str):
    return design(load_scenario("suncatcher", list(overrides)), parity=False)


def test_propellant_follows_the_drag_and_the_rocket_equation() -> None:
    r = _suncatcher()
    v = r.values
    h = 650e3
    # Δv/yr = ½ ρ̄ v² / B × 1 yr from the design's own density and ballistic coefficient
    b = v["propulsion.ballistic_coefficient_kg_per_m2"]
    rho = v["propulsion.mean_density_kg_per_m3"]
    assert v["propulsion.drag_dv_m_per_s_per_year"] == pytest.approx(0.5 * rho * MU_EARTH / (R_EARTH + h) / b * YEAR_S)
    # lifetime Δv: (drag + avoidance) × 5 yr + the disposal spiral
    life_dv = (v["propulsion.drag_dv_m_per_s_per_year"] + v["propulsion.avoidance_dv_m_per_s_per_year"]) * 5.0
    assert v["propulsion.dv_m_per_s"] == pytest.approx(life_dv + v["propulsion.deorbit_dv_m_per_s"], rel=1e-12)
    spiral = float(drag.spiral_delta_v(h, v["disposal.target_altitude_m"]))
    assert v["propulsion.deorbit_dv_m_per_s"] == pytest.approx(spiral, rel=1e-12)
    # B is the dry mass without propulsion over C_D A, so B C_D A + tanks = the dry mass
    dry0 = b * drag.DRAG_COEFFICIENT * v["propulsion.projected_area_m2"]
    growth = 1.1 / 0.85  # bus margin 10 %, structure 15 % (preset defaults)
    expected = float(propellant_with_tanks(dry0, v["propulsion.dv_m_per_s"], drag.ISP_S["hall-argon"], 0.1, growth))
    assert v["mass.propellant_kg"] == pytest.approx(expected, rel=1e-9)
    assert v["mass.dry_kg"] == pytest.approx(dry0 + growth * 0.1 * expected, rel=1e-9)
    assert v["mass.per_satellite_kg"] == pytest.approx(v["mass.dry_kg"] + v["mass.propellant_kg"], rel=1e-12)
    assert v["mass.total_kg"] == pytest.approx(v["mass.per_satellite_kg"] * v["constellation.satellites"])
    assert v["propulsion.modelled"] == 1.0


def test_a_stated_propulsion_fraction_switches_the_model_off() -> None:
    v = _suncatcher("satellite.bus.propulsion_fraction=0.04").values
    # the old flat model: (payload (1 + 0.03 + 0.04) + 5 + 12 kg) / (1 − 0.15) × 1.1, no propellant on top
    dry = float(mass.dry_mass(v["mass.payload_kg"] * 1.07 + 17.0, 0.15, 0.10))
    assert v["mass.per_satellite_kg"] == pytest.approx(dry, rel=1e-12)
    assert v["mass.propellant_kg"] == 0.0
    assert v["propulsion.modelled"] == 0.0
    assert v["propulsion.propellant_kg"] > 0.0  # what the drag model would need is still shown
    assert v["economics.disposal_usd"] == 0.0


def test_lower_orbits_need_more_drag_propellant_and_batches_equal_singles() -> None:
    altitudes = np.array([450e3, 550e3, 700e3])
    keys = ["propulsion.drag_dv_m_per_s_per_year", "mass.propellant_kg", "mass.per_satellite_kg"]
    batch = design_batch("suncatcher", {"orbit.altitude": altitudes}, outputs=keys)
    assert np.all(np.diff(batch["propulsion.drag_dv_m_per_s_per_year"]) < 0)
    one = _suncatcher("orbit.altitude=550 km").values
    for key in keys:
        assert batch[key][1] == pytest.approx(one[key], rel=1e-12), key


def test_chemical_propulsion_needs_more_and_can_run_away() -> None:
    hall = _suncatcher("orbit.altitude=450 km").values
    hydrazine = _suncatcher("orbit.altitude=450 km", "sustainability.propulsion=hydrazine").values
    assert hydrazine["propulsion.isp_s"] == 220.0
    assert hydrazine["mass.propellant_kg"] > 5.0 * hall["mass.propellant_kg"]
    # 300 km for 20 years on hydrazine: tens of km/s, the tanks cannot carry their own propellant
    r = _suncatcher("orbit.altitude=300 km", "mission.lifetime=20 yr", "sustainability.propulsion=hydrazine")
    assert int(r.values["feasibility.code"]) & PROPELLANT_RUNAWAY
    assert any("propellant" in reason for reason in r.reasons)


def test_disposal_rule_dead_satellites_and_its_cost() -> None:
    r = _suncatcher()
    v = r.values
    # 650 km: a dead Suncatcher satellite takes over five years to decay, so the rule needs disposal
    assert v["disposal.natural_decay_years"] > 5.0
    assert v["disposal.passive_compliant"] == 0.0
    assert v["disposal.fcc_5yr_compliant"] == 1.0  # planned at 0.9 reliability to a one-year orbit
    assert _suncatcher("sustainability.disposal_reliability=0.5").values["disposal.fcc_5yr_compliant"] == 0.0
    # dead satellites: N (λ + 1/L)(1 − R_d) a year, times the decay time in orbit (Little's law)
    n, lam = v["constellation.satellites"], float(r.params["economics.satellite_failure_rate"])
    per_year = n * (lam + 1.0 / 5.0) * 0.1
    assert v["disposal.dead_satellites_per_year"] == pytest.approx(per_year, rel=1e-9)
    assert v["disposal.dead_satellites_in_orbit"] == pytest.approx(per_year * v["disposal.natural_decay_years"])
    # the disposal propellant and its tanks at the fleet's launch price per kg: a share of the launch cost
    per_kg = v["launch.cost_usd"] / v["mass.total_kg"]
    tanks = 1.0 + 0.1 * 1.1 / 0.85
    assert v["economics.disposal_usd"] == pytest.approx(n * v["disposal.deorbit_propellant_kg"] * tanks * per_kg)
    assert 0.0 < v["economics.disposal_usd"] < v["economics.propulsion_usd"] < v["economics.launch_usd"]


def test_a_low_orbit_complies_without_disposal() -> None:
    v = _suncatcher("orbit.altitude=450 km").values
    assert v["disposal.natural_decay_years"] < 5.0
    assert v["disposal.passive_compliant"] == 1.0
    # and a dead satellite from below the one-year disposal orbit needs no lowering
    assert v["disposal.target_altitude_m"] == pytest.approx(450e3, rel=1e-12)
    assert v["propulsion.deorbit_dv_m_per_s"] == 0.0
