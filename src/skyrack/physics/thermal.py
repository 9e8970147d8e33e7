"""Radiator heat balance, view factors to Earth and heat pumps.

A flat radiator panel in orbit rejects heat only by radiation. Per square
metre of panel (not of face) its net rejection is what its faces emit minus
what they absorb from the environment [1]_:

.. math::

    q_{net} = n \\varepsilon \\sigma T^4
              - \\alpha_s S \\cos\\theta_s
              - \\varepsilon_{IR} \\sigma T_E^4 F_E
              - \\alpha_s S a F_E

with n emitting faces, solar absorptivity α_s, infrared emissivity ε (which by
Kirchhoff's law [2]_ is also the infrared absorptivity, so ε_IR = ε for a grey
surface), Earth treated as a black body at its effective temperature T_E, and
F_E the view factor from the panel to Earth summed over its faces.

Conventions
-----------
- Fluxes are W per m² of *panel*; a two-sided panel has ``sides = 2``.
- ``earth_view_factor`` arguments are the *total* over the panel's faces
  (so the Earth terms are per m² of panel, like the others).
- The albedo term uses the plate-to-Earth view factor and the full solar
  constant: it is the subsolar (worst-case) value. In a dawn-dusk orbit the
  sub-satellite point sits near the terminator and real albedo load is much
  smaller; pass ``albedo = 0`` or a reduced effective albedo for that case.
- Functions are pure and vectorised; no input is validated. Physically
  impossible cases are returned, not raised: a radiator at or below its sink
  temperature has net flux ≤ 0 and :func:`radiator_area` returns ``inf``.

References
----------
.. [1] Gilmore, D. G. (ed.), *Spacecraft Thermal Control Handbook*, Vol. I:
       Fundamental Technologies, 2nd ed., The Aerospace Press / AIAA, 2002,
       ch. 2 (environmental heat loads: direct solar, albedo, Earth IR) and
       ch. 6 (radiators).
.. [2] Incropera, F. P., DeWitt, D. P., Bergman, T. L. & Lavine, A. S.,
       *Fundamentals of Heat and Mass Transfer*, 6th ed., Wiley, 2007, §12.7
       (Kirchhoff's law, grey surfaces) and §13.1 (view factors).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._arrays import FloatArray, Floats, _f, _out, _where, _zeros_like
from .constants import R_EARTH, SIGMA

__all__ = [
    "absorbed_albedo_flux",
    "absorbed_earth_ir_flux",
    "absorbed_solar_flux",
    "earth_view_factor",
    "emitted_flux",
    "heat_pump",
    "radiator_area",
    "radiator_net_flux",
    "radiator_temperature_from_ladder",
    "sink_temperature",
]

"""Return type: a numpy float for scalar input, else a float64 array."""


def emitted_flux(temperature_k: ArrayLike, emissivity: ArrayLike, sides: ArrayLike = 1) -> Floats:
    """Thermal power emitted per m² of panel, Stefan–Boltzmann law.

    .. math:: q_{emit} = n \\, \\varepsilon \\, \\sigma \\, T^4

    Parameters
    ----------
    temperature_k : float or array
        Radiator surface temperature T, K.
    emissivity : float or array
        Hemispherical infrared emissivity ε, 0..1.
    sides : float or array, default 1
        Number of emitting faces n (2 for a free-standing panel).

    Returns
    -------
    float or array
        Emitted flux, W per m² of panel.

    References
    ----------
    .. [1] Incropera et al., *Fundamentals of Heat and Mass Transfer*, 6th ed.,
           2007, eq. 1.5 (E = ε σ T⁴).

    Examples
    --------
    Black two-sided panel at 20 °C: 2 σ 293.15⁴ = 837.53 W/m².

    >>> round(float(emitted_flux(293.15, 1.0, 2)), 2)
    837.53
    """
    t = _f(temperature_k)
    return _out(_f(sides) * _f(emissivity) * SIGMA * t**4)


def absorbed_solar_flux(
    solar_absorptivity: ArrayLike, irradiance_w_m2: ArrayLike, incidence_factor: ArrayLike
) -> Floats:
    """Direct sunlight absorbed per m² of panel (one face sunlit).

    .. math:: q_s = \\alpha_s \\, S \\, \\cos\\theta_s

    Parameters
    ----------
    solar_absorptivity : float or array
        Solar absorptivity α_s of the sunlit face, 0..1.
    irradiance_w_m2 : float or array
        Solar irradiance S, W/m².
    incidence_factor : float or array
        Cosine of the angle between the sunlit face's normal and the Sun,
        0..1 (0 = edge-on to the Sun, 1 = face-on). Not clipped: pass 0..1.

    Returns
    -------
    float or array
        Absorbed solar flux, W per m² of panel.

    References
    ----------
    .. [1] Gilmore, *Spacecraft Thermal Control Handbook* Vol. I, 2002, ch. 2
           (direct solar load α S cos θ).
    """
    return _out(_f(solar_absorptivity) * _f(irradiance_w_m2) * _f(incidence_factor))


def absorbed_earth_ir_flux(ir_emissivity: ArrayLike, earth_temperature_k: ArrayLike, view_factor: ArrayLike) -> Floats:
    """Earth infrared absorbed per m² of panel.

    Earth is treated as a black body at its effective radiating temperature
    T_E (≈ 254 K for the global-mean ~237 W/m² outgoing longwave). By
    reciprocity the irradiance on the panel is σ T_E⁴ F_E, and by Kirchhoff's
    law a grey surface absorbs infrared with absorptivity equal to its
    infrared emissivity.

    .. math:: q_{IR} = \\varepsilon \\, \\sigma \\, T_E^4 \\, F_E

    Parameters
    ----------
    ir_emissivity : float or array
        Infrared emissivity (= infrared absorptivity) of the panel, 0..1.
        Do **not** pass the solar absorptivity here.
    earth_temperature_k : float or array
        Earth effective radiating temperature T_E, K.
    view_factor : float or array
        View factor from the panel to Earth F_E, summed over faces.

    Returns
    -------
    float or array
        Absorbed Earth-IR flux, W per m² of panel.

    References
    ----------
    .. [1] Gilmore, *Spacecraft Thermal Control Handbook* Vol. I, 2002, ch. 2
           (Earth-emitted IR load).
    .. [2] Incropera et al., 6th ed., 2007, §12.7 (Kirchhoff's law) and
           §13.1.2 (view-factor reciprocity).
    """
    t = _f(earth_temperature_k)
    return _out(_f(ir_emissivity) * SIGMA * t**4 * _f(view_factor))


def absorbed_albedo_flux(
    solar_absorptivity: ArrayLike,
    irradiance_w_m2: ArrayLike,
    albedo: ArrayLike,
    view_factor: ArrayLike,
) -> Floats:
    """Earth-reflected sunlight absorbed per m² of panel (subsolar estimate).

    .. math:: q_a = \\alpha_s \\, S \\, a \\, F_E

    This is the simple form with the sub-satellite point at the subsolar
    point; it over-estimates the load when the Earth seen by the panel is only
    partly lit (e.g. dawn-dusk orbits). Scale ``albedo`` down to model that.

    Parameters
    ----------
    solar_absorptivity : float or array
        Solar absorptivity α_s, 0..1.
    irradiance_w_m2 : float or array
        Solar irradiance S, W/m².
    albedo : float or array
        Earth's (effective) albedo a, 0..1 (≈ 0.30 global mean).
    view_factor : float or array
        View factor from the panel to Earth F_E, summed over faces.

    Returns
    -------
    float or array
        Absorbed albedo flux, W per m² of panel.

    References
    ----------
    .. [1] Gilmore, *Spacecraft Thermal Control Handbook* Vol. I, 2002, ch. 2
           (albedo load α S a F at the subsolar point).
    """
    return _out(_f(solar_absorptivity) * _f(irradiance_w_m2) * _f(albedo) * _f(view_factor))


def _absorbed_total(
    emissivity: ArrayLike,
    solar_absorptivity: ArrayLike,
    irradiance_w_m2: ArrayLike,
    incidence_factor: ArrayLike,
    earth_temperature_k: ArrayLike,
    earth_view_factor: ArrayLike,
    albedo: ArrayLike,
    ir_absorptivity: ArrayLike | None,
) -> FloatArray:
    eps_ir = emissivity if ir_absorptivity is None else ir_absorptivity
    return (
        _f(absorbed_solar_flux(solar_absorptivity, irradiance_w_m2, incidence_factor))
        + _f(absorbed_earth_ir_flux(eps_ir, earth_temperature_k, earth_view_factor))
        + _f(absorbed_albedo_flux(solar_absorptivity, irradiance_w_m2, albedo, earth_view_factor))
    )


def radiator_net_flux(
    temperature_k: ArrayLike,
    emissivity: ArrayLike,
    solar_absorptivity: ArrayLike,
    sides: ArrayLike,
    irradiance_w_m2: ArrayLike,
    incidence_factor: ArrayLike,
    earth_temperature_k: ArrayLike,
    earth_view_factor: ArrayLike,
    albedo: ArrayLike,
    *,
    ir_absorptivity: ArrayLike | None = None,
) -> Floats:
    """Net heat a flat radiator rejects per m² of panel.

    Emitted flux minus absorbed direct solar, Earth IR and albedo (see the
    module docstring for the balance and conventions).

    Parameters
    ----------
    temperature_k : float or array
        Radiator surface temperature, K.
    emissivity : float or array
        Infrared emissivity ε, 0..1 (also used as IR absorptivity).
    solar_absorptivity : float or array
        Solar absorptivity α_s, 0..1.
    sides : float or array
        Number of emitting faces (1 or 2).
    irradiance_w_m2 : float or array
        Solar irradiance, W/m².
    incidence_factor : float or array
        Cosine of the Sun angle on the sunlit face, 0..1.
    earth_temperature_k : float or array
        Earth effective radiating temperature, K.
    earth_view_factor : float or array
        Panel-to-Earth view factor summed over faces.
    albedo : float or array
        Earth albedo, 0..1.
    ir_absorptivity : float or array, optional
        Infrared absorptivity for the Earth-IR term. Defaults to
        ``emissivity`` (Kirchhoff, grey surface). Only override it to
        reproduce published calculations that used another value.

    Returns
    -------
    float or array
        Net rejected flux, W per m² of panel. Zero at the sink temperature and
        negative below it (the panel then *gains* heat: infeasible as a
        radiator).

    References
    ----------
    .. [1] Gilmore, *Spacecraft Thermal Control Handbook* Vol. I, 2002, ch. 2
           and ch. 6 (radiator heat balance).
    .. [2] Incropera et al., 6th ed., 2007, §12.7 (Kirchhoff's law).

    Examples
    --------
    Starcloud white-paper radiator (293.15 K, ε 0.92, α 0.09, S 1366, F 0.25,
    a 0.3, T_E 253.15 K, two sides): 770.53 − 122.94 − 53.56 − 9.22 = 584.8.

    >>> round(float(radiator_net_flux(293.15, 0.92, 0.09, 2, 1366, 1, 253.15, 0.25, 0.3)), 1)
    584.8
    """
    absorbed = _absorbed_total(
        emissivity,
        solar_absorptivity,
        irradiance_w_m2,
        incidence_factor,
        earth_temperature_k,
        earth_view_factor,
        albedo,
        ir_absorptivity,
    )
    return _out(_f(emitted_flux(temperature_k, emissivity, sides)) - absorbed)


def sink_temperature(
    emissivity: ArrayLike,
    solar_absorptivity: ArrayLike,
    sides: ArrayLike,
    irradiance_w_m2: ArrayLike,
    incidence_factor: ArrayLike,
    earth_temperature_k: ArrayLike,
    earth_view_factor: ArrayLike,
    albedo: ArrayLike,
    *,
    ir_absorptivity: ArrayLike | None = None,
) -> Floats:
    """Radiator temperature at which the net rejected flux is zero.

    .. math:: T_{sink} = \\left(\\frac{q_s + q_{IR} + q_a}{n \\varepsilon \\sigma}\\right)^{1/4}

    A radiator must run above this temperature to reject any heat.

    Parameters
    ----------
    emissivity, solar_absorptivity, sides, irradiance_w_m2, incidence_factor,
    earth_temperature_k, earth_view_factor, albedo, ir_absorptivity
        As in :func:`radiator_net_flux`.

    Returns
    -------
    float or array
        Sink temperature, K. ``inf`` where the emissivity or ``sides`` is 0
        and something is absorbed.

    References
    ----------
    .. [1] Gilmore, *Spacecraft Thermal Control Handbook* Vol. I, 2002, ch. 2
           and ch. 6 (equilibrium / sink temperature of a surface).
    """
    absorbed = _absorbed_total(
        emissivity,
        solar_absorptivity,
        irradiance_w_m2,
        incidence_factor,
        earth_temperature_k,
        earth_view_factor,
        albedo,
        ir_absorptivity,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out((absorbed / (_f(sides) * _f(emissivity) * SIGMA)) ** 0.25)


def radiator_area(heat_w: ArrayLike, net_flux_w_m2: ArrayLike) -> Floats:
    """Panel area needed to reject ``heat_w`` at a given net flux.

    Parameters
    ----------
    heat_w : float or array
        Heat to reject, W.
    net_flux_w_m2 : float or array
        Net rejected flux per m² of panel, W/m² (from :func:`radiator_net_flux`).

    Returns
    -------
    float or array
        Radiator panel area, m². ``inf`` wherever ``net_flux_w_m2 <= 0``
        (radiator at or below its sink temperature: no finite area works),
        whatever the heat.

    References
    ----------
    .. [1] Gilmore, *Spacecraft Thermal Control Handbook* Vol. I, 2002, ch. 6
           (radiator area A = Q / q_net).

    Examples
    --------
    >>> round(float(radiator_area(40e6, 584.8)))
    68399
    """
    q = _f(net_flux_w_m2)
    ok = q > 0.0
    return _out(np.where(ok, _f(heat_w) / np.where(ok, q, 1.0), np.inf))


def earth_view_factor(altitude_m: ArrayLike, orientation: str = "nadir", sides: ArrayLike = 1) -> Floats:
    """View factor from a flat plate in orbit to the Earth (a sphere).

    ``"nadir"``: the plate faces straight down,
    :math:`F = (R/(R+h))^2 = 1/H^2`; the other face (zenith) sees no Earth,
    so ``sides = 2`` gives the same total.

    ``"edge"``: the plate is perpendicular to the local horizontal (its normal
    lies in the horizontal plane), as for a radiator edge-on to Earth; each
    face sees

    .. math:: F = \\frac{1}{\\pi}\\left[\\arctan\\frac{1}{\\sqrt{H^2-1}}
              - \\frac{\\sqrt{H^2-1}}{H^2}\\right],\\quad H = \\frac{R+h}{R}

    (≈ 0.241 at 650 km) and ``sides = 2`` returns twice that.

    Parameters
    ----------
    altitude_m : float or array
        Altitude above the spherical Earth h, m (R = equatorial radius).
    orientation : {"nadir", "edge"}
        Plate attitude relative to the local vertical.
    sides : {1, 2} or array of them, default 1
        1: the Earth-facing (nadir) or one (edge) face; 2: total over both
        faces, to pass as ``earth_view_factor`` of a two-sided radiator.

    Returns
    -------
    float or array
        View factor, dimensionless (per face for ``sides = 1``; summed for 2).

    Raises
    ------
    ValueError
        If ``orientation`` is not one of the names above (a programming
        error, not a value check).

    References
    ----------
    .. [1] Howell, J. R., Mengüç, M. P. & Siegel, R., *Thermal Radiation Heat
           Transfer*, 6th ed., CRC Press, 2015, appendix C and the online
           *Catalog of Radiation Heat Transfer Configuration Factors*
           (differential planar element to sphere: facing the centre, and
           with its normal perpendicular to the centre line).
    .. [2] Gilmore, *Spacecraft Thermal Control Handbook* Vol. I, 2002, ch. 2
           (view factors of surfaces to Earth).
    """
    h_ratio = (R_EARTH + _f(altitude_m)) / R_EARTH
    if orientation == "nadir":
        return _out(1.0 / h_ratio**2)
    if orientation == "edge":
        root = np.sqrt(h_ratio**2 - 1.0)
        with np.errstate(divide="ignore"):
            face = (np.arctan(1.0 / root) - root / h_ratio**2) / np.pi
        return _out(face * _f(sides))
    raise ValueError(f"orientation: got {orientation!r}; allowed 'nadir' or 'edge'")


def heat_pump(
    heat_w: ArrayLike,
    cold_k: ArrayLike,
    hot_k: ArrayLike,
    carnot_fraction: ArrayLike | None = None,
    cop: ArrayLike | None = None,
) -> tuple[Floats, Floats, Floats]:
    """Work and rejected heat of a heat pump lifting ``heat_w`` from cold to hot.

    .. math::

        \\mathrm{COP} = f_C \\frac{T_c}{T_h - T_c},\\qquad
        W = Q_c / \\mathrm{COP},\\qquad Q_h = Q_c + W

    Raising the radiator temperature from T_c to T_h shrinks the radiator
    (∝ T⁻⁴) but costs electrical work W, which must itself be generated and
    rejected.

    Parameters
    ----------
    heat_w : float or array
        Heat lifted from the cold side Q_c, W.
    cold_k : float or array
        Cold-side (coolant) temperature T_c, K.
    hot_k : float or array
        Hot-side (radiator) temperature T_h, K.
    carnot_fraction : float or array, optional
        Fraction f_C of the Carnot COP achieved, 0..1 (vapour-compression
        machines typically 0.3–0.6). Ignored when ``cop`` is given.
    cop : float or array, optional
        Coefficient of performance (cooling) to use directly.

    Returns
    -------
    cop : float or array
        Cooling COP used, dimensionless. ``inf`` where ``hot_k <= cold_k``
        (no lift needed: heat flows to the radiator unaided).
    work_w : float or array
        Compressor work W, W (0 where no lift is needed; ``inf`` where the
        COP is 0).
    heat_rejected_w : float or array
        Heat delivered to the radiator Q_h = Q_c + W, W.

    Raises
    ------
    TypeError
        If neither ``carnot_fraction`` nor ``cop`` is given (a programming
        error, not a value check).

    References
    ----------
    .. [1] Çengel, Y. A. & Boles, M. A., *Thermodynamics: An Engineering
           Approach*, 8th ed., McGraw-Hill, 2015, ch. 6 (COP of a reversed
           Carnot refrigerator, COP_R = T_L / (T_H − T_L)).
    """
    q_c = _f(heat_w)
    t_c = _f(cold_k)
    t_h = _f(hot_k)
    lift = t_h - t_c
    if cop is not None:
        c = _f(cop) + _zeros_like(lift)
    elif carnot_fraction is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            c = _f(carnot_fraction) * t_c / _where(lift > 0.0, lift, 1.0)
    else:
        raise TypeError("heat_pump: give carnot_fraction or cop")
    c = _where(lift > 0.0, c, np.inf) + _zeros_like(q_c)
    with np.errstate(divide="ignore", invalid="ignore"):
        work = _where(lift > 0.0, q_c / c, 0.0)
    return _out(c), _out(work), _out(q_c + work)


def radiator_temperature_from_ladder(
    junction_max_k: ArrayLike,
    delta_junction_to_coolant_k: ArrayLike,
    delta_coolant_to_radiator_k: ArrayLike,
) -> Floats:
    """Radiator surface temperature allowed by a chip's junction limit.

    Heat flows in series from the junction through cold plate and coolant to
    the radiator surface; each stage drops temperature, so

    .. math:: T_{rad} = T_{j,max} - \\Delta T_{j \\to c} - \\Delta T_{c \\to r}

    Parameters
    ----------
    junction_max_k : float or array
        Maximum allowed junction temperature, K.
    delta_junction_to_coolant_k : float or array
        Drop from junction to coolant (package, TIM, cold plate), K.
    delta_coolant_to_radiator_k : float or array
        Drop from coolant to radiator surface (loop, heat exchanger, fin), K.

    Returns
    -------
    float or array
        Highest radiator surface temperature compatible with the junction
        limit, K.

    References
    ----------
    .. [1] Incropera et al., 6th ed., 2007, §3.1 (thermal resistances in
           series).
    .. [2] Gilmore, *Spacecraft Thermal Control Handbook* Vol. I, 2002, ch. 6
           (radiator temperature set by the coolant loop).
    """
    return _out(_f(junction_max_k) - _f(delta_junction_to_coolant_k) - _f(delta_coolant_to_radiator_k))
