"""Propagation: secular J2 rates and positions, constellation layouts, SGP4, TLE and OMM input."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from iss import ISS_OMM, ISS_TLE
from skyrack.errors import InputError
from skyrack.physics.constants import J2, MU_EARTH, R_EARTH
from skyrack.physics.orbit import j2_secular_rates, sun_synchronous_inclination
from skyrack.physics.propagation import MeanElements, j2_positions
from skyrack.simulate.propagate import (
    Sgp4Fleet,
    cluster_layout,
    parse_omm,
    parse_tle,
    read_fleet_file,
    satrecs_from_elements,
    train_layout,
    walker_layout,
)

JD = 2454730.0  # 2008-09-20 12:00 UT, shortly before the epoch


def test_j2_rates_by_hand() -> None:
    # 650 km sun-synchronous: the node turns 360° per tropical year = 0.98561°/day
    a = R_EARTH + 650e3
    inc = float(sun_synchronous_inclination(650e3))
    raan, argp, mean = j2_secular_rates(a, 0.0, inc)
    assert float(np.degrees(raan) * 86400) == pytest.approx(360.0 / 365.2421897, rel=1e-6)
    # polar orbit: no nodal drift; dω/dt = -(3/4) n J2 (R/a)^2; dM/dt = n (1 - (3/4) J2 (R/a)^2)
    n = math.sqrt(MU_EARTH / a**3)
    k = J2 * (R_EARTH / a) ** 2
    raan, argp, mean = j2_secular_rates(a, 0.0, math.pi / 2)
    assert float(raan) == pytest.approx(0.0, abs=1e-18)
    assert float(argp) == pytest.approx(-0.75 * n * k, rel=1e-12)
    assert float(mean) == pytest.approx(n * (1 - 0.75 * k), rel=1e-12)


def test_j2_positions_circular_radius_and_node_drift() -> None:
    a = R_EARTH + 650e3
    inc = float(sun_synchronous_inclination(650e3))
    el = train_layout(3, a, inc, 0.3, 2451545.0)
    out = np.empty((3, 2881, 3), np.float32)
    j2_positions(el, 0.0, 30.0, out)  # one day
    r = np.linalg.norm(out.astype(np.float64), axis=-1)
    # mean radius a (1 - 1.5 K2 (3 cos^2 i - 1)), K2 = J2 (R/a)^2 / 2: 7,028,137 + 4,427 m by hand
    assert r.mean() == pytest.approx(7_032_564.0, abs=30.0)
    # radial swing of the J3 frozen eccentricity e = -(J3/2J2)(R/a) sin i = 1.051e-3 (7.39 km) plus the
    # twice-per-orbit short-period term K1 sin^2 i / 2 = 1.42 km
    half_swing = 0.5 * (r.max() - r.min())
    assert half_swing == pytest.approx(7390.0 + 1420.0 * 0.4, abs=700.0)
    # the last ascending-node crossing of the day lies at the node drifted by the J2 rate
    z = out[0, :, 2].astype(np.float64)
    k = np.nonzero((z[:-1] < 0) & (z[1:] >= 0))[0][-1]
    w = -z[k] / (z[k + 1] - z[k])
    p = (1 - w) * out[0, k].astype(np.float64) + w * out[0, k + 1].astype(np.float64)
    t_node = (k + w) * 30.0
    expected = 0.3 + t_node * float(j2_secular_rates(a, 0.0, inc)[0])
    assert math.atan2(p[1], p[0]) == pytest.approx(expected, abs=2e-5)


def test_j2_positions_eccentric_radius_range() -> None:
    a, e = R_EARTH + 700e3, 0.01
    el = MeanElements(np.array([a]), np.array([e]), np.array([0.9]), np.zeros(1), np.zeros(1), np.zeros(1), 2451545.0)
    out = np.empty((1, 6000, 3), np.float32)
    j2_positions(el, 0.0, 1.0, out)
    r = np.linalg.norm(out[0].astype(np.float64), axis=-1)
    # eccentricity 0.01 combined with the J3 frozen eccentricity 1.0e-3 at 90° to it: radial swing
    # a sqrt(e^2 + e_J3^2) within the short-period terms (~1.5 km)
    e_j3 = 0.5 * 2.53265649e-6 / J2 * R_EARTH / (a * (1 - e * e)) * math.sin(0.9)
    assert 0.5 * (r.max() - r.min()) == pytest.approx(a * math.hypot(e, e_j3), abs=1500.0)


def test_eccentric_position_follows_keplers_equation() -> None:
    """Without the J2 and J3 corrections the series in e is the two-body orbit: against Kepler's equation
    solved exactly (Newton), E − e sin E = M, ν = 2 atan2(√(1+e) sin E/2, √(1−e) cos E/2), r = a(1 − e cos E).
    The series' first neglected terms are e³ (Vallado 2013, sec. 2.3): about 10 m at e = 0.01, 7,000 km."""
    from skyrack.physics.propagation import eccentric_position

    a, e, inc, argp, node = 7.0e6, 0.01, 0.9, 0.4, 1.2
    for mean in np.linspace(0.0, 2.0 * np.pi, 37):
        big_e = mean
        for _ in range(20):
            big_e -= (big_e - e * math.sin(big_e) - mean) / (1.0 - e * math.cos(big_e))
        nu = 2.0 * math.atan2(math.sqrt(1 + e) * math.sin(big_e / 2), math.sqrt(1 - e) * math.cos(big_e / 2))
        r, u = a * (1.0 - e * math.cos(big_e)), argp + nu
        expected = r * np.array(
            [
                math.cos(u) * math.cos(node) - math.sin(u) * math.sin(node) * math.cos(inc),
                math.cos(u) * math.sin(node) + math.sin(u) * math.cos(node) * math.cos(inc),
                math.sin(u) * math.sin(inc),
            ]
        )
        got = eccentric_position(a, e, mean, argp, node, (math.cos(inc), math.sin(inc), 0.0, 0.0, 1.0, 0.0))
        assert np.linalg.norm(np.array(got) - expected) < 20.0, mean


def test_j2_and_sgp4_stay_together_over_a_week() -> None:
    """Same mean orbit through both theories: the difference stays at the short-period J2 level."""
    el = train_layout(1, R_EARTH + 650e3, float(sun_synchronous_inclination(650e3)), 1.0, 2461041.5)
    fleet = Sgp4Fleet(satrecs_from_elements(el))
    t = np.arange(0.0, 7 * 86400.0, 60.0)
    ours = np.empty((1, t.size, 3), np.float32)
    j2_positions(el, 0.0, 60.0, ours)
    theirs = np.empty_like(ours)
    _, err = fleet.positions(2461041.5, t, theirs)
    assert not err.any()
    diff = np.linalg.norm(ours.astype(np.float64) - theirs, axis=-1) / 1e3
    assert diff[0, :1440].max() < 1.0  # km over the first day (J3 and short-period terms included)
    assert diff.max() < 5.0  # km over the week (SGP4 adds J2² and J4 secular terms)


def test_walker_layout() -> None:
    el = walker_layout(24, 7e6, 0.9, 0.0, 2451545.0, planes=3, phasing=1)
    assert sorted(set(np.round(np.degrees(el.raan), 6))) == [0.0, 120.0, 240.0]
    plane1 = np.degrees(el.mean_anomaly[8:16])
    np.testing.assert_allclose(np.diff(plane1), 45.0)
    assert plane1[0] == pytest.approx(15.0)  # phasing f=1: 360° f / t = 15°
    assert len(walker_layout(12, 7e6, 0.9, 0.0, 2451545.0).raan) == 12


def test_cluster_layout_keeps_81_satellites_within_a_kilometre() -> None:
    a = R_EARTH + 650e3
    el = cluster_layout(81, a, float(sun_synchronous_inclination(650e3)), 2.0, 2451545.0, radius_m=1000.0)
    out = np.empty((81, 400, 3), np.float32)
    j2_positions(el, 0.0, 15.0, out)  # one orbit
    pos = out.astype(np.float64)
    centre = pos.mean(axis=0)
    spread = np.linalg.norm(pos - centre, axis=-1)
    assert spread.max() < 1100.0  # m, at every step of the orbit (float32 positions: ±0.5 m)
    gaps = np.linalg.norm(pos[:, None, 0] - pos[None, :, 0], axis=-1) + np.eye(81) * 1e9
    assert gaps.min() > 50.0  # no two satellites on top of each other


def test_parse_tle_matches_sgp4_twoline2rv() -> None:
    sats, names = parse_tle(ISS_TLE, "iss.tle")
    assert names == ["ISS (ZARYA)"]
    assert sats[0].jdsatepoch + sats[0].jdsatepochF == pytest.approx(2454730.01782528, abs=1e-8)
    err, r, _ = sats[0].sgp4(JD, 0.5)
    assert err == 0
    assert np.linalg.norm(r) == pytest.approx(6737.0, abs=30.0)  # km: ~360 km altitude in 2008


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        (ISS_TLE.replace("0  2927", "0  2928"), "line 2, column 69", "checksum"),
        (ISS_TLE.replace(" 51.6416", " 51.6x16"), "line 3, column 9", "inclination"),
        (ISS_TLE.replace("563537", "56353"), "line 3, column 69", "69 columns"),
        (ISS_TLE.replace("1 25544U", "1 25544U ", 1), "line 2, column 70", "69 columns"),
        ("\n".join(ISS_TLE.splitlines()[:2]), "line 2, column 1", "no line 2"),
        (ISS_TLE.replace("2 25544  51", "3 25544  51"), "line 3, column 1", "expected line number '2'"),
    ],
)
def test_tle_errors_name_line_and_column(text: str, where: str, what: str) -> None:
    with pytest.raises(InputError) as info:
        parse_tle(text, "iss.tle")
    assert where in str(info.value)
    assert what in str(info.value)


def test_tle_catalogue_numbers_must_match() -> None:
    line1, line2 = ISS_TLE.splitlines()[1:3]
    line2 = line2[:2] + "25545" + line2[7:68]
    digits = sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line2)
    with pytest.raises(InputError, match="catalogue number differs"):
        parse_tle(f"{line1}\n{line2}{digits % 10}\n", "x.tle")


def _omm_xml(fields: dict[str, object]) -> str:
    data = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items() if k not in ("OBJECT_NAME", "NORAD_CAT_ID"))
    return (
        f'<?xml version="1.0"?>\n<ndm><omm><body><segment><metadata><OBJECT_NAME>{fields["OBJECT_NAME"]}'
        f"</OBJECT_NAME></metadata><data><meanElements>{data}</meanElements><tleParameters>"
        f"<NORAD_CAT_ID>{fields['NORAD_CAT_ID']}</NORAD_CAT_ID></tleParameters></data></segment></body>"
        "</omm></ndm>\n"
    )


def _omm_kvn(fields: dict[str, object]) -> str:
    return "CCSDS_OMM_VERS = 2.0\n" + "".join(f"{k} = {v}\n" for k, v in fields.items())


@pytest.mark.parametrize("fmt", ["json", "xml", "kvn"])
def test_omm_gives_the_same_orbit_as_the_tle(fmt: str) -> None:
    text = {"json": json.dumps([ISS_OMM], indent=1), "xml": _omm_xml(ISS_OMM), "kvn": _omm_kvn(ISS_OMM)}[fmt]
    sats, names = parse_omm(text, f"iss.{fmt}")
    assert names == ["ISS (ZARYA)"]
    tle_sat = parse_tle(ISS_TLE)[0][0]
    for frac in (0.5, 1.5, 3.0):
        _, r_omm, _ = sats[0].sgp4(JD, frac)
        _, r_tle, _ = tle_sat.sgp4(JD, frac)
        assert np.linalg.norm(np.subtract(r_omm, r_tle)) < 1e-3  # km


def test_omm_errors_name_line_and_column() -> None:
    bad_json = json.dumps([ISS_OMM], indent=1).replace('"MEAN_MOTION": 15.72125391,', '"MEAN_MOTION": 15.7,,')
    with pytest.raises(InputError, match=r"iss.json line \d+, column \d+"):
        parse_omm(bad_json, "iss.json")
    kvn = _omm_kvn(ISS_OMM).replace("ECCENTRICITY = 0.0006703", "ECCENTRICITY = 0.00o6703")
    with pytest.raises(InputError) as info:
        parse_omm(kvn, "iss.kvn")
    assert "line 6, column 16" in str(info.value) and "ECCENTRICITY must be a number" in str(info.value)
    with pytest.raises(InputError, match="missing OMM keyword MEAN_MOTION"):
        parse_omm(json.dumps([{k: v for k, v in ISS_OMM.items() if k != "MEAN_MOTION"}]), "x.json")
    with pytest.raises(InputError, match=r"line 2, column \d+.*invalid XML"):
        parse_omm(_omm_xml(ISS_OMM).replace("</ndm>", "</nd>"), "x.xml")
    # a lone surrogate (text that is not Unicode, found by the fuzz tests) in any format: refused by name
    for text, source in [
        (_omm_xml({**ISS_OMM, "OBJECT_NAME": "ISS\udc80"}), "x.xml"),
        (json.dumps([{**ISS_OMM, "OBJECT_NAME": "ISS\udc80"}], ensure_ascii=False), "x.json"),
        (_omm_kvn({**ISS_OMM, "EPOCH": "2024\udc80"}), "x.kvn"),
    ]:
        try:
            parse_omm(text, source)
        except InputError as error:
            assert source in str(error)


def test_read_fleet_file(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "iss.tle"
    path.write_text(ISS_TLE)
    fleet = read_fleet_file(path, "tle")
    assert len(fleet) == 1 and fleet.names == ["ISS (ZARYA)"]
    with pytest.raises(InputError, match="cannot read"):
        read_fleet_file(Path(str(tmp_path)) / "missing.tle", "tle")


@pytest.mark.parametrize("layout", ["train", "walker", "cluster"])
def test_a_sample_is_laid_out_alone_exactly_as_in_the_whole_fleet(layout: str) -> None:
    # The layouts are closed-form in the satellite number, so laying out a sample must give the very
    # elements the whole fleet holds at those numbers; and a sample of a huge fleet must stay cheap.
    from skyrack.simulate.propagate import cluster_layout, train_layout, walker_layout

    make = {"train": train_layout, "walker": walker_layout, "cluster": cluster_layout}[layout]
    index = np.array([0, 3, 17, 998, 999])
    whole = make(1000, 7.0e6, 1.7, 0.3, 2461041.5).take(index)
    part = make(1000, 7.0e6, 1.7, 0.3, 2461041.5, index=index)
    for name in ("a_m", "ecc", "inc", "raan", "argp", "mean_anomaly"):
        np.testing.assert_array_equal(getattr(part, name), getattr(whole, name))
    huge = make(300_000_000, 7.0e6, 1.7, 0.3, 2461041.5, index=np.array([5, 299_999_999]))
    assert len(huge) == 2
    with pytest.raises(InputError, match="satellite numbers"):
        make(10, 7.0e6, 1.7, 0.3, 2461041.5, index=np.array([10]))


def test_walker_default_planes_is_the_divisor_nearest_the_root_even_for_huge_fleets() -> None:
    from skyrack.simulate.propagate import _nearest_divisor

    # 12: divisors 3 and 4 around sqrt 3.46 -> 3; 24: 4 and 6 around 4.90 -> 4; 1584: 36 and 44 around 39.8 -> 36
    assert [_nearest_divisor(n) for n in (1, 12, 24, 81, 97, 1584)] == [1, 3, 4, 9, 1, 36]
    # 300e6 = 2**8 3 5**8, sqrt 17320.5: nearest divisors 16000 (1320.5 away) and 18750 (1429.5 away)
    assert _nearest_divisor(300_000_000) == 16000
