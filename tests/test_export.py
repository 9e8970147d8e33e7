"""Exports of a run's positions: OEM read back by the `oem` package, CZML checked by czml3's model,
KML well-formed and cut at the antimeridian."""

from __future__ import annotations

import json
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from skyrack.cli import app
from skyrack.errors import InputError
from skyrack.export import export, read_tracks
from skyrack.export.kml import KML_NS, antimeridian_pieces
from skyrack.model import design
from skyrack.simulate import simulate
from skyrack.simulate.positions import Positions


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three Suncatcher satellites for three hours, positions every 2 min."""
    out = tmp_path_factory.mktemp("run")
    simulate(design("suncatcher", parity=False), duration="3 h", step=60.0, satellites=3, dose=False,
             out_dir=out, positions=Positions(120.0, 3), start="2035-06-21T00:00")  # fmt: skip
    return out


def _positions(run_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(run_dir / "positions.parquet")


def test_oem_round_trip_with_the_oem_package(run_dir: Path, tmp_path: Path) -> None:
    from oem import OrbitEphemerisMessage

    folder = export(run_dir, "oem", tmp_path / "oem")
    files = sorted(folder.glob("*.oem"))
    assert len(files) == 3
    frame = _positions(run_dir)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # astropy's "dubious year" for dates past its leap-second table
        message = OrbitEphemerisMessage.open(files[0])
        (segment,) = message.segments
        states = list(segment.states)
        second = str(states[1].epoch)
    name = segment.metadata["OBJECT_NAME"]
    assert files[0].name == f"{name}.oem"
    assert segment.metadata["REF_FRAME"] == "TEME" and segment.metadata["CENTER_NAME"] == "EARTH"
    rows = frame[frame["satellite"] == name].sort_values("elapsed_s")
    assert len(states) == len(rows) == 90
    # km and km/s in the file; metres and m/s in the run
    got = np.array([np.r_[s.position, s.velocity] for s in states]) * 1e3
    want = rows[["x_eci_m", "y_eci_m", "z_eci_m", "vx_eci_m_per_s", "vy_eci_m_per_s", "vz_eci_m_per_s"]].to_numpy()
    assert np.allclose(got[:, :3], want[:, :3], atol=1e-3)  # written to the millimetre
    assert np.allclose(got[:, 3:], want[:, 3:], atol=1e-6)
    assert second.startswith("2035-06-21T00:02:00")


def test_czml_validates_against_czml3_and_follows_the_ecef_track(run_dir: Path) -> None:
    from czml3 import Document

    path = export(run_dir, "czml")
    packets = json.loads(path.read_text())
    doc = Document.model_validate(packets)  # czml3's pydantic model of the CZML schema
    assert doc.packets[0].id == "document" and len(doc.packets) == 4
    preamble = packets[0]
    assert preamble["version"] == "1.0"
    assert preamble["clock"]["interval"] == "2035-06-21T00:00:00Z/2035-06-21T02:58:00Z"
    sat = packets[1]
    assert sat["position"]["referenceFrame"] == "FIXED"
    samples = np.asarray(sat["position"]["cartesian"]).reshape(-1, 4)
    rows = _positions(run_dir).query("satellite == @sat['id']").sort_values("elapsed_s")
    assert np.allclose(samples[:, 1:], rows[["x_ecef_m", "y_ecef_m", "z_ecef_m"]].to_numpy())
    assert np.allclose(samples[:, 0], rows["elapsed_s"].to_numpy())
    # one orbit of trail: 2π √(a³/μ) for a ≈ R + 650 km is about 97.7 min
    assert sat["path"]["trailTime"] == pytest.approx(97.7 * 60, rel=0.01)
    # colour follows the light: sunlit samples yellow, eclipsed dark blue
    rgba = np.asarray(sat["point"]["color"]["rgba"]).reshape(-1, 5)
    lit = rows["illumination"].to_numpy() > 0.99
    assert lit.any() and (~lit).any()  # the June solstice: the dawn-dusk orbit's eclipse season
    assert (rgba[lit, 1:4] == [255, 214, 10]).all()


def test_kml_is_well_formed_and_cut_at_the_antimeridian(run_dir: Path) -> None:
    path = export(run_dir, "kml", every_s=360.0)
    root = ET.parse(path).getroot()
    ns = {"k": KML_NS}
    assert root.tag == f"{{{KML_NS}}}kml"
    folders = root.findall("k:Document/k:Folder", ns)
    assert len(folders) == 3
    track = next(read_tracks(run_dir, 1)).thinned(360.0)
    assert len(track) == 30  # every third 2-min point of 90
    name = folders[0].findtext("k:name", namespaces=ns)
    assert name == track.name
    lines = folders[0].findall("k:Placemark[1]//k:LineString", ns)
    points = [p.split(",") for line in lines for p in line.findtext("k:coordinates", namespaces=ns).split()]
    lon = np.array([float(p[0]) for p in points])
    assert len(points) <= 30 and np.all(np.abs(lon) <= 180.0)
    for line in lines:  # no segment jumps across the map
        seg = np.array([float(p.split(",")[0]) for p in line.findtext("k:coordinates", namespaces=ns).split()])
        assert np.all(np.abs(np.diff(seg)) < 180.0)


def test_antimeridian_pieces() -> None:
    lon = np.array([170.0, 175.0, 179.0, -179.0, -175.0, -170.0])
    assert antimeridian_pieces(lon) == [slice(0, 3), slice(3, 6)]
    assert antimeridian_pieces(np.array([0.0, 1.0])) == [slice(0, 2)]


def test_export_command_and_bad_input(run_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "run.czml"
    result = runner.invoke(app, ["export", str(run_dir), "--format", "czml", "--out", str(out), "--every", "10 min"])
    assert result.exit_code == 0, result.output
    assert len(np.asarray(json.loads(out.read_text())[1]["position"]["cartesian"])) == 18 * 4
    result = runner.invoke(app, ["export", str(tmp_path), "--format", "kml"])
    assert result.exit_code == 2 and "positions.parquet" in result.output
    with pytest.raises(InputError, match="oem"):
        export(run_dir, "gpx")
