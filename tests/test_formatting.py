"""Human formatting of results: each kind written in its natural unit, checked against hand-written values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from skyrack.errors import InputError
from skyrack.formatting import (
    CURRENCY,
    CURRENCY_YEAR,
    MISSING,
    column_header,
    format_column,
    format_quantity,
    format_value,
)
from skyrack.outputs import OUTPUTS

CASES = [
    # value, unit, kind, expected  (hand computation)
    (1.5e6, "kg", "mass", "1.5 kt"),  # 1.5e6 kg / 1e6 kg per kt
    (145114.32, "kg", "mass", "145 t"),  # 145,114 kg / 1,000 kg per t, 3 significant figures
    (0.25, "kg", "mass", "250 g"),
    (0.0, "kg", "mass", "0 kg"),
    (3.0e9, "kg", "mass", "3 Mt"),  # never "3 Tg"
    (-3.82e5, "USD", "money", "−$382 k"),  # true minus before the dollar sign
    (1.2e6, "USD", "money", "$1.2 M"),
    (3.4e9, "USD", "money", "$3.4 B"),
    (97.0, "MUSD", "money", "$97 M"),  # 97 MUSD = 9.7e7 USD
    (7000.0, "USD/kg", "money", "$7,000/kg"),  # a rate keeps thousands below a million
    (1.6e6, "USD/yr", "money", "$1.6 M/yr"),
    (85.2839, "USD/PFLOP_day", "money", "$85.3/PFLOP-day"),
    (4.2e7, "W", "power", "42 MW"),
    (250.0, "MW", "power", "250 MW"),
    (23852.5, "W", "power", "23.9 kW"),
    (28063.5, "Wh", "energy", "28.1 kWh"),
    (52290.45, "MWh", "energy", "52.3 GWh"),  # 52,290 MWh = 52.29 GWh
    (104.25, "m**2", "area", "104 m²"),
    (2.5e6, "m**2", "area", "2.5 km²"),
    (650e3, "m", "length", "650 km"),  # an altitude: 650,000 m = 650 km, no e-notation
    (120.0, "m", "length", "120 m"),
    (15687.1, "m**3", "volume", "15,687 m³"),
    (2100.0, "s", "duration", "35 min"),  # 2,100 s / 60 s per min
    (5863.69, "s", "duration", "97.7 min"),
    (30.0, "s", "duration", "30 s"),
    (36.0, "h", "duration", "36 h"),
    (3.0, "day", "duration", "3 days"),
    (0.5, "yr", "duration", "183 days"),  # 0.5 × 365.25 d = 182.6 d
    (10.0, "yr", "duration", "10 yr"),
    (250.0, "ms", "duration", "250 ms"),
    (302.54, "K", "temperature", "302.5 K"),
    (math.radians(51.6), "rad", "angle", "51.6°"),
    (1.7101782659, "rad", "angle", "98°"),  # 97.986° to 3 significant figures
    (3.494826e18, "FLOP/s", "flops", "3.49 EFLOP/s"),
    (1200.0, "PFLOP/s", "flops", "1.2 EFLOP/s"),
    (1e24, "FLOP", "work", "11,574 PFLOP-days"),  # 1e24 / (1e15 FLOP/s × 86,400 s) = 11,574.07
    (1.8e6, "PFLOP_day", "work", "1.8 million PFLOP-days"),
    (2.5e12, "B", "data", "2.5 TB"),
    (1200.0, "TB", "data", "1.2 PB"),
    (4e11, "bit/s", "bitrate", "400 Gbit/s"),
    (0.973, "1", "fraction", "97.3 %"),
    (1.0, "1", "fraction", "100 %"),
    (0.0005, "1", "fraction", "0.05 %"),
    (2.30488, "1", "ratio", "2.3"),
    (0.48138, "1", "ratio", "0.481"),
    (1e-9, "1", "ratio", "1×10⁻⁹"),
    (37894.0, "1", "count", "37,894"),
    (12.5, "1", "count", "12.5"),
    (True, "1", "flag", "yes"),
    (0.0, "1", "flag", "no"),
    (2030.0, "1", "year", "2030"),  # a calendar year has no thousands separator
    (6.0, "1", "code", "6"),
    (0.116, "1/yr", "rate", "0.116/yr"),
    (3.4e7, "1/s", "rate", "34 million/s"),
    (0.0123, "krad/yr", "rate", "0.0123 krad/yr"),
    (1040.23, "W/m**2", "quantity", "1,040 W/m²"),
    (92.4, "day/yr", "quantity", "92.4 day/yr"),
]


@pytest.mark.parametrize(("value", "unit", "kind", "expected"), CASES)
def test_written_by_hand(value: float, unit: str, kind: str, expected: str) -> None:
    assert format_quantity(value, unit, kind) == expected


def test_missing_values_are_a_dash_with_the_reason() -> None:
    assert format_quantity(float("nan"), "kg", "mass") == MISSING == "—"
    assert format_quantity(None, "kg", "mass") == "—"
    assert format_value("thermal.radiator_area_m2", math.nan, reason="radiator below its sink") == (
        "— (radiator below its sink)"
    )
    assert format_value("economics.cost_ratio", 2.0, reason="infeasible") == "— (infeasible)"  # masked
    assert format_quantity(math.inf, "bit/s", "bitrate") == "∞"
    assert format_quantity(-math.inf, "USD", "money") == "−∞"
    assert format_value("deploy.summary.reasons", ["a", "b"]) == "a; b"


def test_values_by_output_name() -> None:
    assert format_value("mass.total_kg", 1.5e6) == "1.5 kt"
    assert format_value("economics.capex_usd", -3.82e5) == "−$382 k"
    assert format_value("orbit.max_eclipse_s", 2100.0) == "35 min"
    assert format_value("deploy.orbit_it_mw", 1500.0) == "1.5 GW"  # the column is in MW
    assert format_value("simulate.satellite.contact_minutes", 90.0) == "90 min"
    assert format_value("workload.time_to_train_days", 40.0) == "40 days"


def test_arrays_give_arrays_of_strings() -> None:
    cells = format_quantity(np.array([[1e3, 2e6, np.nan]]), "kg", "mass")
    assert cells.shape == (1, 3) and cells.tolist() == [["1 t", "2 kt", "—"]]
    assert list(format_value("orbit.sunlit_fraction", pd.Series([0.5, 0.25]))) == ["50 %", "25 %"]


def test_a_column_shares_one_scale_and_masks_rows_with_their_reason() -> None:
    capex = pd.Series([1.5e9, 3e8, -2e7])
    assert format_column("economics.capex_usd", capex) == ["$1,500 M", "$300 M", "−$20 M"]  # median 3e8: M
    assert format_column("economics.capex_usd", capex, common_scale=False) == ["$1.5 B", "$300 M", "−$20 M"]
    ratio = format_column("economics.cost_ratio", [0.8, 2.0, np.nan], reasons=[None, "radiator below sink", None])
    assert ratio == ["0.8", "— (radiator below sink)", "—"]
    assert format_column("mass.total_kg", [2e6, np.nan], reasons="infeasible") == ["2 kt", "— (infeasible)"]
    with pytest.raises(InputError, match="one per value"):
        format_column("mass.total_kg", [1.0, 2.0], reasons=["x"])


def test_headers_state_label_unit_and_currency_year_in_ascii() -> None:
    assert CURRENCY.startswith(str(CURRENCY_YEAR)) and CURRENCY.endswith(" USD")
    assert column_header("thermal.radiator_area_m2") == "Radiator area per satellite [m2]"
    assert column_header("economics.usd_per_pflop_day", "p10") == (
        f"Cost per PFLOP-day, all-in (orbit), P10 [{CURRENCY_YEAR} USD/PFLOP-day]"
    )
    assert column_header("terrestrial.water_m3") == "Water use (ground) [m3]"
    headers = [column_header(name) for name in OUTPUTS]
    assert all(h.isascii() for h in headers)
    assert len(set(headers)) > 0.8 * len(headers)  # labels tell most outputs apart


def test_bad_kind_unit_or_value_is_named() -> None:
    with pytest.raises(InputError) as caught:
        format_quantity(1.0, "kg", "colour")
    assert caught.value.field == "kind"
    with pytest.raises(InputError) as caught:
        format_quantity(1.0, "kg", "power")
    assert caught.value.field == "unit" and "convertible to W" in str(caught.value)
    with pytest.raises(InputError) as caught:
        format_quantity("twelve", "kg", "mass")
    assert caught.value.field == "value"
    with pytest.raises(InputError, match="unknown output"):
        format_value("mass.total", 1.0)


@pytest.mark.parametrize("value", [-1234.5, 0.0, 0.37, 1.0, 7.5e4, 3.2e8, 4.4e13])
def test_every_output_is_written_without_exponent_or_odd_prefix(value: float) -> None:
    """No e-notation, no Mg/Gg/Tg, no ASCII hyphen as a minus sign, for every declared output."""
    for name, item in OUTPUTS.items():
        if item.kind == "text":
            continue
        text = format_value(name, value)
        assert "e+" not in text and "e-" not in text, (name, text)
        assert not any(p in text for p in (" Mg", " Gg", " Tg")), (name, text)
        assert not text.startswith("-"), (name, text)
