"""Honest aggregates of the simulated time series, per-satellite series, the eclipse-season note and
CF attributes of the xarray/NetCDF output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from skyrack.model import design
from skyrack.outputs import output
from skyrack.simulate import simulate
from skyrack.simulate.result import cf_units


@pytest.fixture(scope="module")
def starcloud(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Starcloud-1 (one satellite, eclipsed every orbit) over three orbits in four bins, per-satellite kept."""
    out = tmp_path_factory.mktemp("run")
    run = simulate(
        design("starcloud-1", parity=False), duration=3 * 5600.0, step=60.0, bins=4, dose=False,
        per_satellite=True, out_dir=out,
    )  # fmt: skip
    return run, out


def test_series_minimum_is_the_true_minimum_of_fleet_json(starcloud: Any) -> None:
    run, out = starcloud
    ts = pd.read_parquet(out / "timeseries.parquet")
    # the lowest state of charge of any satellite at any step in any bin is fleet.json's minimum
    assert ts["state_of_charge_min_of_mins"].min() == pytest.approx(run.fleet["min_state_of_charge"], abs=1e-6)
    assert run.fleet["min_state_of_charge"] < 0.9  # the battery is used: the test can tell the two apart
    # a bin's mean (about 1.2 orbits of charge and discharge) sits well above its minimum
    assert (ts["state_of_charge_mean_of_means"] - ts["state_of_charge_min_of_mins"]).min() > 0.05
    assert ts["radiator_temperature_k_max_of_maxes"].max() == pytest.approx(
        run.fleet["max_radiator_temperature_k"], abs=1e-3
    )


def test_per_satellite_series_agree_with_the_satellite_table(starcloud: Any) -> None:
    run, out = starcloud
    per = pd.read_parquet(out / "per_satellite.parquet")
    assert len(per) == 4 * len(run.satellites)
    by_sat = per.groupby("satellite")
    table = run.satellites.set_index("satellite")
    lowest = by_sat["state_of_charge_min"].min()
    assert np.allclose(lowest.to_numpy(), table.loc[lowest.index, "min_state_of_charge"].to_numpy(), atol=1e-6)
    # one satellite: its bin means are the fleet's mean of means, bin by bin
    assert np.allclose(per["state_of_charge_mean"], run.timeseries["state_of_charge_mean_of_means"], atol=1e-6)
    # the mean of the bin means of illumination over equal bins is the run's mean illumination
    # (4 equal bins of 70 steps: 280 steps in all)
    assert per["illumination_mean"].mean() == pytest.approx(run.fleet["mean_illumination"], abs=1e-5)


def test_no_season_note_when_the_run_sees_eclipses(starcloud: Any) -> None:
    run, _ = starcloud
    assert run.fleet["eclipse_days"] > 0 and run.meta["notes"] == []


def test_note_when_a_january_week_on_a_dawn_dusk_orbit_misses_the_season() -> None:
    # Suncatcher: dawn-dusk SSO at 650 km, in eclipse only for weeks around the June solstice
    run = simulate(design("suncatcher", parity=False), duration="2 day", step=60.0, satellites=2, dose=False,
                   start="2035-01-01T00:00")  # fmt: skip
    assert run.fleet["eclipse_days"] == 0.0 and run.fleet["design_eclipse_days_per_year"] > 30
    (note,) = run.meta["notes"]
    assert "misses the eclipse season" in note and "2035-01-01T00:00" in note
    assert run.per_satellite is None


def test_xarray_and_netcdf_carry_cf_units_and_long_names(starcloud: Any, tmp_path: Path) -> None:
    run, _ = starcloud
    ds = run.to_xarray()
    soc = ds["state_of_charge_min_of_mins"]
    assert soc.attrs["units"] == "1"
    assert soc.attrs["long_name"] == output("simulate.series.state_of_charge_min_of_mins").label
    assert ds["radiator_temperature_k_max"].dims == ("time", "satellite")
    assert ds["radiator_temperature_k_max"].attrs["units"] == "K"
    assert ds["array_energy_kwh"].attrs["units"] == "kWh"
    ds.to_netcdf(tmp_path / "run.nc", engine="scipy")
    back = xr.open_dataset(tmp_path / "run.nc", engine="scipy")
    assert back["dose_rate_gy_per_s_max_of_maxes"].attrs["units"] == "Gy/s"
    assert back["state_of_charge_min_of_mins"].attrs["long_name"] == soc.attrs["long_name"]
    back.close()


def test_cf_units_syntax() -> None:
    assert cf_units("m**2") == "m2"
    assert cf_units("W*h") == "W h"
    assert cf_units("kg*m**-3") == "kg m-3"
