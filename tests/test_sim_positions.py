"""Positions recorded by a run: opt-in, written chunk by chunk, the orbit the kernel stepped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from skyrack.errors import InputError
from skyrack.model import design
from skyrack.outputs import group
from skyrack.physics.constants import MU_EARTH
from skyrack.simulate import simulate
from skyrack.simulate.positions import POSITION_COLUMNS, Positions


@pytest.fixture(scope="module")
def suncatcher() -> Any:
    return design("suncatcher", parity=False)


@pytest.fixture(scope="module")
def recorded(suncatcher: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """Three satellites, every step of six hours at 60 s, in chunks of 100 steps (several row groups)."""
    out = tmp_path_factory.mktemp("pos")
    run = simulate(suncatcher, duration="6 h", step=60.0, satellites=3, dose=False, out_dir=out,
                   positions=Positions(60.0, 3), chunk_sat_steps=300, start="2035-06-21T00:00")  # fmt: skip
    return run, out / "positions.parquet"


def test_positions_are_written_in_chunks_with_declared_columns(recorded: tuple[Any, Path]) -> None:
    run, path = recorded
    frame = pd.read_parquet(path)
    assert list(frame.columns) == list(POSITION_COLUMNS)
    assert set(POSITION_COLUMNS) == set(group("simulate.positions"))
    assert len(frame) == 3 * 360 == run.meta["positions"]["rows"]
    assert pq.ParquetFile(path).metadata.num_row_groups == 4  # 360 steps in chunks of 100: one group each


def test_recorded_orbit_is_the_one_the_kernel_stepped(recorded: tuple[Any, Path]) -> None:
    run, path = recorded
    frame = pd.read_parquet(path)
    # every step recorded: the mean recorded illumination is the run's mean illumination per satellite
    mean_nu = frame.groupby("satellite")["illumination"].mean()
    table = run.satellites.set_index("satellite")["mean_illumination"]
    assert np.allclose(mean_nu.to_numpy(), table.loc[mean_nu.index].to_numpy(), atol=2e-4)
    assert mean_nu.min() < 0.9  # June on a dawn-dusk orbit: the eclipse season, so the check has teeth
    # vis-viva: v² = μ (2/r − 1/a), with a from the energy at the first point; speed steady to 0.1 %
    r = np.linalg.norm(frame[["x_eci_m", "y_eci_m", "z_eci_m"]].to_numpy(), axis=1)
    v = np.linalg.norm(frame[["vx_eci_m_per_s", "vy_eci_m_per_s", "vz_eci_m_per_s"]].to_numpy(), axis=1)
    assert np.allclose(v, np.sqrt(MU_EARTH / r), rtol=3e-3)  # near-circular: v ≈ √(μ/r) ≈ 7.5 km/s
    # Earth-fixed radius equals the inertial one (a rotation), height 650 km ± the frozen-orbit swing
    r_ecef = np.linalg.norm(frame[["x_ecef_m", "y_ecef_m", "z_ecef_m"]].to_numpy(), axis=1)
    assert np.allclose(r_ecef, r, rtol=1e-9)
    assert frame["altitude_m"].between(630e3, 700e3).all()
    assert frame["latitude_deg"].abs().max() > 80  # sun-synchronous: 98° inclination


def test_sgp4_positions_agree_with_j2(suncatcher: Any, recorded: tuple[Any, Path], tmp_path: Path) -> None:
    simulate(suncatcher, duration="6 h", step=60.0, satellites=3, dose=False, out_dir=tmp_path, propagator="sgp4",
             positions=Positions(600.0, 2), start="2035-06-21T00:00")  # fmt: skip
    sgp4 = pd.read_parquet(tmp_path / "positions.parquet")
    assert len(sgp4) == 2 * 36
    j2 = pd.read_parquet(recorded[1])
    both = sgp4.merge(j2, on=["satellite", "elapsed_s"], suffixes=("_sgp4", "_j2"))
    assert len(both) == len(sgp4)
    cols = ["x_eci_m", "y_eci_m", "z_eci_m"]
    gap = np.linalg.norm(
        both[[c + "_sgp4" for c in cols]].to_numpy() - both[[c + "_j2" for c in cols]].to_numpy(), axis=1
    )
    assert gap.max() < 1e3  # the J2 theory is within about 0.4 km of SGP4 over a day (settings)


def test_positions_need_a_run_directory_and_a_sane_request(suncatcher: Any) -> None:
    with pytest.raises(InputError, match="out_dir"):
        simulate(suncatcher, duration="1 h", step=60.0, satellites=1, dose=False, positions=Positions(60.0))
    with pytest.raises(InputError, match=r"positions\.satellites"):
        Positions(60.0, 0)
    with pytest.raises(InputError, match=r"positions\.every"):
        Positions(float("nan"))


def test_positions_into_a_directory_that_cannot_be_made(suncatcher: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(InputError, match="cannot create"):
        simulate(suncatcher, duration="1 h", step=60.0, satellites=1, dose=False, out_dir=blocker / "run",
                 positions=Positions(60.0))  # fmt: skip
