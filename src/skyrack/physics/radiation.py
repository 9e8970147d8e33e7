"""Trapped-particle ionising dose behind an aluminium shield, and radiation event rates.

The dose model turns the NASA AE8/AP8 trapped electron and proton models [1]_
(evaluated offline by the ``aep8`` package, which wraps the IRBEM library and
computes McIlwain L and B/B0 with each model's own geomagnetic field model)
into a grid of ionising dose rate in silicon, Gy(Si)/s, over geodetic latitude,
longitude and altitude, behind a spherical aluminium shield.

Method (simple transport, documented so it can be replaced):

1. Omnidirectional integral fluxes J(>E) from AE8 (0.05–7 MeV) and AP8
   (0.1–300 MeV; ``aep8`` returns NaN outside these) at log-spaced energy
   edges; differencing gives the flux in each energy bin, and the flux above
   the top edge is lumped into the top bin.
2. Geometry: the "solid sphere" case of SHIELDOSE-2 [2]_ — a small silicon
   detector at the centre of an aluminium sphere of radius t, so every incoming
   direction crosses the same areal density x = ρ_Al t.
3. Protons: straight-ahead continuous slowing down. The residual energy E' of a
   proton of energy E obeys R(E') = R(E) − x, with the CSDA range R from the
   Bethe stopping-power formula without shell or density corrections [3]_
   (checked against NIST PSTAR [4]_ in the tests). Nuclear (inelastic) losses
   attenuate the transmitted protons by exp(−x/λ_I), λ_I(Al) = 107.2 g/cm² [3]_.
4. Electrons: the same straight-ahead slowing-down rule, but with the
   Katz–Penfold extrapolated range [5]_ as the range–energy relation, so that
   electrons are stopped at their practical (not CSDA) range, which partly
   accounts for the detour caused by multiple scattering.
5. Dose rate = Σ bins (transmitted flux) × (mass collision stopping power in Si
   at E'), i.e. D = Φ·S/ρ for an omnidirectional fluence rate Φ; proton stopping
   from the Bethe formula, electron stopping from the Bethe formula for
   electrons (Rohrlich–Carlson, ICRU 37 [6]_) without density effect.

Accuracy — be honest about it: this is a screening model. It ignores
bremsstrahlung (which dominates electron-induced dose behind ≳ 5 mm Al in the
outer belt, but is small at LEO where protons dominate behind thick shields),
secondary particles and neutrons, electron backscatter and transmission
straggling, and the solar-cycle/secular variation of the belts beyond the
AE8/AP8 min/max choice. AE8/AP8 themselves are uncertain by a factor of ~2 at
LEO [1]_. The result should be read as an order-of-magnitude estimate, probably
within a factor of ~2–3 of SHIELDOSE-2 solid-sphere results for 1–10 mm Al in
LEO; it has not been benchmarked against SHIELDOSE-2 here. Checks against
published AP8-based figures (tests): 650 km dawn-dusk SSO behind 10 mm Al,
124 rad/yr (solar max; 170 with AP8MIN) against Suncatcher's ~150 rad/yr [8]_;
400 km / 51.6° behind 4 mm, ~145 rad/yr against ~150 rad/yr quoted from
Barrett (1993) [9]_. Single grid points on the fringe of the SAA, where the
AP8 spectrum is hard, can show dose rising slightly with depth (protons slowing
towards the Bragg peak); orbit-averaged dose falls monotonically.

AE8/AP8 use fixed-epoch field models (Jensen–Cain 1960 for AE8 and AP8MIN,
GSFC 12/66 extrapolated to 1970 for AP8MAX), so the South Atlantic Anomaly sits
where it was in ~1960/1970. The SAA drifts westward by about 0.3°/yr [7]_; with
``saa_drift_deg_per_yr`` (default 0.3) the map is rotated westward by
rate × (epoch_year − field epoch). The slower northward drift is ignored.

References
----------
.. [1] Sawyer, D. M. & Vette, J. I., *AP-8 trapped proton environment for solar
       maximum and solar minimum*, NSSDC/WDC-A-R&S 76-06 (1976); Vette, J. I.,
       *The AE-8 trapped electron model environment*, NSSDC/WDC-A-R&S 91-24
       (1991). Evaluated with the ``aep8`` package (IRBEM ``fly_in_nasa_aeap``).
.. [2] Seltzer, S. M., *Updated calculations for routine space-shielding
       radiation dose estimates: SHIELDOSE-2*, NIST IR 5477 (1994).
.. [3] Particle Data Group, *Review of Particle Physics*, "Passage of particles
       through matter" (Bethe equation, eq. 34.5) and "Atomic and nuclear
       properties of materials" (Al: I = 166 eV, λ_I = 107.2 g/cm²; Si:
       I = 173 eV), Prog. Theor. Exp. Phys. 2022, 083C01.
.. [4] Berger, M. J., Coursey, J. S., Zucker, M. A. & Chang, J., *ESTAR, PSTAR
       and ASTAR: computer programs for calculating stopping-power and range
       tables for electrons, protons and helium ions*, NIST Standard Reference
       Database 124 (1993–2017); ICRU Report 49 (1993).
.. [5] Katz, L. & Penfold, A. S., *Range-energy relations for electrons and the
       determination of beta-ray end-point energies by absorption*,
       Rev. Mod. Phys. 24(1), 28–44 (1952).
.. [6] ICRU Report 37, *Stopping powers for electrons and positrons* (1984),
       ch. 2 (Rohrlich–Carlson collision stopping power).
.. [7] Stassinopoulos, E. G., Xapsos, M. A. & Stauffer, C. A., *Forty-year
       "drift" and change of the SAA*, NASA/TM-2015-217547 (2015).
.. [8] Google Research, *Towards a future space-based, highly scalable AI
       infrastructure system design* (Project Suncatcher), arXiv:2511.19468
       (2025), radiation-test section (TPU v6e "Trillium" in a 67 MeV proton
       beam).
.. [9] Barrett (1993), summary of Vette's AP8-based dose behind aluminium
       for low Earth orbits: 400 km / 52°, ~150 rad/yr behind 4 mm Al;
       500 km / 28.5°, ~170 rad/yr (secondary copy; original title not
       retrieved, treat as indicative).
"""

from __future__ import annotations

import functools
import math
import os
import warnings
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._disk_cache import cached_arrays
from .._lazy import numba  # numba loads when a kernel first runs
from ._arrays import _f

__all__ = [
    "AL_DENSITY_G_CM3",
    "BENDEL_A_MEV",
    "RAD_PER_EVENT",
    "SEE_TEST_ENERGY_MEV",
    "DoseModel",
    "bendel_response",
    "build_dose_model",
    "dose_map",
    "electron_range_al",
    "electron_stopping_power_si",
    "event_rates_per_gy",
    "interp_trilinear",
    "proton_fluence_per_rad",
    "proton_range_al",
    "proton_stopping_power",
    "transmitted_dose_weights",
    "transmitted_see_weights",
]

FloatArray: TypeAlias = NDArray[np.float64]
Solar: TypeAlias = Literal["min", "max", "worst"]

AL_DENSITY_G_CM3 = 2.70
"""Density of aluminium, g/cm³ (CRC Handbook of Chemistry and Physics)."""

MEV_PER_G_TO_GY = 1.602176634e-10
"""1 MeV/g in Gy (J/kg): 1.602176634e-13 J / 1e-3 kg (CODATA 2018 exact eV)."""

_K_BETHE = 0.307075  # MeV cm² / mol, 4π N_A r_e² m_e c² (PDG 2022 Table 34.1)
_ME_C2 = 0.51099895  # MeV, electron rest energy (CODATA 2018)
_MP_C2 = 938.27208816  # MeV, proton rest energy (CODATA 2018)

# (Z/A, I [MeV]) from PDG "Atomic and nuclear properties of materials".
_MATERIALS = {
    "Al": (13.0 / 26.9815385, 166.0e-6),
    "Si": (14.0 / 28.0855, 173.0e-6),
}
_AL_NUCLEAR_INTERACTION_LENGTH_G_CM2 = 107.2  # PDG, aluminium λ_I

_E_ENERGY_RANGE_MEV = (0.05, 7.0)  # AE8 range as evaluated by aep8 (NaN below 0.05 MeV)
_P_ENERGY_RANGE_MEV = (0.1, 300.0)  # AP8 range as evaluated by aep8 (NaN above ~300 MeV)
_N_E_EDGES = 40
_N_P_EDGES = 60

_SINGLE_ALT_PAD_M = 10e3  # bracket around a single requested altitude
_PROTON_E0_MEV = 1.0  # below this the Bethe formula is replaced by a power law
_BRAGG_KLEEMAN_P = 1.75  # range ∝ E^p below E0 (Bragg–Kleeman rule)

# Field-model epochs of the AE8/AP8 evaluation in IRBEM (see module docstring).
_FIELD_EPOCH = {"JC1960": 1960.0, "GSFC1266": 1970.0}


# --------------------------------------------------------------------------
# Stopping powers and ranges
# --------------------------------------------------------------------------
def _bethe_proton(e_mev: FloatArray, material: str) -> FloatArray:
    za, i_mev = _MATERIALS[material]
    gamma = 1.0 + e_mev / _MP_C2
    beta2 = 1.0 - 1.0 / gamma**2
    bg2 = beta2 * gamma**2
    ratio = _ME_C2 / _MP_C2
    tmax = 2.0 * _ME_C2 * bg2 / (1.0 + 2.0 * gamma * ratio + ratio**2)
    log_term = 0.5 * np.log(2.0 * _ME_C2 * bg2 * tmax / i_mev**2)
    return np.asarray(_K_BETHE * za / beta2 * (log_term - beta2), dtype=np.float64)


def proton_stopping_power(energy_mev: ArrayLike, material: str = "Al") -> FloatArray:
    """Mass electronic stopping power of protons, MeV cm²/g.

    Bethe formula without shell, Barkas, Bloch or density-effect corrections
    above E0 = 1 MeV (good to a few per cent against PSTAR from ~2 MeV to
    1 GeV); below E0 a Bragg–Kleeman power law S ∝ E^(1−p), p = 1.75, matched
    to the Bethe value at E0 (a rough stand-in; protons below 1 MeV have a
    range under 0.02 mm of Al and matter little for dose behind a shield).

    Parameters
    ----------
    energy_mev : float or array
        Proton kinetic energy, MeV (> 0).
    material : {"Al", "Si"}
        Target material.

    Returns
    -------
    array
        Stopping power S/ρ, MeV cm²/g. Al at 10 MeV ≈ 34 MeV cm²/g,
        at 100 MeV ≈ 5.7 MeV cm²/g (PSTAR).

    References
    ----------
    .. [1] PDG 2022, "Passage of particles through matter", eq. 34.5;
           material constants from PDG "Atomic and nuclear properties".
    .. [2] NIST PSTAR (Berger et al., SRD 124); ICRU Report 49 (1993).
    """
    e = np.maximum(_f(energy_mev), 1e-6)
    s0 = _bethe_proton(np.array(_PROTON_E0_MEV), material)
    high = _bethe_proton(np.maximum(e, _PROTON_E0_MEV), material)
    low = s0 * (e / _PROTON_E0_MEV) ** (1.0 - _BRAGG_KLEEMAN_P)
    return np.where(e >= _PROTON_E0_MEV, high, low)


@functools.lru_cache(maxsize=4)
def _proton_range_table(material: str) -> tuple[FloatArray, FloatArray]:
    """Log-spaced energies (MeV) and CSDA ranges (g/cm²) for protons."""
    e = np.logspace(math.log10(_PROTON_E0_MEV), 4.0, 2001)
    s = proton_stopping_power(e, material)
    inv = 1.0 / s
    # trapezoid in E; power-law range below E0: R(E0) = E0 / (p S(E0))
    r0 = _PROTON_E0_MEV / (_BRAGG_KLEEMAN_P * s[0])
    seg = 0.5 * (inv[1:] + inv[:-1]) * np.diff(e)
    r = r0 + np.concatenate(([0.0], np.cumsum(seg)))
    return e, r


def proton_range_al(energy_mev: ArrayLike) -> FloatArray:
    """CSDA range of protons in aluminium, g/cm².

    Integral of 1/S over energy with :func:`proton_stopping_power` (Bethe
    above 1 MeV, Bragg–Kleeman power law below). Divide by 2.70 g/cm³ for
    centimetres.

    Parameters
    ----------
    energy_mev : float or array
        Proton kinetic energy, MeV (0 < E ≤ 10 GeV).

    Returns
    -------
    array
        CSDA range, g/cm². NIST PSTAR gives ≈ 0.170 g/cm² at 10 MeV and
        ≈ 9.98 g/cm² (3.70 cm) at 100 MeV; this function is within ~2 %.

    References
    ----------
    .. [1] Berger et al., NIST PSTAR, SRD 124; ICRU Report 49 (1993).
    .. [2] PDG 2022, "Passage of particles through matter", eq. 34.5.
    """
    e_tab, r_tab = _proton_range_table("Al")
    e = np.maximum(_f(energy_mev), 1e-9)
    low = r_tab[0] * (e / _PROTON_E0_MEV) ** _BRAGG_KLEEMAN_P
    high = np.exp(np.interp(np.log(e), np.log(e_tab), np.log(r_tab)))
    return np.where(e >= _PROTON_E0_MEV, high, low)


def _proton_energy_from_range_al(range_g_cm2: FloatArray) -> FloatArray:
    e_tab, r_tab = _proton_range_table("Al")
    r = np.maximum(range_g_cm2, 1e-30)
    low = _PROTON_E0_MEV * (r / r_tab[0]) ** (1.0 / _BRAGG_KLEEMAN_P)
    high = np.exp(np.interp(np.log(r), np.log(r_tab), np.log(e_tab)))
    return np.where(r >= r_tab[0], high, low)


def electron_range_al(energy_mev: ArrayLike) -> FloatArray:
    """Katz–Penfold extrapolated (practical) range of electrons in aluminium, g/cm².

    .. math::

        R = 0.412\\,E^{1.265 - 0.0954 \\ln E} \\quad (0.01 \\le E \\le 2.5\\ \\mathrm{MeV}),
        \\qquad R = 0.530\\,E - 0.106 \\quad (E > 2.5\\ \\mathrm{MeV})

    with R in g/cm² and E in MeV. The practical range is shorter than the
    CSDA range (ESTAR: 0.55 g/cm² at 1 MeV) because multiple scattering makes
    the path tortuous.

    Parameters
    ----------
    energy_mev : float or array
        Electron kinetic energy, MeV. Below 0.01 MeV the fit is extrapolated,
        down to 0.1 keV (lower energies are taken as 0.1 keV).

    Returns
    -------
    array
        Extrapolated range, g/cm². 1 MeV → 0.412 g/cm² (1.53 mm Al);
        5 MeV → 2.544 g/cm².

    References
    ----------
    .. [1] Katz & Penfold, Rev. Mod. Phys. 24(1), 28–44 (1952).
    """
    e = np.maximum(_f(energy_mev), 1e-4)
    low = 0.412 * e ** (1.265 - 0.0954 * np.log(e))
    high = 0.530 * e - 0.106
    return np.where(e <= 2.5, low, high)


@functools.lru_cache(maxsize=1)
def _electron_range_table() -> tuple[FloatArray, FloatArray]:
    e = np.logspace(-3.0, 2.0, 2001)
    r = electron_range_al(e)
    # enforce strict monotonicity across the 2.5 MeV junction (0.6 % step)
    r = np.maximum.accumulate(r)
    r = r + np.arange(r.size) * 1e-12
    return e, r


def _electron_energy_from_range_al(range_g_cm2: FloatArray) -> FloatArray:
    e_tab, r_tab = _electron_range_table()
    r = np.maximum(range_g_cm2, r_tab[0])
    return np.exp(np.interp(np.log(r), np.log(r_tab), np.log(e_tab)))


def electron_stopping_power_si(energy_mev: ArrayLike) -> FloatArray:
    """Mass collision stopping power of electrons in silicon, MeV cm²/g.

    Bethe formula for electrons (Rohrlich–Carlson form, as in ICRU 37)
    without the density-effect correction (which lowers it by a few per cent
    at a few MeV):

    .. math::

        \\frac{S}{\\rho} = \\frac{K}{2} \\frac{Z}{A} \\frac{1}{\\beta^2}
        \\left[\\ln\\frac{\\tau^2(\\tau+2)}{2 (I/m_ec^2)^2} + 1 - \\beta^2
        + \\frac{\\tau^2/8 - (2\\tau+1)\\ln 2}{(\\tau+1)^2}\\right]

    with τ = E/(m_e c²). Energies below 10 keV are clamped to 10 keV.

    Parameters
    ----------
    energy_mev : float or array
        Electron kinetic energy, MeV (lower than 10 keV taken as 10 keV).

    Returns
    -------
    array
        Collision stopping power, MeV cm²/g. Near the minimum (~1.5 MeV)
        ≈ 1.5–1.6 MeV cm²/g; ESTAR (with density effect) gives 1.494 at 1 MeV.

    References
    ----------
    .. [1] ICRU Report 37 (1984), ch. 2; Rohrlich & Carlson, Phys. Rev. 93,
           38 (1954).
    .. [2] Berger et al., NIST ESTAR, SRD 124.
    """
    e = np.maximum(_f(energy_mev), 0.01)
    za, i_mev = _MATERIALS["Si"]
    tau = e / _ME_C2
    gamma = tau + 1.0
    beta2 = 1.0 - 1.0 / gamma**2
    f_minus = 1.0 - beta2 + (tau**2 / 8.0 - (2.0 * tau + 1.0) * math.log(2.0)) / (tau + 1.0) ** 2
    bracket = np.log(tau**2 * (tau + 2.0) / (2.0 * (i_mev / _ME_C2) ** 2)) + f_minus
    return np.asarray(0.5 * _K_BETHE * za / beta2 * bracket, dtype=np.float64)


def transmitted_dose_weights(
    energy_mev: ArrayLike, areal_density_g_cm2: float, particle: Literal["e", "p"]
) -> FloatArray:
    """Dose in Si per unit incident omnidirectional flux, behind an Al sphere.

    For a particle of incident energy E crossing areal density x of aluminium
    straight ahead, the residual energy E' solves R(E') = R(E) − x (zero
    transmission when R(E) ≤ x). The weight is the mass stopping power in
    silicon at E' converted to Gy, so that dose rate [Gy/s] = Σ flux_i
    [cm⁻² s⁻¹] × weight_i [Gy cm²]. Protons are further attenuated by
    nuclear interactions, exp(−x/λ_I).

    Parameters
    ----------
    energy_mev : float or array
        Incident kinetic energy, MeV.
    areal_density_g_cm2 : float
        Shield areal density x, g/cm² (1 mm Al = 0.27 g/cm²). 0 means bare.
    particle : {"e", "p"}
        Electrons (Katz–Penfold range, Bethe–Rohrlich–Carlson stopping) or
        protons (Bethe CSDA range and stopping).

    Returns
    -------
    array
        Weight, Gy cm² per particle.

    References
    ----------
    .. [1] Seltzer, NIST IR 5477 (SHIELDOSE-2), 1994 — solid-sphere geometry.
    .. [2] Katz & Penfold 1952; ICRU 37 (1984); PDG 2022 (Bethe, λ_I of Al).
    """
    e = _f(energy_mev)
    x = float(areal_density_g_cm2)
    if particle == "p":
        r = proton_range_al(e)
        resid = r - x
        ok = resid > 0.0
        e_out = _proton_energy_from_range_al(np.where(ok, resid, 1.0))
        # dose uses S at max(E', E0): the Bragg-peak tail below 1 MeV is not resolved
        s = proton_stopping_power(np.maximum(e_out, _PROTON_E0_MEV), "Si")
        att = math.exp(-x / _AL_NUCLEAR_INTERACTION_LENGTH_G_CM2)
        return np.where(ok, s * att * MEV_PER_G_TO_GY, 0.0)
    if particle == "e":
        r = electron_range_al(e)
        resid = r - x
        ok = resid > 0.0
        e_out = _electron_energy_from_range_al(np.where(ok, resid, 1.0))
        s = electron_stopping_power_si(e_out)
        return np.where(ok, s * MEV_PER_G_TO_GY, 0.0)
    raise ValueError(f"particle must be 'e' or 'p', got {particle!r}")


# --------------------------------------------------------------------------
# Proton single-event response
# --------------------------------------------------------------------------
SEE_TEST_ENERGY_MEV = 67.0
"""Energy of the proton beam that measured the accelerators' event rates (Suncatcher, UC Davis CNL), MeV."""

BENDEL_A_MEV = 10.0
"""Bendel threshold parameter A, MeV: an assumption, not a measurement (no energy scan of the tested chips
is published). With A = 5 or 20 MeV the 67-MeV-equivalent flux of a 650 km sun-synchronous orbit behind
3–10 mm Al changes by −10 to −12 % and +22 to +26 % (both solar phases)."""


def bendel_response(energy_mev: ArrayLike, a_mev: float = BENDEL_A_MEV) -> FloatArray:
    """Energy dependence of a proton single-event cross-section (Bendel one-parameter form).

    σ(E) ∝ [1 − exp(−0.18 Y^½)]⁴ with Y = (18/A)^½ (E − A) above the
    threshold A, zero below: the empirical shape of proton-induced upset
    cross-sections, rising from A to a plateau reached over hundreds of MeV.
    Normalised by its value at the beam energy, it carries a cross-section
    measured at one energy to the whole trapped-proton spectrum.

    Parameters
    ----------
    energy_mev : float or array
        Proton energy at the device, MeV.
    a_mev : float
        Threshold parameter A, MeV (default :data:`BENDEL_A_MEV`).

    Returns
    -------
    array
        The bracket [1 − exp(−0.18 Y^½)]⁴, dimensionless (0 at and below A).

    References
    ----------
    .. [1] W. L. Bendel, E. L. Petersen, "Proton upsets in orbit", *IEEE Trans.
           Nucl. Sci.* 30(6), 4481–4485, 1983.
    .. [2] W. J. Stapor et al., "Two parameter Bendel model calculations for
           predicting proton induced upset", *IEEE Trans. Nucl. Sci.* 37(6),
           1966–1973, 1990 (its use in CREME96).

    Examples
    --------
    >>> round(float(bendel_response(67.0)), 4)  # Y = √1.8 × 57 = 76.47: (1 − e^−1.574)⁴
    0.3951
    """
    e = _f(energy_mev)
    y = np.sqrt(18.0 / a_mev) * np.maximum(e - a_mev, 0.0)
    return np.asarray((1.0 - np.exp(-0.18 * np.sqrt(y))) ** 4)


def proton_fluence_per_rad(energy_mev: ArrayLike = SEE_TEST_ENERGY_MEV) -> FloatArray:
    """Fluence of monoenergetic protons that deposits 1 rad(Si), cm⁻².

    D = Φ S/ρ, so Φ = 0.01 Gy / (S/ρ × 1.602·10⁻¹⁰ Gy per MeV/g), with the
    silicon stopping power of :func:`proton_stopping_power` (Bethe).

    Parameters
    ----------
    energy_mev : float or array
        Proton energy, MeV (default the 67 MeV of the accelerators' beam test).

    Returns
    -------
    array
        Protons per cm² per rad(Si). At 67 MeV the Bethe formula gives
        S/ρ(Si) = 7.9 MeV cm²/g, so 1 rad ≈ 7.9·10⁶ protons/cm².

    References
    ----------
    .. [1] Berger et al., NIST PSTAR, SRD 124; ICRU Report 49 (1993).

    Examples
    --------
    >>> round(float(proton_fluence_per_rad()) / 1e6, 2)
    7.91
    """
    return np.asarray(0.01 / (proton_stopping_power(energy_mev, "Si") * MEV_PER_G_TO_GY))


def transmitted_see_weights(
    energy_mev: ArrayLike, areal_density_g_cm2: float, a_mev: float = BENDEL_A_MEV
) -> FloatArray:
    """67-MeV-equivalent protons at the device per incident proton, behind an Al sphere.

    A proton of energy E leaves the shield with E' from R(E') = R(E) − x (as
    :func:`transmitted_dose_weights`), survives nuclear interactions with
    probability exp(−x/λ_I), and upsets the device with a cross-section
    σ(E') = σ(67 MeV) F(E')/F(67 MeV) (:func:`bendel_response`). The weight
    F(E')/F(67) exp(−x/λ_I), summed over an omnidirectional flux spectrum,
    gives the flux of 67 MeV protons that would cause as many events.
    Secondary neutrons and fragments from the shield are not counted.

    Parameters
    ----------
    energy_mev : float or array
        Incident proton energy, MeV.
    areal_density_g_cm2 : float
        Shield areal density, g/cm².
    a_mev : float
        Bendel threshold parameter, MeV.

    Returns
    -------
    array
        Weight, dimensionless.

    References
    ----------
    .. [1] Bendel & Petersen (1983); Seltzer, NIST IR 5477 (1994), solid-sphere
           geometry; PDG 2022 (λ_I of Al).
    """
    e = _f(energy_mev)
    x = float(areal_density_g_cm2)
    resid = proton_range_al(e) - x
    ok = resid > 0.0
    e_out = _proton_energy_from_range_al(np.where(ok, resid, 1.0))
    att = math.exp(-x / _AL_NUCLEAR_INTERACTION_LENGTH_G_CM2)
    return np.where(ok, bendel_response(e_out, a_mev) / bendel_response(SEE_TEST_ENERGY_MEV, a_mev) * att, 0.0)


# --------------------------------------------------------------------------
# AE8/AP8 flux grids (expensive part, cached)
# --------------------------------------------------------------------------
def _axes(lat_step_deg: float, lon_step_deg: float) -> tuple[FloatArray, FloatArray]:
    n_lat = round(180.0 / lat_step_deg) + 1
    n_lon = round(360.0 / lon_step_deg) + 1
    return np.linspace(-90.0, 90.0, n_lat), np.linspace(-180.0, 180.0, n_lon)


def _altitudes(alt_min_m: float, alt_max_m: float, alt_step_m: float) -> FloatArray:
    lo, hi = float(alt_min_m), float(alt_max_m)
    if hi - lo < 1.0:
        # one altitude: a narrow bracket so the grid still has two levels
        lo, hi = max(lo - _SINGLE_ALT_PAD_M, 0.0), hi + _SINGLE_ALT_PAD_M
    n = max(2, math.ceil((hi - lo) / alt_step_m - 1e-9) + 1)
    return np.linspace(lo, hi, n)


@functools.lru_cache(maxsize=16)
def _geomag_grid(
    field_model: str,
    alts: tuple[float, ...],
    lat_step_deg: float,
    lon_step_deg: float,
    lon_shift_deg: float,
    cache_dir: str | None = None,
) -> tuple[FloatArray, FloatArray]:
    """McIlwain L and B/B0 on the (alt, lat, lon) grid for one field model.

    With ``cache_dir`` the arrays are also kept on disk (``.npz`` keyed by the
    arguments and the aep8 version), so a new process skips the field-line
    tracing.
    """
    import aep8

    def compute() -> dict[str, FloatArray]:
        lval, bval = _geomag_compute(field_model, alts, lat_step_deg, lon_step_deg, lon_shift_deg)
        return {"L": lval, "B": bval}

    key = (field_model, alts, lat_step_deg, lon_step_deg, lon_shift_deg, aep8.__version__, 1)
    grids = cached_arrays(cache_dir, f"aep8_geomag_{field_model}", key, compute)
    return grids["L"], grids["B"]


def _geomag_compute(
    field_model: str, alts: tuple[float, ...], lat_step_deg: float, lon_step_deg: float, lon_shift_deg: float
) -> tuple[FloatArray, FloatArray]:
    import aep8
    from astropy import units as u
    from astropy.coordinates import EarthLocation
    from astropy.time import Time

    lat, lon = _axes(lat_step_deg, lon_step_deg)
    n_alt, n_lat, n_lon = len(alts), lat.size, lon.size
    # Unique points only: the +180° column repeats −180°, and each pole is one
    # point whatever the longitude (the tracing costs ~0.3 ms per point).
    inner_lat, inner_lon = lat[1:-1], lon[:-1]
    la = np.broadcast_to(inner_lat[None, :, None], (n_alt, inner_lat.size, inner_lon.size))
    lo = np.broadcast_to(inner_lon[None, None, :], la.shape)
    al = np.broadcast_to(np.asarray(alts)[:, None, None], la.shape)
    pole_lat = np.repeat([[lat[0], lat[-1]]], n_alt, axis=0)
    pole_alt = np.repeat(np.asarray(alts)[:, None], 2, axis=1)
    lat_pts = np.concatenate([la.ravel(), pole_lat.ravel()])
    lon_pts = np.concatenate([lo.ravel(), np.zeros(pole_lat.size)]) + lon_shift_deg
    lon_pts = (lon_pts + 180.0) % 360.0 - 180.0
    alt_pts = np.concatenate([al.ravel(), pole_alt.ravel()])
    loc = EarthLocation.from_geodetic(lon_pts * u.deg, lat_pts * u.deg, alt_pts * u.m)
    # AE8/AP8 use fixed-epoch field models; the time argument does not change
    # the result (checked), but must be a valid date.
    model = aep8.model("p", "max") if field_model == "GSFC1266" else aep8.model("e", "min")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lval, bval = model.geomagnetic_coordinates(loc, Time("2000-01-01T00:00:00", scale="utc"))
    out = []
    n_inner = la.size
    for v in (np.asarray(lval, dtype=np.float64), np.asarray(bval, dtype=np.float64)):
        g = np.empty((n_alt, n_lat, n_lon))
        g[:, 1:-1, :-1] = v[:n_inner].reshape(la.shape)
        g[:, 1:-1, -1] = g[:, 1:-1, 0]
        poles = v[n_inner:].reshape(n_alt, 2)
        g[:, 0, :] = poles[:, 0:1]
        g[:, -1, :] = poles[:, 1:2]
        out.append(g)
    return out[0], out[1]


def _model_choice(particle: str, solar: str) -> tuple[str, str]:
    """(aep8 solar phase, field model) for a particle and a solar setting."""
    if solar not in ("min", "max", "worst"):
        raise ValueError(f"solar must be 'min', 'max' or 'worst', got {solar!r}")
    if particle == "e":
        phase = "min" if solar == "min" else "max"
        return phase, "JC1960"
    phase = "max" if solar == "max" else "min"
    return phase, ("GSFC1266" if phase == "max" else "JC1960")


@functools.lru_cache(maxsize=16)
def _flux_bins(
    particle: str,
    solar: str,
    alts: tuple[float, ...],
    lat_step_deg: float,
    lon_step_deg: float,
    epoch_year: float,
    drift_deg_per_yr: float,
    cache_dir: str | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Energy edges (MeV) and bin fluxes (cm⁻² s⁻¹), shape (n_alt, n_lat, n_lon, n_edges − 1)."""
    import aep8
    from astropy import units as u

    phase, fmodel = _model_choice(particle, solar)
    shift = drift_deg_per_yr * (epoch_year - _FIELD_EPOCH[fmodel])
    lval, bval = _geomag_grid(fmodel, alts, lat_step_deg, lon_step_deg, round(shift, 6), cache_dir)
    lo_e, hi_e = _E_ENERGY_RANGE_MEV if particle == "e" else _P_ENERGY_RANGE_MEV
    n_edges = _N_E_EDGES if particle == "e" else _N_P_EDGES
    edges = np.logspace(math.log10(lo_e), math.log10(hi_e), n_edges)
    edges[0], edges[-1] = lo_e * (1.0 + 1e-9), hi_e * (1.0 - 1e-9)  # stay inside the valid range
    m = aep8.model(particle, phase)  # type: ignore[arg-type]
    bad = ~(np.isfinite(lval) & np.isfinite(bval) & (bval > 0.0) & (lval > 0.0))
    lv = np.where(bad, 1.0, lval)[..., None]
    bv = np.where(bad, 1.0, bval)[..., None]
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        warnings.simplefilter("ignore")
        j = m.integral_flux_for_geomagnetic_coordinates(lv, bv, edges * u.MeV).to_value(u.cm**-2 / u.s)
    j = np.where(np.isfinite(j) & ~bad[..., None], j, 0.0)
    j = np.maximum(j, 0.0)
    # an integral spectrum cannot increase with energy: clip rounding noise
    dj = np.maximum(j[..., :-1] - j[..., 1:], 0.0)
    # flux above the top edge is lumped into the top bin
    dj[..., -1] += j[..., -1]
    return edges, np.ascontiguousarray(dj)


def _bin_mean_weights(edges: FloatArray, x: float, particle: str, n_sub: int = 64) -> FloatArray:
    """Bin-averaged dose weights (flat spectrum inside each bin), Gy cm²; ``particle="see"`` gives the
    protons' :func:`transmitted_see_weights` instead.

    Averaging over sub-samples rather than evaluating at the bin centre keeps
    the dose a smooth, monotone function of shield depth: a single centre
    energy just above the cut-off would get the Bragg-peak stopping power for
    the whole bin.
    """
    u = (np.arange(n_sub) + 0.5) / n_sub
    sub = edges[:-1, None] + (edges[1:] - edges[:-1])[:, None] * u[None, :]
    see = particle == "see"
    w = transmitted_see_weights(sub, x) if see else transmitted_dose_weights(sub, x, particle)  # type: ignore[arg-type]
    return np.asarray(w.mean(axis=1), dtype=np.float64)


# --------------------------------------------------------------------------
# Dose model
# --------------------------------------------------------------------------
@numba.njit(cache=True, fastmath=False)
def interp_trilinear(
    grid: FloatArray,
    lats: FloatArray,
    lons: FloatArray,
    alts: FloatArray,
    lat_rad: float,
    lon_rad: float,
    alt_m: float,
) -> float:  # pragma: no cover - exercised through DoseModel and the engine
    """Trilinear interpolation on a DoseModel grid (numba, scalar point).

    Latitude/longitude axes must be uniformly spaced (as built by
    :func:`build_dose_model`); altitude may be any increasing axis. Points
    outside the altitude range are clamped to the edge; longitude wraps.

    Parameters
    ----------
    grid : (n_alt, n_lat, n_lon) array
        Dose rate, Gy/s.
    lats, lons : arrays
        Grid latitudes and longitudes, rad (lons from −π to +π inclusive).
    alts : array
        Grid altitudes, m.
    lat_rad, lon_rad, alt_m : float
        Query point (geodetic latitude, longitude in rad; altitude in m).

    Returns
    -------
    float
        Interpolated dose rate, Gy/s.

    References
    ----------
    .. [1] Press et al., *Numerical Recipes*, 3rd ed. (2007), §3.6
           (interpolation on a grid in multidimensions).
    """
    n_alt = alts.shape[0]
    n_lat = lats.shape[0]
    n_lon = lons.shape[0]
    dlat = (lats[n_lat - 1] - lats[0]) / (n_lat - 1)
    dlon = (lons[n_lon - 1] - lons[0]) / (n_lon - 1)
    two_pi = 2.0 * np.pi
    lo = lon_rad - lons[0]
    lo = lo - two_pi * np.floor(lo / two_pi)
    fj = lo / dlon
    j = int(fj)
    if j > n_lon - 2:
        j = n_lon - 2
    tj = fj - j
    fi = (lat_rad - lats[0]) / dlat
    if fi < 0.0:
        fi = 0.0
    if fi > n_lat - 1:
        fi = n_lat - 1.0
    i = int(fi)
    if i > n_lat - 2:
        i = n_lat - 2
    ti = fi - i
    if alt_m <= alts[0]:
        k = 0
        tk = 0.0
    elif alt_m >= alts[n_alt - 1]:
        k = n_alt - 2
        tk = 1.0
    else:
        k = 0
        while alts[k + 1] < alt_m:
            k += 1
        tk = (alt_m - alts[k]) / (alts[k + 1] - alts[k])
    acc = 0.0
    for dk in range(2):
        wk = tk if dk == 1 else 1.0 - tk
        for di in range(2):
            wi = ti if di == 1 else 1.0 - ti
            for dj in range(2):
                wj = tj if dj == 1 else 1.0 - tj
                acc += wk * wi * wj * grid[k + dk, i + di, j + dj]
    return acc


@dataclass(frozen=True, eq=False)
class DoseModel:
    """Gridded ionising dose rate in Si behind a spherical Al shield.

    Attributes
    ----------
    lats : (n_lat,) float64
        Geodetic latitude axis, rad, uniform from −π/2 to +π/2.
    lons : (n_lon,) float64
        Longitude axis, rad, uniform from −π to +π (both ends stored).
    alts : (n_alt,) float64
        Altitude axis above the WGS-84 ellipsoid, m (n_alt ≥ 2).
    grid : (n_alt, n_lat, n_lon) float64
        Total dose rate, Gy(Si)/s.
    grid_electron, grid_proton : (n_alt, n_lat, n_lon) float64
        Electron and proton contributions, Gy(Si)/s.
    shield_thickness_m : float
        Aluminium shield thickness, m.
    solar : str
        AE8/AP8 phase used ("min", "max" or "worst" = AE8MAX + AP8MIN).
    epoch_year : float
        Year for the SAA westward-drift correction.
    """

    lats: FloatArray
    lons: FloatArray
    alts: FloatArray
    grid: FloatArray
    grid_electron: FloatArray
    grid_proton: FloatArray
    shield_thickness_m: float
    solar: str
    epoch_year: float
    meta: dict[str, float] = field(default_factory=dict)

    def dose_rate(self, lat_rad: ArrayLike, lon_rad: ArrayLike, alt_m: ArrayLike) -> FloatArray:
        """Dose rate at points, Gy(Si)/s, by trilinear interpolation.

        Parameters
        ----------
        lat_rad, lon_rad : float or array
            Geodetic latitude and longitude, rad (longitude wraps).
        alt_m : float or array
            Altitude above the ellipsoid, m (clamped to the grid's range).

        Returns
        -------
        array
            Dose rate, Gy(Si)/s, broadcast shape of the inputs.

        References
        ----------
        .. [1] See module references (AE8/AP8, SHIELDOSE-2 geometry).
        """
        return _interp_numpy(self.grid, self.lats, self.lons, self.alts, lat_rad, lon_rad, alt_m)

    def uniform_axes(self) -> FloatArray:
        """Grid axes as (lat0, dlat, lon0, dlon, alt0, dalt): rad, rad, rad, rad, m, m.

        All three axes are uniformly spaced, so a compiled kernel can index
        the grid arithmetically.
        """
        a = self.alts
        return np.array(
            [
                self.lats[0],
                (self.lats[-1] - self.lats[0]) / (self.lats.size - 1),
                self.lons[0],
                (self.lons[-1] - self.lons[0]) / (self.lons.size - 1),
                a[0],
                (a[-1] - a[0]) / (a.size - 1),
            ]
        )

    def dose_map(self, alt_m: float, component: str = "total") -> tuple[FloatArray, FloatArray, FloatArray]:
        """Latitude–longitude map at one altitude (linear in altitude).

        Parameters
        ----------
        alt_m : float
            Altitude, m.
        component : {"total", "electron", "proton"}

        Returns
        -------
        lat_deg : (n_lat,) array
        lon_deg : (n_lon,) array
        dose_rate_gy_per_s : (n_lat, n_lon) array
        """
        g = {"total": self.grid, "electron": self.grid_electron, "proton": self.grid_proton}[component]
        la, lo = np.meshgrid(self.lats, self.lons, indexing="ij")
        d = _interp_numpy(g, self.lats, self.lons, self.alts, la, lo, np.full(la.shape, float(alt_m)))
        return np.degrees(self.lats), np.degrees(self.lons), d


def _interp_numpy(
    grid: FloatArray,
    lats: FloatArray,
    lons: FloatArray,
    alts: FloatArray,
    lat_rad: ArrayLike,
    lon_rad: ArrayLike,
    alt_m: ArrayLike,
) -> FloatArray:
    la, lo, al = np.broadcast_arrays(_f(lat_rad), _f(lon_rad), _f(alt_m))
    n_alt, n_lat, n_lon = grid.shape
    dlat = (lats[-1] - lats[0]) / (n_lat - 1)
    dlon = (lons[-1] - lons[0]) / (n_lon - 1)
    fi = np.clip((la - lats[0]) / dlat, 0.0, n_lat - 1.0)
    i = np.minimum(fi.astype(np.int64), n_lat - 2)
    ti = fi - i
    fj = np.mod(lo - lons[0], 2.0 * np.pi) / dlon
    j = np.minimum(fj.astype(np.int64), n_lon - 2)
    tj = fj - j
    alc = np.clip(al, alts[0], alts[-1])
    k = np.clip(np.searchsorted(alts, alc, side="right") - 1, 0, n_alt - 2)
    tk = (alc - alts[k]) / (alts[k + 1] - alts[k])
    out = np.zeros(la.shape)
    for dk, wk in ((0, 1.0 - tk), (1, tk)):
        for di, wi in ((0, 1.0 - ti), (1, ti)):
            for dj, wj in ((0, 1.0 - tj), (1, tj)):
                out += wk * wi * wj * grid[k + dk, i + di, j + dj]
    return out


def _validate(alt_min_m: float, alt_max_m: float, shield_thickness_m: float) -> None:
    if not (np.isfinite(alt_min_m) and np.isfinite(alt_max_m)) or alt_min_m < 0 or alt_max_m < alt_min_m:
        raise ValueError(
            f"altitude band must satisfy 0 <= alt_min_m <= alt_max_m, got alt_min_m={alt_min_m}, alt_max_m={alt_max_m}"
        )
    if alt_max_m > 30_000e3:
        raise ValueError(f"alt_max_m={alt_max_m} m is beyond the AE8/AP8 LEO-MEO use here (<= 30,000 km)")
    if not np.isfinite(shield_thickness_m) or shield_thickness_m < 0:
        raise ValueError(f"shield_thickness_m must be >= 0 m, got {shield_thickness_m}")


def build_dose_model(
    alt_min_m: float,
    alt_max_m: float,
    shield_thickness_m: float,
    solar: Solar = "max",
    epoch_year: float = 2030,
    *,
    lat_step_deg: float = 4.0,
    lon_step_deg: float = 6.0,
    alt_step_m: float = 75e3,
    saa_drift_deg_per_yr: float = 0.3,
    cache_dir: str | os.PathLike[str] | None = None,
) -> DoseModel:
    """Precompute a dose-rate grid for an altitude band and shield thickness.

    Evaluates AE8/AP8 (``aep8``) on a geodetic latitude × longitude × altitude
    grid and converts the fluxes to dose rate in Si behind a solid aluminium
    sphere of radius ``shield_thickness_m`` (method in the module docstring).
    Results are cached in memory: the field-line tracing (the slow step,
    ~0.3 ms per point and field model) is shared by every shield thickness.

    Parameters
    ----------
    alt_min_m, alt_max_m : float
        Altitude band, m. A band narrower than 1 m is widened to ±alt_step/2.
    shield_thickness_m : float
        Aluminium thickness, m (ρ = 2.70 g/cm³; 1 mm = 0.27 g/cm²).
    solar : {"max", "min", "worst"}
        AE8/AP8 solar phase; "worst" pairs AE8MAX with AP8MIN (the usual
        conservative choice, since AP8MIN fluxes are higher at LEO).
    epoch_year : float
        Year for the SAA westward-drift correction.
    lat_step_deg, lon_step_deg : float
        Grid spacing, degrees (180 and 360 must be multiples of them).
    alt_step_m : float
        Maximum altitude spacing, m.
    saa_drift_deg_per_yr : float
        Westward drift applied from the field-model epoch to ``epoch_year``;
        0 gives the plain AE8/AP8 map.
    cache_dir : path, optional
        Directory for an on-disk cache of the geomagnetic-coordinate grids
        (the slow step); nothing is written when omitted.

    Returns
    -------
    DoseModel

    Notes
    -----
    Build time for a 500–650 km band (3 altitudes, 4° × 6°, solar="max") is
    about 6–9 s on a 2-core machine, almost all of it McIlwain-L tracing in
    IRBEM; "min" and "worst" need one field model and take half that; other
    shield thicknesses for the same band then take milliseconds. The grid is
    read-only (it is shared through the cache).

    References
    ----------
    .. [1] Sawyer & Vette 1976 (AP8); Vette 1991 (AE8).
    .. [2] Seltzer, NIST IR 5477 (SHIELDOSE-2), 1994.
    .. [3] Stassinopoulos, Xapsos & Stauffer, NASA/TM-2015-217547 (SAA drift).
    """
    _validate(alt_min_m, alt_max_m, shield_thickness_m)
    return _build_cached(
        round(float(alt_min_m), 0),
        round(float(alt_max_m), 0),
        round(float(shield_thickness_m), 7),
        str(solar),
        float(epoch_year),
        float(lat_step_deg),
        float(lon_step_deg),
        float(alt_step_m),
        float(saa_drift_deg_per_yr),
        None if cache_dir is None else str(cache_dir),
    )


@functools.lru_cache(maxsize=32)
def _build_cached(
    alt_min_m: float,
    alt_max_m: float,
    shield_thickness_m: float,
    solar: str,
    epoch_year: float,
    lat_step_deg: float,
    lon_step_deg: float,
    alt_step_m: float,
    drift: float,
    cache_dir: str | None,
) -> DoseModel:
    for step, span in ((lat_step_deg, 180.0), (lon_step_deg, 360.0)):
        if step <= 0 or abs(span / step - round(span / step)) > 1e-9:
            raise ValueError(f"grid step {step} deg must divide {span} deg")
    alts = _altitudes(alt_min_m, alt_max_m, alt_step_m)
    alts_t = tuple(float(a) for a in alts)
    x = shield_thickness_m * 100.0 * AL_DENSITY_G_CM3  # g/cm²
    grids = {}
    for particle in ("e", "p"):
        edges, dj = _flux_bins(particle, solar, alts_t, lat_step_deg, lon_step_deg, epoch_year, drift, cache_dir)
        w = _bin_mean_weights(edges, x, particle)
        grids[particle] = np.ascontiguousarray(dj @ w)
    lat, lon = _axes(lat_step_deg, lon_step_deg)
    total = grids["e"] + grids["p"]
    for g in (total, grids["e"], grids["p"]):
        g.setflags(write=False)
    return DoseModel(
        lats=np.radians(lat),
        lons=np.radians(lon),
        alts=alts,
        grid=total,
        grid_electron=grids["e"],
        grid_proton=grids["p"],
        shield_thickness_m=shield_thickness_m,
        solar=solar,
        epoch_year=epoch_year,
        meta={"areal_density_g_cm2": x, "saa_drift_deg_per_yr": drift},
    )


def dose_map(
    alt_m: float,
    shield_thickness_m: float,
    solar: Solar = "max",
    epoch_year: float = 2030,
    *,
    component: str = "total",
    lat_step_deg: float = 4.0,
    lon_step_deg: float = 6.0,
    cache_dir: str | os.PathLike[str] | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Dose-rate map at one altitude, for plots.

    Parameters
    ----------
    alt_m : float
        Altitude, m.
    shield_thickness_m : float
        Aluminium shield thickness, m.
    solar, epoch_year
        As for :func:`build_dose_model`.
    component : {"total", "electron", "proton"}
    lat_step_deg, lon_step_deg : float
        Grid spacing, degrees.
    cache_dir : path, optional
        As for :func:`build_dose_model`.

    Returns
    -------
    lat_deg : (n_lat,) array
    lon_deg : (n_lon,) array
    dose_rate_gy_per_s : (n_lat, n_lon) array
        Dose rate in Si, Gy/s.

    References
    ----------
    .. [1] See :func:`build_dose_model`.
    """
    m = build_dose_model(
        alt_m,
        alt_m,
        shield_thickness_m,
        solar,
        epoch_year,
        lat_step_deg=lat_step_deg,
        lon_step_deg=lon_step_deg,
        cache_dir=cache_dir,
    )
    return m.dose_map(alt_m, component)


# --------------------------------------------------------------------------
# Radiation-induced event rates
# --------------------------------------------------------------------------
RAD_PER_EVENT = {"hbm_uecc": 44.0, "sdc": 17.0, "host_sefi": 425.0, "accelerator_sefi": 5000.0}
"""rad(Si) of 67 MeV protons per event and per chip (host: per chip's share of its host), TPU v6e
(Suncatcher, arXiv:2511.19468): HBM uncorrectable ECC errors 1 per 44 rad (203 events), silent data
corruption 1 per 17 rad (14.4–20), host CPU/RAM functional interrupts 1 per 425 rad (400–450),
accelerator functional interrupts 1 per 5 krad."""


def event_rates_per_gy() -> dict[str, float]:
    """Single-event effect rates per device per Gy(Si), from the Suncatcher TPU beam test.

    Google's Project Suncatcher exposed TPU v6e (Trillium) chips to a 67 MeV
    proton beam and reported, per unit of total ionising dose: HBM
    uncorrectable ECC errors about 1 per 44 rad(Si); silent data corruption
    about 1 per 17 rad (range quoted 14.4–20 rad); host CPU/RAM functional
    interrupts (SEFI) about 1 per 425 rad (400–450 rad); accelerator SEFI
    about 1 per 5 krad. With 1 Gy = 100 rad, events/Gy = 100 / (rad per event).

    These are proton-beam rates per chip (plus host) scaled by dose, which is
    a reasonable proxy for trapped-proton-driven LEO upsets but not for heavy
    ions or solar particle events.

    Returns
    -------
    dict[str, float]
        ``hbm_uecc`` ≈ 2.27, ``sdc`` ≈ 5.88, ``host_sefi`` ≈ 0.235,
        ``accelerator_sefi`` = 0.02 events per device per Gy(Si).

    References
    ----------
    .. [1] Google Research, *Towards a future space-based, highly scalable AI
           infrastructure system design* (Project Suncatcher), arXiv:2511.19468
           (2025); rates as summarised by ARA and J. Watkins (2025).
    """
    return {k: 100.0 / v for k, v in RAD_PER_EVENT.items()}
