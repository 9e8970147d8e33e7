"""Formation flying, optical link budget, topology, ground segment and the links CLI."""

from __future__ import annotations

import json
import math

import networkx as nx
import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from skyrack.errors import InputError
from skyrack.links import (
    bisection_bps,
    capacity_bps,
    cluster_network,
    differential_drag_dv_per_year,
    fresnel_distance_m,
    friis_received_power_w,
    lattice_formation,
    load_terminals,
    neighbour_distances,
    oscillations_per_orbit,
    propagate_formation,
    received_power_w,
    schweighart_sedwick_c,
    shannon_capacity_bps,
    slant_range_m,
    spatial_modes,
    terminal,
    torus_bisection_bps,
    walker_positions,
)
from skyrack.links.cli import register
from skyrack.links.ground import one_way_latency_s
from skyrack.links.report import walker_shape
from skyrack.physics.constants import MU_EARTH, R_EARTH
from skyrack.workloads.cli import register as register_workloads

SSO_650 = math.radians(97.99)


@pytest.fixture(scope="module")
def cluster():
    return lattice_formation(81, 650e3, SSO_650)


# ----------------------------------------------------------------- formation


def test_81_satellites_fill_a_1km_disc(cluster):
    # the 81 integer points with i² + j² ≤ 25 (Gauss circle N(5) = 81), 5 × 200 m along-track
    assert cluster.size == 81
    assert cluster.radius_m == pytest.approx(1000.0)
    assert np.all((cluster.index**2).sum(axis=1) <= 25)


def test_suncatcher_neighbours_oscillate_100_to_200_m_twice_per_orbit(cluster):
    """Validation: arXiv:2511.19468 — nearest neighbours 100–200 m, shape cycles twice per orbit."""
    spo = 360
    t = np.linspace(0.0, 20 * cluster.period_s, 20 * spo, endpoint=False)  # 20 orbits
    d = neighbour_distances(cluster, t)
    pair = d["pair_m"]
    assert pair.min() == pytest.approx(100.0, rel=0.01)
    assert pair.max() == pytest.approx(200.0, rel=0.01)
    for k in range(pair.shape[1]):
        assert oscillations_per_orbit(pair[:, k], spo) == pytest.approx(2.0, abs=0.01)
    assert float(d["min_separation_m"]) == pytest.approx(100.0, rel=0.01)


def test_hcw_ellipse_is_2_to_1_and_bounded(cluster):
    t = np.linspace(0.0, 50 * cluster.period_s, 5001)
    pos = propagate_formation(cluster, t, j2=False)
    k = int(np.argmax(np.abs(cluster.de[:, 0])))  # a radial-offset member
    x, y = pos[:, k, 0], pos[:, k, 1]
    assert np.ptp(y) / np.ptp(x) == pytest.approx(2.0, rel=1e-6)
    # no secular drift over 50 orbits
    assert abs(y[-1] - y[0]) < 1e-6 * np.ptp(y) + 1e-6
    # HCW equations hold: ÿ + 2nẋ = 0 (finite differences)
    n = cluster.mean_motion
    dt = t[1] - t[0]
    xd = np.gradient(x, dt)
    ydd = np.gradient(np.gradient(y, dt), dt)
    assert np.max(np.abs(ydd[5:-5] + 2 * n * xd[5:-5])) < 1e-3 * n * n * np.ptp(x)


def test_schweighart_sedwick_c_hand_value():
    # s = 3·J2·R²/(8 r²)·(1 + 3cos 0) = 3·1.08262668e-3·(6378137/7028000)²/8·4
    s = 3 * 1.08262668e-3 * (6378137 / 7028000) ** 2 / 8 * 4
    assert float(schweighart_sedwick_c(7028e3, 0.0)) == pytest.approx(math.sqrt(1 + s), rel=1e-12)
    assert float(schweighart_sedwick_c(7028e3, 0.0)) == pytest.approx(1.000668, abs=1e-6)


def test_j2_ellipse_ratio_close_to_2(cluster):
    t = np.linspace(0.0, 3 * cluster.period_s, 3001)
    pos = propagate_formation(cluster, t, j2=True)
    k = int(np.argmax(np.abs(cluster.de[:, 0])))
    ratio = np.ptp(pos[:, k, 1]) / np.ptp(pos[:, k, 0])
    c = float(schweighart_sedwick_c(cluster.semi_major_axis_m, SSO_650))
    assert ratio == pytest.approx(2 * c / math.sqrt(2 - c * c), rel=1e-4)
    assert abs(ratio - 2.0) < 0.01


def test_differential_drag_hand_value():
    # 0.5·1e-13·7500²·2.2·0.05·0.1·(365.25·86400)
    expected = 0.5 * 1e-13 * 7500**2 * 2.2 * 0.05 * 0.1 * 365.25 * 86400
    assert float(differential_drag_dv_per_year(1e-13, 7500, 0.05, 0.1)) == pytest.approx(expected)
    assert expected == pytest.approx(0.9763, rel=1e-3)


def test_lattice_rejects_bad_input():
    with pytest.raises(InputError, match="along_track"):
        lattice_formation(81, 650e3, 0.0, 100.0, 150.0)
    with pytest.raises(InputError):
        lattice_formation(0, 650e3, 0.0)


def test_walker_positions_on_the_orbit_sphere_and_spacing():
    pos = walker_positions(24, 4, 1, 550e3, math.radians(53), [0.0, 600.0])
    r = np.linalg.norm(pos, axis=-1)
    assert np.allclose(r, R_EARTH + 550e3)
    # neighbours in a plane of 6 are 60° apart: chord 2a·sin(30°) = a
    assert np.linalg.norm(pos[0, 0] - pos[0, 1]) == pytest.approx(R_EARTH + 550e3, rel=1e-9)
    # advancing at the mean motion
    n = math.sqrt(MU_EARTH / (R_EARTH + 550e3) ** 3)
    cosang = np.dot(pos[0, 0], pos[1, 0]) / (R_EARTH + 550e3) ** 2
    assert math.acos(cosang) == pytest.approx(n * 600.0, rel=1e-9)
    with pytest.raises(InputError):
        walker_positions(25, 4, 1, 550e3, 0.9)


def test_walker_shape():
    assert walker_shape(81) == (81, 9, 1)
    assert walker_shape(1) == (1, 1, 0)


# ----------------------------------------------------------------- optical


def test_far_field_power_falls_as_inverse_square():
    """Validation: received power ∝ 1/d² in the far field (fit the log-log slope)."""
    t = terminal("spacex-laser")
    d = np.geomspace(1e5, 1e7, 20)  # ≫ Fresnel distance D²/λ = 6.5 km
    p = t.received_power_w(d)
    slope = np.polyfit(np.log(d), np.log(p), 1)[0]
    assert slope == pytest.approx(-2.0, abs=0.005)


def test_near_field_saturates_at_collected_fraction():
    # 10 cm beam into a 10 cm receiver at 1 m: w ≈ w0 = 4.46 cm, a = 5 cm → 1 − exp(−2·1.12²) = 0.918
    p = float(received_power_w(1.0, 1.0, 1.55e-6, 0.1, 0.1))
    trunc = 1 - math.exp(-2 * 1.12**2)
    assert p == pytest.approx(trunc * trunc, rel=1e-4)
    # nearly flat inside the Fresnel distance
    assert float(received_power_w(100.0, 1.0, 1.55e-6, 0.1, 0.1)) == pytest.approx(p, rel=0.01)


def test_far_field_matches_gaussian_friis_form():
    lam, dt, dr, d = 1.55e-6, 0.1, 0.08, 5e6
    w0 = dt / 2 / 1.12
    trunc = 1 - math.exp(-2 * 1.12**2)
    expected = trunc * math.pi**2 * dr**2 * w0**2 / (2 * lam**2 * d**2)
    assert float(received_power_w(d, 1.0, lam, dt, dr)) == pytest.approx(expected, rel=1e-3)


def test_pointing_jitter_loss():
    # far field: w = λd/(πw0); loss 1/(1 + 4σ²/θ²), θ = λ/(πw0)
    lam, dt = 1.55e-6, 0.1
    w0 = dt / 2 / 1.12
    theta = lam / (math.pi * w0)
    sigma = 2e-6
    ratio = float(received_power_w(1e7, 1, lam, dt, dt, sigma) / received_power_w(1e7, 1, lam, dt, dt, 0.0))
    assert ratio == pytest.approx(1 / (1 + 4 * sigma**2 / theta**2), rel=1e-3)


def test_fresnel_distance_and_modes_hand_values():
    assert float(fresnel_distance_m(0.1, 1.55e-6)) == pytest.approx(6451.6, rel=1e-4)
    # A² /(λd)² = (π·0.05²)²/(1.55e-6·1000)² = 25.7 → 25
    assert float(spatial_modes(1000.0, 1.55e-6, 0.1, 0.1)) == 25.0
    assert float(spatial_modes(1e6, 1.55e-6, 0.1, 0.1)) == 1.0


def test_capacity_photons_per_bit_hand_value():
    # 1 µW / (10 photons/bit × hc/λ) at 1,550 nm
    photon = 6.62607015e-34 * 299792458.0 / 1.55e-6
    assert float(capacity_bps(1e-6, 1.55e-6, 10)) == pytest.approx(1e-6 / (10 * photon))
    # DWDM: the power is split but the line rate caps each channel
    assert float(capacity_bps(1.0, 1.55e-6, 10, channels=24, channel_rate_bps=400e9)) == pytest.approx(9.6e12)
    assert float(capacity_bps(1.0, 1.55e-6, 10, channels=24, channel_rate_bps=400e9, modes=4)) == pytest.approx(38.4e12)


@pytest.mark.parametrize("name", sorted(load_terminals()))
def test_catalog_terminal_reaches_rated_rate_at_rated_distance(name):
    """Validation: every catalog terminal closes its rated rate at its rated distance."""
    t = terminal(name)
    assert float(t.capacity_bps(t.rated_distance_m)) == pytest.approx(t.rated_rate_bps, rel=1e-9)
    assert float(t.margin_db(t.rated_distance_m)) >= 0.0


def test_rated_rates_published_values():
    terms = load_terminals()
    assert terms["spacex-laser"].rated_rate_bps == 100e9
    assert terms["spacex-laser"].rated_distance_m == 5.4e6
    assert terms["tesat-scot80"].rated_rate_bps == 10e9
    assert terms["tesat-scot80"].rated_distance_m == 8e6
    assert terms["tesat-scot80"].mass_kg == 11.9
    assert terms["google-bench-demo"].rated_rate_bps == 800e9
    assert terms["suncatcher-isl"].rated_rate_bps == 9.6e12


def test_long_range_terminals_fall_off_beyond_rated_distance():
    for name in ("spacex-laser", "tesat-scot80", "mynaric-condor-mk3"):
        t = terminal(name)
        assert float(t.capacity_bps(10 * t.rated_distance_m)) < 0.1 * t.rated_rate_bps


def test_unknown_terminal_is_input_error():
    with pytest.raises(InputError, match="allowed"):
        terminal("nope")
    with pytest.raises(InputError):
        received_power_w(0.0, 1, 1.55e-6, 0.1, 0.1)


# ----------------------------------------------------------------- topology


def test_bisection_of_a_small_grid():
    g = nx.grid_2d_graph(2, 2)
    g = nx.convert_node_labels_to_integers(g, ordering="sorted")
    nx.set_edge_attributes(g, 1.0, "capacity")
    assert bisection_bps(g, {0, 1}) == pytest.approx(2.0)


def test_torus_bisection_hand_value():
    assert torus_bisection_bps(72, 22, 100e9) == pytest.approx(4.4e12)


def test_cluster_topology_over_time(cluster):
    net = cluster_network(cluster, terminal("suncatcher-isl"), np.linspace(0, cluster.period_s / 2, 3, endpoint=False))
    # 81-point disc: 70 radial + 70 along-track lattice neighbours
    assert np.all(net["links"] == 140)
    # near-field links all run at the full 9.6 Tb/s; the planar cut crosses 10 links
    assert np.allclose(net["bisection_bps"], 10 * 9.6e12)
    assert np.all(net["diameter_hops"] == 14)
    assert np.all(net["max_path_delay_s"] < 1e-5)


# ----------------------------------------------------------------- ground


def test_friis_and_shannon_hand_values():
    lam = 299792458.0 / 26e9
    expected = 10 * 10 ** (80 / 10) * (lam / (4 * math.pi * 1e6)) ** 2
    assert float(friis_received_power_w(10, 30, 50, 26e9, 1e6)) == pytest.approx(expected)
    # SNR = 1 → C = B
    k = 1.380649e-23
    assert float(shannon_capacity_bps(k * 300 * 1e9, 1e9, 300)) == pytest.approx(1e9)


def test_slant_range_and_latency():
    assert float(slant_range_m(650e3, math.pi / 2)) == pytest.approx(650e3)
    # at 0° elevation: √((R+h)² − R²)
    assert float(slant_range_m(650e3, 0.0)) == pytest.approx(math.sqrt((R_EARTH + 650e3) ** 2 - R_EARTH**2))
    assert float(one_way_latency_s(1e6, 2 / 3 * 299792458.0)) == pytest.approx(5.0035e-3, rel=1e-4)


# ----------------------------------------------------------------- CLI


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    register_workloads(app)
    return app


def test_links_cli_json():
    res = CliRunner().invoke(_app(), ["links", "suncatcher", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["layout"] == "cluster"
    assert data["cluster"]["neighbour_min_m"] == pytest.approx(100.0, rel=0.01)
    assert data["cluster"]["neighbour_oscillations_per_orbit"] == pytest.approx(2.0, abs=0.01)
    assert 0 < data["ground"]["contact_fraction_any"] < 1


def test_links_cli_table_and_bad_input():
    res = CliRunner().invoke(_app(), ["links", "starcloud-1"])
    assert res.exit_code == 0, res.output
    assert "ground links" in res.stdout
    bad = CliRunner().invoke(_app(), ["links", "no-such-preset"])
    assert bad.exit_code == 2
    assert bad.output.strip().startswith("error:")
    assert len(bad.output.strip().splitlines()) == 1
