"""Launch pricing for a campaign: the market price, the owner's at-cost price and Wright's-law learning.

A customer pays the provider's price (the catalog's, or the scenario's). An
owner of the vehicle pays only what a flight costs: propellant, refurbishment,
the vehicle's build cost spread over its reuses, and operations. The
difference is the margin the owner no longer pays, shown explicitly.

References
----------
.. [1] Wright, T. P., "Factors affecting the cost of airplanes", *Journal of
       the Aeronautical Sciences* 3(4), 122–128, 1936.
.. [2] Agüera y Arcas, B. et al., arXiv:2511.19468, 2025, §2.4 (launch price
       against reuse: ~$460/kg expended, <$60/kg at 10 reuses; learning on
       cumulative mass).
.. [3] SpaceX/Musk statements: ~$2 M per Starship launch including ~$0.9 M of
       fuel (2019); ~$1.5 M fully burdened long-run, ~$0.5 M propellant.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..catalog import Entry
from ..errors import InputError
from ..physics.launch import at_cost_per_flight, wright_average_price, wright_unit_price

__all__ = [
    "AT_COST_FIELDS",
    "LaunchPricing",
    "at_cost_per_flight",
    "launch_pricing",
    "learning_multipliers",
]

AT_COST_FIELDS: tuple[str, ...] = ("propellant_cost", "refurbishment_cost", "vehicle_cost", "reuses", "operations_cost")
"""Launcher catalog fields the at-cost price needs."""


def learning_multipliers(
    mass_per_year_kg: ArrayLike, prior_cumulative_kg: float, learning_rate: float
) -> NDArray[np.float64]:
    """Mean price in each year relative to the price at the prior cumulative mass, Wright's law.

    Year *y* launches :math:`M_y` after :math:`x_{y} = x_p + \\sum_{j<y} M_j` has
    flown; its mean price relative to :math:`p(x_p)` is

    .. math:: \\frac{p(x_y)}{p(x_p)} \\cdot \\frac{\\bar p(x_y, M_y)}{p(x_y)}
              = \\left(\\frac{x_y}{x_p}\\right)^b
                \\frac{(1 + r)^{b+1} - 1}{(b+1) r},\\quad r = M_y/x_y

    Parameters
    ----------
    mass_per_year_kg : array
        Mass launched in each year, kg.
    prior_cumulative_kg : float
        Mass the vehicle had launched before the campaign x_p, kg (> 0); the
        reference price applies there.
    learning_rate : float
        Price drop per doubling of cumulative mass, [0, 1).

    Returns
    -------
    numpy.ndarray
        Dimensionless multiplier per year (1 where nothing is launched and
        no learning has happened yet).

    References
    ----------
    .. [1] Wright, T. P., J. Aeronautical Sciences 3(4):122–128, 1936.
    .. [2] Agüera y Arcas et al., arXiv:2511.19468, 2025, §2.4 (~20 % per
           doubling of cumulative mass to orbit).

    Examples
    --------
    A campaign that doubles the prior mass in its first year at LR = 0.2 pays
    0.885 of the reference price that year (see ``wright_average_price``).

    >>> round(float(learning_multipliers([1e6], 1e6, 0.2)[0]), 4)
    0.8849
    """
    mass = np.asarray(mass_per_year_kg, dtype=float).reshape(-1)
    before = prior_cumulative_kg + np.concatenate([[0.0], np.cumsum(mass)[:-1]])
    unit = np.asarray(wright_unit_price(1.0, prior_cumulative_kg, before, learning_rate), dtype=float)
    mean = np.asarray(wright_average_price(1.0, before, mass, learning_rate), dtype=float)
    return np.asarray(unit * mean, dtype=float).reshape(-1)


@dataclass(frozen=True)
class LaunchPricing:
    """The launch price a campaign pays, by mode, with the at-cost breakdown and the margin.

    ``market_per_flight`` is NaN for vehicles billed by mass (``market_per_kg``
    then holds the price); ``at_cost_per_flight`` is NaN when the catalog has
    no at-cost data for the vehicle.
    """

    mode: Literal["market", "at_cost"]
    vehicle: str
    payload_kg: float
    market_per_flight: float
    market_per_kg: float
    at_cost_per_flight: float
    at_cost_breakdown: Mapping[str, float] = field(default_factory=dict)

    @property
    def billed_by_mass(self) -> bool:
        """True when the market price is per kg (rideshare, or a scenario's price_per_kg)."""
        return math.isfinite(self.market_per_kg)

    def market_flight_equivalent(self) -> float:
        """Market price of one full flight, USD (per-kg prices times the payload)."""
        return self.market_per_kg * self.payload_kg if self.billed_by_mass else self.market_per_flight

    @property
    def margin_per_flight(self) -> float:
        """Market price of a full flight less its cost to the owner, USD (the margin an owner keeps)."""
        return self.market_flight_equivalent() - self.at_cost_per_flight

    def cost(self, launches: ArrayLike, mass_kg: ArrayLike, multiplier: ArrayLike = 1.0) -> NDArray[np.float64]:
        """Launch bill for given launches and mass launched, USD, in this pricing mode.

        Parameters
        ----------
        launches : array
            Flights (per year).
        mass_kg : array
            Satellite mass carried on those flights, kg.
        multiplier : array, default 1
            Learning multiplier on the price (:func:`learning_multipliers`).

        Returns
        -------
        numpy.ndarray
            USD. Market prices bill by mass where the vehicle does, else per
            flight; at-cost always bills whole flights.
        """
        n = np.asarray(launches, dtype=float)
        m = np.asarray(mass_kg, dtype=float)
        k = np.asarray(multiplier, dtype=float)
        if self.mode == "at_cost":
            return np.asarray(n * self.at_cost_per_flight * k, dtype=float)
        if self.billed_by_mass:
            return np.asarray(m * self.market_per_kg * k, dtype=float)
        return np.asarray(n * self.market_per_flight * k, dtype=float)

    def margin(self, launches: ArrayLike, mass_kg: ArrayLike, multiplier: ArrayLike = 1.0) -> NDArray[np.float64]:
        """Market bill less at-cost bill for the same flights, USD (NaN without at-cost data)."""
        market = LaunchPricing(**{**self.__dict__, "mode": "market"}).cost(launches, mass_kg, multiplier)
        owner = LaunchPricing(**{**self.__dict__, "mode": "at_cost"}).cost(launches, mass_kg, multiplier)
        return np.asarray(market - owner, dtype=float)


def launch_pricing(
    params: Mapping[str, Any],
    vehicle: Entry,
    payload_kg: float,
    mode: Literal["market", "at_cost"] = "market",
    reuses: float | None = None,
) -> LaunchPricing:
    """The launch prices of a design's vehicle in both modes.

    Parameters
    ----------
    params : mapping
        Flat design parameters (``launch.price``, ``launch.price_per_kg``).
    vehicle : skyrack.catalog.Entry
        The launcher's catalog entry (at-cost fields: :data:`AT_COST_FIELDS`).
    payload_kg : float
        Payload per flight to the design's orbit, kg.
    mode : {"market", "at_cost"}
        Which price the campaign pays.
    reuses : float, optional
        Flights per vehicle (default: the catalog's ``reuses``).

    Returns
    -------
    LaunchPricing

    Raises
    ------
    InputError
        ``at_cost`` for a vehicle whose catalog entry lacks at-cost data.

    References
    ----------
    .. [1] Agüera y Arcas et al., arXiv:2511.19468, 2025, §2.4.
    """
    per_kg = float(params.get("launch.price_per_kg", math.nan))
    per_flight = float(params.get("launch.price", math.nan))
    if math.isfinite(per_kg):
        per_flight = math.nan
    values = {name: vehicle.get(name) for name in AT_COST_FIELDS}
    if reuses is not None:
        values["reuses"] = reuses
    missing = [name for name, value in values.items() if value is None]
    breakdown: dict[str, float] = {}
    at_cost = math.nan
    if not missing:
        v = {name: float(value) for name, value in values.items() if value is not None}
        breakdown = {
            "propellant_usd": v["propellant_cost"],
            "refurbishment_usd": v["refurbishment_cost"],
            "vehicle_amortised_usd": v["vehicle_cost"] / v["reuses"],
            "operations_usd": v["operations_cost"],
        }
        at_cost = float(
            at_cost_per_flight(
                v["propellant_cost"], v["refurbishment_cost"], v["vehicle_cost"], v["reuses"], v["operations_cost"]
            )
        )
    elif mode == "at_cost":
        raise InputError(
            "deployment.pricing",
            "at_cost",
            f"launcher {vehicle.name} has no at-cost data ({', '.join(missing)} missing from the catalog); "
            "use pricing: market or add the fields to the launcher",
        )
    return LaunchPricing(mode, vehicle.name, float(payload_kg), per_flight, per_kg, at_cost, breakdown)
