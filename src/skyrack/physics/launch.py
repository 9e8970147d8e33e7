"""Launch: number of launches, payload vs inclination, learning-curve prices,
launched-power price, flight cadence and combustion CO2.

All functions are pure and vectorised (floats or broadcasting arrays in, numpy
floats or arrays out) and do not validate input; impossible inputs give
``inf`` or ``nan`` as documented.

References
----------
.. [1] Agüera y Arcas, B. et al., "Towards a future space-based, highly
       scalable AI infrastructure system design", arXiv:2511.19468, 2025,
       §2.4 (launch cost per kW of satellite power per year).
.. [2] Wright, T. P., "Factors affecting the cost of airplanes", *Journal of
       the Aeronautical Sciences* 3(4), 122–128, 1936.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from ._arrays import FloatArray, Floats, _f, _out, _where
from .constants import YEAR_S

__all__ = [
    "CO2_KG_PER_KG_FUEL",
    "at_cost_per_flight",
    "flights_per_year",
    "fuel_mass_from_propellant",
    "hours_between_flights",
    "launch_co2e_kg",
    "launched_power_per_year",
    "launched_power_price",
    "launches_by_mass",
    "launches_by_volume",
    "payload_for_inclination",
    "wright_average_price",
    "wright_learning_exponent",
    "wright_unit_price",
]

"""Return type: a numpy float for scalar input, else a float64 array."""

_CEIL_RTOL = 1e-9
"""Relative tolerance below an integer that still counts as that integer when
rounding launch counts up (so 1.1/0.1 = 11.000000000000002 gives 11, not 12)."""

LEO_REFERENCE_INCLINATION_RAD = float(np.deg2rad(28.5))
"""Inclination of the usual "LEO" payload figure (due east from Cape Canaveral)."""

SSO_REFERENCE_INCLINATION_RAD = float(np.deg2rad(98.0))
"""Nominal sun-synchronous inclination for the "SSO" payload figure (≈97.4–98.2°
for 500–800 km)."""

CO2_KG_PER_KG_FUEL: dict[str, float] = {
    "methane": 44.009 / 16.043,
    "rp1": 44.009 / (12.011 + 1.95 * 1.008),
    "hydrogen": 0.0,
}
"""kg of CO2 per kg of fuel burned, from carbon mass balance (every carbon atom
of the fuel ends as CO2 once CO and soot oxidise in the atmosphere):
methane CH4 → 44.009/16.043 = 2.743; RP-1 as CH_1.95 (H/C ≈ 1.95) →
44.009/13.977 = 3.149; hydrogen → 0. Molar masses: IUPAC standard atomic
weights. See :func:`launch_co2e_kg`."""


def _ceil(x: FloatArray) -> FloatArray:
    return np.ceil(x * (1.0 - _CEIL_RTOL))


def at_cost_per_flight(
    propellant_usd: ArrayLike,
    refurbishment_usd: ArrayLike,
    vehicle_usd: ArrayLike,
    reuses: ArrayLike,
    operations_usd: ArrayLike,
) -> Floats:
    """Cost of one flight to the owner of a reusable vehicle.

    .. math:: c = c_{prop} + c_{refurb} + C_{vehicle} / N_{reuse} + c_{ops}

    Parameters
    ----------
    propellant_usd : float or array
        Propellant per flight, USD.
    refurbishment_usd : float or array
        Refurbishment (and any expended stage) per flight, USD.
    vehicle_usd : float or array
        Build cost of one reusable vehicle (booster + ship), USD.
    reuses : float or array
        Flights per vehicle before retirement (> 0).
    operations_usd : float or array
        Range, recovery and launch operations per flight, USD.

    Returns
    -------
    float or array
        USD per flight; ``inf`` where ``reuses`` is 0.

    References
    ----------
    .. [1] Agüera y Arcas et al., arXiv:2511.19468, 2025, §2.4 (cost per kg
           against the number of reuses).
    .. [2] SpaceX/Musk statements on Starship propellant (~$0.5–0.9 M) and
           fully burdened (~$1.5–2 M) cost per flight.

    Examples
    --------
    Starship at 10 reuses: 0.9 + 0.5 + 45/10 + 0.5 = 6.4 M USD, $64/kg at 100 t.

    >>> float(at_cost_per_flight(0.9e6, 0.5e6, 45e6, 10, 0.5e6)) / 1e6
    6.4
    """
    with np.errstate(divide="ignore"):
        out = _f(propellant_usd) + _f(refurbishment_usd) + _f(vehicle_usd) / _f(reuses) + _f(operations_usd)
    return _out(out)


def launches_by_mass(total_mass_kg: ArrayLike, payload_kg: ArrayLike) -> Floats:
    """Launches needed to lift a mass, rounded up.

    .. math:: N = \\lceil m / m_{payload} \\rceil

    Parameters
    ----------
    total_mass_kg : float or array
        Mass to launch, kg.
    payload_kg : float or array
        Payload per launch to the target orbit, kg.

    Returns
    -------
    float or array
        Whole number of launches (as float). A quotient within a relative
        1e-9 of an integer counts as that integer (floating-point noise).
        ``inf`` where the payload is 0 and there is mass to lift.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, ch. 18 (launch-vehicle
           selection by payload mass to the mission orbit).

    Examples
    --------
    1,686.6 t of hardware on 100 t Starships: ⌈16.87⌉ = 17.

    >>> float(launches_by_mass(1_686_600.0, 100_000.0))
    17.0
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(_ceil(_f(total_mass_kg) / _f(payload_kg)))


def launches_by_volume(
    stowed_volume_m3: ArrayLike, fairing_volume_m3: ArrayLike, packing_efficiency: ArrayLike
) -> Floats:
    """Launches needed to fit a stowed volume into fairings, rounded up.

    .. math:: N = \\lceil V / (V_{fairing} \\, \\eta_{pack}) \\rceil

    Parameters
    ----------
    stowed_volume_m3 : float or array
        Stowed volume of the hardware, m³.
    fairing_volume_m3 : float or array
        Usable fairing (payload bay) volume per launch, m³.
    packing_efficiency : float or array
        Fraction of the fairing volume that can be filled, 0..1.

    Returns
    -------
    float or array
        Whole number of launches (as float); ``inf`` where the usable volume
        is 0 and there is something to launch.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, ch. 18 (payload envelope /
           fairing volume as a launch constraint).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(_ceil(_f(stowed_volume_m3) / (_f(fairing_volume_m3) * _f(packing_efficiency))))


def payload_for_inclination(
    payload_leo_kg: ArrayLike,
    payload_sso_kg: ArrayLike,
    inclination_rad: ArrayLike,
    *,
    leo_inclination_rad: ArrayLike = LEO_REFERENCE_INCLINATION_RAD,
    sso_inclination_rad: ArrayLike = SSO_REFERENCE_INCLINATION_RAD,
) -> Floats:
    """Payload to a given inclination, interpolated between LEO and SSO figures.

    .. math::

        m(i) = m_{LEO} + (m_{SSO} - m_{LEO})
               \\,\\mathrm{clip}\\!\\left(\\frac{i - i_{LEO}}{i_{SSO} - i_{LEO}}, 0, 1\\right)

    An approximation, not a trajectory calculation: payload falls with
    inclination mainly because less of Earth's rotation (465 m/s at the
    equator) helps and, for retrograde orbits, opposes; this varies roughly
    with the cosine of the launch azimuth, not linearly. Outside the two
    reference inclinations the result is clamped to the nearer figure
    (optimistic above the SSO reference, pessimistic below the LEO one).
    Altitude differences between the two published figures are ignored.

    Parameters
    ----------
    payload_leo_kg : float or array
        Published payload to low Earth orbit at ``leo_inclination_rad``, kg.
    payload_sso_kg : float or array
        Published payload to sun-synchronous orbit, kg.
    inclination_rad : float or array
        Target inclination, rad.
    leo_inclination_rad : float or array, default 28.5° in rad
        Inclination of the LEO figure.
    sso_inclination_rad : float or array, default 98.0° in rad
        Inclination of the SSO figure.

    Returns
    -------
    float or array
        Payload to the target inclination, kg.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, ch. 18 (launch-vehicle
           performance depends on inclination and launch site; payload tables
           by orbit).
    .. [2] Arianespace, *Ariane 6 User's Manual*, issue 2, 2021 (LEO and SSO
           performance figures, e.g. Ariane 62: 10,350 kg LEO vs 7,200 kg SSO).
    """
    i = _f(inclination_rad)
    i0 = _f(leo_inclination_rad)
    i1 = _f(sso_inclination_rad)
    t = np.clip((i - i0) / (i1 - i0), 0.0, 1.0)
    m0 = _f(payload_leo_kg)
    return _out(m0 + (_f(payload_sso_kg) - m0) * t)


def wright_learning_exponent(learning_rate: ArrayLike) -> Floats:
    """Exponent b of Wright's learning curve for a given learning rate.

    Unit price falls by the fraction LR each time cumulative production
    doubles: p ∝ x^b with 2^b = 1 − LR, so

    .. math:: b = \\log_2 (1 - \\mathrm{LR})

    Parameters
    ----------
    learning_rate : float or array
        Fractional price reduction per doubling LR, < 1 (0.2 = 20 %, i.e. an
        "80 % curve"). LR = 0 gives b = 0 (no learning); LR → 1 gives b → −∞.

    Returns
    -------
    float or array
        Exponent b, dimensionless (≤ 0 for 0 ≤ LR < 1); ``-inf`` at LR = 1,
        ``nan`` above.

    References
    ----------
    .. [1] Wright, T. P., J. Aeronautical Sciences 3(4):122–128, 1936.

    Examples
    --------
    >>> round(float(wright_learning_exponent(0.2)), 6)  # log2(0.8)
    -0.321928
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(np.log2(1.0 - _f(learning_rate)))


def wright_unit_price(
    price0: ArrayLike, cumulative0_kg: ArrayLike, cumulative_kg: ArrayLike, learning_rate: ArrayLike
) -> Floats:
    """Marginal price per kg after a cumulative launched mass, Wright's law.

    .. math:: p(x) = p_0 \\, (x / x_0)^{b},\\quad b = \\log_2(1 - \\mathrm{LR})

    Wright's law is stated for cumulative units produced; applied here to
    cumulative mass launched, as in [2]_.

    Parameters
    ----------
    price0 : float or array
        Price at the reference cumulative mass p_0, USD/kg.
    cumulative0_kg : float or array
        Reference cumulative mass launched x_0, kg (> 0).
    cumulative_kg : float or array
        Cumulative mass launched x, kg.
    learning_rate : float or array
        Fractional price reduction per doubling.

    Returns
    -------
    float or array
        Price at x, USD/kg.

    References
    ----------
    .. [1] Wright, T. P., J. Aeronautical Sciences 3(4):122–128, 1936.
    .. [2] Agüera y Arcas et al., arXiv:2511.19468, 2025, §2.4 (learning-curve
           projection of launch price against cumulative mass to orbit).
    """
    b = _f(wright_learning_exponent(learning_rate))
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(_f(price0) * np.power(_f(cumulative_kg) / _f(cumulative0_kg), b))


def wright_average_price(
    price0: ArrayLike, cumulative0_kg: ArrayLike, program_kg: ArrayLike, learning_rate: ArrayLike
) -> Floats:
    """Mean price per kg over a programme launched after ``cumulative0_kg``.

    With marginal price p(x) = p_0 (x/x_0)^b (:func:`wright_unit_price`), the
    mean over the next M kg is

    .. math::

        \\bar p = \\frac{1}{M}\\int_{x_0}^{x_0+M} p(x)\\,dx
                = p_0 \\frac{(1 + r)^{b+1} - 1}{(b + 1)\\, r},\\qquad r = M / x_0

    with the limits p̄ = p_0 ln(1 + r)/r at b = −1 (LR = 0.5) and p̄ = p_0 at
    M = 0. It is evaluated as expm1((b+1) log1p(r)) / ((b+1) r), which is
    accurate for small r and b + 1.

    Parameters
    ----------
    price0 : float or array
        Marginal price at cumulative mass x_0, USD/kg.
    cumulative0_kg : float or array
        Cumulative mass launched before the programme x_0, kg (> 0; ``nan``
        or ``inf`` otherwise).
    program_kg : float or array
        Mass the programme launches M, kg (≥ 0).
    learning_rate : float or array
        Fractional price reduction per doubling LR (0 → constant price p_0).

    Returns
    -------
    float or array
        Mean price over the programme, USD/kg; multiply by M for its launch
        bill.

    References
    ----------
    .. [1] Wright, T. P., J. Aeronautical Sciences 3(4):122–128, 1936.

    Examples
    --------
    LR = 0.2 (b = −0.32193), p_0 = 1000 USD/kg, x_0 = M (r = 1), where
    2^(b+1) = 2 (1 − LR) = 1.6: 1000 (1.6 − 1)/0.67807 = 884.9 USD/kg.

    >>> round(float(wright_average_price(1000.0, 1e6, 1e6, 0.2)), 1)
    884.9
    """
    p0 = _f(price0)
    b = _f(wright_learning_exponent(learning_rate))
    with np.errstate(divide="ignore", invalid="ignore"):
        r = _f(program_kg) / _f(cumulative0_kg)
        log1p_r = np.log1p(r)
        c = b + 1.0
        small_c = np.abs(c) < 1e-12
        integral = _where(small_c, log1p_r, np.expm1(c * log1p_r) / _where(small_c, 1.0, c))
        # below r ~ 1e-12 the integral's rounding exceeds the learning it measures: the mean is p0
        mean = _where(r > 1e-12, p0 * integral / _where(r > 1e-12, r, 1.0), p0)
    return _out(mean)


def launched_power_price(
    mass_kg: ArrayLike, launch_usd_per_kg: ArrayLike, power_w: ArrayLike, lifetime_yr: ArrayLike
) -> Floats:
    """Launch cost per kW of satellite power per year of life.

    .. math:: c_{P} = \\frac{m \\, c_{launch}}{P \\, L}

    Parameters
    ----------
    mass_kg : float or array
        Satellite mass m, kg.
    launch_usd_per_kg : float or array
        Launch price c_launch, USD/kg.
    power_w : float or array
        Satellite power P, W (converted to kW inside).
    lifetime_yr : float or array
        Satellite life L, years.

    Returns
    -------
    float or array
        USD per kW per year; ``inf`` where power or life is 0.

    References
    ----------
    .. [1] Agüera y Arcas et al., arXiv:2511.19468, 2025, §2.4.

    Examples
    --------
    Starlink V2 mini, 575 kg, 28 kW, 5 yr at 3,600 USD/kg:
    575·3600/(28·5) = 14,785.7 USD/kW/yr (paper: ~14,700).

    >>> round(float(launched_power_price(575.0, 3600.0, 28e3, 5.0)), 1)
    14785.7
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(_f(mass_kg) * _f(launch_usd_per_kg) / (_f(power_w) / 1e3 * _f(lifetime_yr)))


def launched_power_per_year(mass_per_year_kg: ArrayLike, specific_power_w_per_kg: ArrayLike) -> Floats:
    """Power put in orbit per year from launched mass and specific power.

    Parameters
    ----------
    mass_per_year_kg : float or array
        Mass launched per year, kg/yr.
    specific_power_w_per_kg : float or array
        Power per kg of launched satellite, W/kg.

    Returns
    -------
    float or array
        Power added per year, W/yr.

    References
    ----------
    .. [1] SpaceX FCC application SAT-LOA-20260108-00016, 2026, and public
           statements: 1 Mt/yr at 100 kW per tonne → 100 GW/yr.
    """
    return _out(_f(mass_per_year_kg) * _f(specific_power_w_per_kg))


def flights_per_year(mass_per_year_kg: ArrayLike, payload_kg: ArrayLike) -> Floats:
    """Launch cadence needed to lift a yearly mass.

    Parameters
    ----------
    mass_per_year_kg : float or array
        Mass to launch per year, kg/yr.
    payload_kg : float or array
        Payload per flight, kg.

    Returns
    -------
    float or array
        Flights per year (not rounded: a rate); ``inf`` where payload is 0.

    References
    ----------
    .. [1] SpaceX FCC application SAT-LOA-20260108-00016, 2026: 1e9 kg/yr on
           200 t Starships = 5,000 flights/yr.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(_f(mass_per_year_kg) / _f(payload_kg))


def hours_between_flights(flights_per_year: ArrayLike) -> Floats:
    """Mean interval between flights at a given yearly cadence.

    Parameters
    ----------
    flights_per_year : float or array
        Flights per year.

    Returns
    -------
    float or array
        Hours between flights (Julian year, 8,766 h); ``inf`` at 0 flights.

    References
    ----------
    .. [1] Definition: interval = year / cadence; 5,000 flights/yr → 1.75 h
           (SpaceX 100 GW/yr arithmetic).
    """
    with np.errstate(divide="ignore"):
        return _out(YEAR_S / 3600.0 / _f(flights_per_year))


def fuel_mass_from_propellant(propellant_kg: ArrayLike, mixture_ratio: ArrayLike) -> Floats:
    """Fuel part of a bipropellant load from its oxidiser-to-fuel mixture ratio.

    .. math:: m_{fuel} = m_{prop} / (1 + O/F)

    Parameters
    ----------
    propellant_kg : float or array
        Total propellant (oxidiser + fuel), kg.
    mixture_ratio : float or array
        Oxidiser-to-fuel mass ratio O/F (methalox ≈ 3.6, kerolox ≈ 2.3–2.7,
        hydrolox ≈ 5.5–6).

    Returns
    -------
    float or array
        Fuel mass, kg.

    References
    ----------
    .. [1] Sutton, G. P. & Biblarz, O., *Rocket Propulsion Elements*, 9th ed.,
           Wiley, 2017, chs. 5–6 (mixture ratio r = ṁ_o/ṁ_f).
    """
    return _out(_f(propellant_kg) / (1.0 + _f(mixture_ratio)))


def launch_co2e_kg(
    propellant_kg_by_type: Mapping[str, ArrayLike],
    *,
    co2_kg_per_kg_fuel: Mapping[str, float] | None = None,
) -> Floats:
    """CO2 emitted by burning launch fuel, by carbon mass balance.

    .. math:: m_{CO_2} = \\sum_k m_{fuel,k} \\, e_k

    Counts only CO2 from the carbon in the fuel burned. It excludes the
    production of propellants (e.g. methane from natural gas, hydrogen from
    reforming), black carbon and alumina in the stratosphere, NOx and water
    vapour, whose climate effects per kg can exceed CO2's [2]_ [3]_.

    Parameters
    ----------
    propellant_kg_by_type : mapping of str to float or array
        **Fuel** mass burned (not oxidiser; see
        :func:`fuel_mass_from_propellant`) per fuel: keys ``"methane"``,
        ``"rp1"``, ``"hydrogen"`` (or those of ``co2_kg_per_kg_fuel``).
        Values broadcast together.
    co2_kg_per_kg_fuel : mapping, optional
        Emission factors, kg CO2 per kg fuel; defaults to
        :data:`CO2_KG_PER_KG_FUEL` (CH4 2.743, RP-1 3.149, H2 0).

    Returns
    -------
    float or array
        CO2 emitted, kg. An unknown fuel name raises ``KeyError``.

    References
    ----------
    .. [1] Stoichiometry of complete combustion, CₙHₘ + (n + m/4) O₂ → n CO₂ +
           (m/2) H₂O; molar masses from IUPAC standard atomic weights (2021).
    .. [2] Dallas, J. A., Raval, S., Alvarez Gaitan, J. P., Saydam, S. &
           Dempster, A. G., "The environmental impact of emissions from space
           launches: A comprehensive review", *Journal of Cleaner Production*
           255, 120209, 2020.
    .. [3] Ryan, R. G., Marais, E. A., Balhatchet, C. J. & Eastham, S. D.,
           "Impact of rocket launch and space debris air pollutant emissions
           on stratospheric ozone and global climate", *Earth's Future* 10,
           e2021EF002612, 2022 (black-carbon forcing per kg ~500× surface
           sources).

    Examples
    --------
    A Starship-class stack burning ~1,000 t of CH4: ≈ 2,743 t CO2.

    >>> round(float(launch_co2e_kg({"methane": 1.0e6})) / 1e3)
    2743
    """
    factors = CO2_KG_PER_KG_FUEL if co2_kg_per_kg_fuel is None else co2_kg_per_kg_fuel
    total: FloatArray = _f(0.0)
    for name, fuel_kg in propellant_kg_by_type.items():
        total = total + _f(fuel_kg) * factors[name]
    return _out(total)
