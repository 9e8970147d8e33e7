"""What the radiation does to the accelerators: mission dose, margins, error budgets, failures.

From the orbit-averaged environment of :mod:`skyrack.physics.orbit_dose`:

* the mission dose, with the solar cycle: AE8/AP8 solar-maximum rates for the
  active years of each 11-year cycle, solar-minimum rates for the rest
  (:func:`solar_max_fraction`, :func:`mission_dose_rate`);
* margins to the accelerator's total-ionising-dose thresholds, as the ratio
  (radiation design margin) and the headroom in krad (:func:`dose_margin`);
* single-event errors per accelerator-year, from cross-sections measured in a
  67 MeV proton beam and the orbit's 67-MeV-equivalent proton flux
  (:func:`events_per_year`), and the work done between two of them
  (:func:`work_between_events`);
* how the dose raises the permanent failure rate: a log-normal distribution
  of the dose at which a part fails (:func:`tid_failure_probability`,
  :func:`tid_failure_rate`).

References
----------
.. [1] B. Agüera y Arcas et al. (Google), *Towards a future space-based, highly
       scalable AI infrastructure system design* (Project Suncatcher),
       arXiv:2511.19468, 2025: TPU v6e in a 67 MeV proton beam.
.. [2] ECSS-E-ST-10-04C Rev. 1, *Space environment*, 2020, sec. 9 (solar cycle:
       7 active years of 11).
.. [3] J. Feynman et al., "Interplanetary proton fluence model: JPL 1991",
       *J. Geophys. Res.* 98(A8), 13281–13294, 1993 (active years from 2.5 before
       to 4.5 after the sunspot maximum).
.. [4] ECSS-Q-ST-60-15C, *Radiation hardness assurance – EEE components*, 2012
       (radiation design margin = failure level / mission dose).
.. [5] A. I. Namenson, "Hardness assurance and overtesting", *IEEE Trans. Nucl.
       Sci.* 29(6), 1821–1826, 1982 (log-normal failure doses).
.. [6] A. Grattafiori et al. (Meta), *The Llama 3 herd of models*,
       arXiv:2407.21783, 2024, table 5 (terrestrial HBM interruptions).
.. [7] M. Abramowitz, I. A. Stegun, *Handbook of Mathematical Functions*, NBS, 1964, eq. 26.2.29
       (the normal distribution from the complementary error function).
"""

from __future__ import annotations

import functools
import math

import numpy as np
import numpy.typing as npt

from ._arrays import Floats, _f, _out, _where
from .constants import YEAR_S
from .radiation import RAD_PER_EVENT, proton_fluence_per_rad

__all__ = [
    "CYCLE_25_MAXIMUM",
    "GROUND_HBM_INTERRUPTS_PER_YEAR",
    "REQUIRED_DESIGN_MARGIN",
    "SOLAR_CYCLE_YEARS",
    "TID_SIGMA_LN",
    "dose_margin",
    "error_budget",
    "events_per_year",
    "mission_dose_rate",
    "normal_cdf",
    "solar_max_fraction",
    "tid_failure_probability",
    "tid_failure_rate",
    "work_between_events",
]

FloatArray = npt.NDArray[np.float64]

SOLAR_CYCLE_YEARS = 11.0
"""Length of the solar cycle, years [2]."""
CYCLE_25_MAXIMUM = 2024.8
"""Sunspot maximum of cycle 25, decimal year: NASA/NOAA Solar Cycle Prediction Panel, October 2024."""
_ACTIVE_BEFORE, _ACTIVE_YEARS = 2.5, 7.0  # years of solar maximum conditions, from 2.5 before the peak [2], [3]

REQUIRED_DESIGN_MARGIN = 2.0
"""Radiation design margin (failure dose / mission dose) commonly required for TID [4]."""
TID_SIGMA_LN = 0.5
"""Spread of ln(failure dose) between parts: an assumption (one chip has been tested); a log-normal is the
usual model for part-to-part TID failure levels [5]."""
GROUND_HBM_INTERRUPTS_PER_YEAR = 72.0 / (16384 * 54.0 / 365.25)
"""Job interruptions attributed to HBM3 per GPU-year on the ground: 72 on 16,384 H100s in 54 days [6]."""


@functools.cache
def _beam_fluence_per_rad() -> float:
    return float(proton_fluence_per_rad())


def solar_max_fraction(start_year: npt.ArrayLike, lifetime_yr: npt.ArrayLike) -> Floats:
    """Fraction of a mission spent in solar-maximum years.

    Each 11-year cycle has 7 active years, from 2.5 years before the sunspot
    maximum to 4.5 after; cycle 25 peaked in late 2024 (:data:`CYCLE_25_MAXIMUM`)
    and later maxima follow every 11 years. The active time up to t is
    A(t) = 7 ⌊τ/11⌋ + min(τ mod 11, 7) with τ = t − (t_max − 2.5), and the
    fraction is (A(t0 + L) − A(t0))/L.

    Parameters
    ----------
    start_year : array_like
        Start of the mission, decimal year (2035.0 is 1 January 2035).
    lifetime_yr : array_like
        Mission length, years (> 0).

    Returns
    -------
    float or numpy.ndarray
        Fraction 0–1 of the mission at solar maximum.

    References
    ----------
    .. [1] ECSS-E-ST-10-04C Rev. 1 (2020), sec. 9; Feynman et al. (1993).

    Examples
    --------
    >>> # 2030–2035: active from 2033.3 (cycle 26 peaks 2035.8) -> 1.7 of 5 years
    >>> round(float(solar_max_fraction(2030.0, 5.0)), 2)
    0.34
    """

    def active(t: FloatArray) -> FloatArray:
        tau = t - (CYCLE_25_MAXIMUM - _ACTIVE_BEFORE)
        return _ACTIVE_YEARS * np.floor(tau / SOLAR_CYCLE_YEARS) + np.minimum(np.mod(tau, SOLAR_CYCLE_YEARS), 7.0)

    t0, life = _f(start_year), _f(lifetime_yr)
    return _out((active(t0 + life) - active(t0)) / life)


def mission_dose_rate(rate_min: npt.ArrayLike, rate_max: npt.ArrayLike, max_fraction: npt.ArrayLike) -> Floats:
    """Mission-average dose rate (or flux) from the solar-minimum and solar-maximum models.

    f Ḋ_max + (1 − f) Ḋ_min: AE8/AP8 give one environment for each phase
    (trapped protons in low orbit are fewer at solar maximum, when the
    heated atmosphere removes them; trapped electrons more).

    Parameters
    ----------
    rate_min, rate_max : array_like
        Rate at solar minimum and maximum, any unit.
    max_fraction : array_like
        Fraction of the mission at solar maximum (:func:`solar_max_fraction`).

    Returns
    -------
    float or numpy.ndarray
        Mission-average rate, in the unit of the inputs.

    References
    ----------
    .. [1] Sawyer & Vette (1976), AP-8 MIN and MAX; Vette (1991), AE-8.
    """
    f = _f(max_fraction)
    return _out(f * _f(rate_max) + (1.0 - f) * _f(rate_min))


def dose_margin(mission_dose: npt.ArrayLike, threshold: npt.ArrayLike) -> tuple[Floats, Floats]:
    """Radiation design margin and headroom to a total-ionising-dose threshold.

    Parameters
    ----------
    mission_dose : array_like
        Dose over the mission, any dose unit (krad(Si) in the design).
    threshold : array_like
        The part's threshold in the same unit (first anomaly or tolerance);
        NaN when the part has not been tested.

    Returns
    -------
    margin : float or numpy.ndarray
        threshold / mission dose (≥ :data:`REQUIRED_DESIGN_MARGIN` is the
        usual requirement); inf for no dose, NaN without a threshold.
    headroom : float or numpy.ndarray
        threshold − mission dose, negative once the threshold is crossed.

    References
    ----------
    .. [1] ECSS-Q-ST-60-15C (2012), radiation design margin.

    Examples
    --------
    >>> margin, headroom = dose_margin(5.0, 15.0)
    >>> float(margin), float(headroom)
    (3.0, 10.0)
    """
    dose, limit = _f(mission_dose), _f(threshold)
    with np.errstate(divide="ignore", invalid="ignore"):
        margin = _where(dose > 0.0, limit / _where(dose > 0.0, dose, 1.0), _where(np.isnan(limit), np.nan, np.inf))
    return _out(margin), _out(limit - dose)


def events_per_year(flux_67mev: npt.ArrayLike, rad_per_event: npt.ArrayLike) -> Floats:
    """Single-event rate in orbit from a beam test that gave one event per so many rad.

    The test fixes the cross-section, σ = 1 / (rad per event × Φ₁), with Φ₁
    the fluence of 67 MeV protons per rad(Si) (:func:`~skyrack.physics.radiation.proton_fluence_per_rad`);
    in orbit the rate is σ times the 67-MeV-equivalent proton flux behind
    the shield (trapped protons only; heavy ions and solar events are not
    counted). Scaling events by dose instead would count electrons and slow
    protons, which deposit dose but hardly upset HBM or logic.

    Parameters
    ----------
    flux_67mev : array_like
        Orbit-averaged 67-MeV-equivalent proton flux, cm⁻² s⁻¹.
    rad_per_event : array_like
        rad(Si) of 67 MeV protons per event in the beam test
        (:data:`~skyrack.physics.radiation.RAD_PER_EVENT`).

    Returns
    -------
    float or numpy.ndarray
        Events per device-year.

    References
    ----------
    .. [1] Agüera y Arcas et al. (2025), arXiv:2511.19468 (Suncatcher beam test).
    .. [2] Bendel & Petersen (1983): proton upset rate = σ × flux.

    Examples
    --------
    >>> # 1 per 44 rad: σ = 1/(44 × 7.91e6) = 2.87e-9 cm²; × 10 /cm²/s × 3.156e7 s = 0.91 per year
    >>> round(float(events_per_year(10.0, 44.0)), 2)
    0.91
    """
    sigma = 1.0 / (_f(rad_per_event) * _beam_fluence_per_rad())
    return _out(sigma * _f(flux_67mev) * YEAR_S)


def error_budget(flux_67mev: npt.ArrayLike, accelerators_per_unit: npt.ArrayLike = 1.0) -> dict[str, Floats]:
    """Uncorrectable memory errors, silent data corruptions and functional interrupts per accelerator-year.

    Rates per chip from the Suncatcher beam test (:data:`~skyrack.physics.radiation.RAD_PER_EVENT`);
    functional interrupts add the accelerator's own and its share of the
    host's (one host per purchasable unit).

    Parameters
    ----------
    flux_67mev : array_like
        67-MeV-equivalent proton flux, cm⁻² s⁻¹.
    accelerators_per_unit : array_like
        Accelerators sharing one host.

    Returns
    -------
    dict
        ``uncorrectable``, ``sdc``, ``interrupts``: events per accelerator-year.

    References
    ----------
    .. [1] Agüera y Arcas et al. (2025), arXiv:2511.19468.
    """
    return {
        "uncorrectable": events_per_year(flux_67mev, RAD_PER_EVENT["hbm_uecc"]),
        "sdc": events_per_year(flux_67mev, RAD_PER_EVENT["sdc"]),
        "interrupts": _out(
            events_per_year(flux_67mev, RAD_PER_EVENT["accelerator_sefi"])
            + events_per_year(flux_67mev, RAD_PER_EVENT["host_sefi"]) / _f(accelerators_per_unit)
        ),
    }


def work_between_events(events_per_yr: npt.ArrayLike, work_per_s: npt.ArrayLike) -> Floats:
    """Mean work done between two events: throughput × mean time between them.

    Parameters
    ----------
    events_per_yr : array_like
        Events per device-year.
    work_per_s : array_like
        Work per second of the device: FLOP/s, inferences/s or training steps/s.

    Returns
    -------
    float or numpy.ndarray
        Work between events, in the unit of ``work_per_s`` × s; inf without events.

    References
    ----------
    .. [1] Agüera y Arcas et al. (2025): "about one uncorrectable error per ten
           million inferences" at one inference a second.

    Examples
    --------
    >>> round(float(work_between_events(3.4, 1.0)) / 1e6, 1)  # inferences at 1/s, 3.4 events/yr
    9.3
    """
    rate = _f(events_per_yr)
    with np.errstate(divide="ignore"):
        return _out(_where(rate > 0.0, _f(work_per_s) * YEAR_S / _where(rate > 0.0, rate, 1.0), np.inf))


def tid_failure_probability(
    dose: npt.ArrayLike, median_failure_dose: npt.ArrayLike, sigma_ln: npt.ArrayLike = TID_SIGMA_LN
) -> Floats:
    """Probability that a part has failed permanently after a total ionising dose.

    Failure doses are log-normal across parts: P(D) = Φ((ln D − ln D₅₀)/σ),
    Φ the standard normal distribution. skyrack takes D₅₀ at the dose the
    part was tested to without hard failure (the catalog's tolerance; a
    single surviving chip bounds the median from below, so this errs on the
    side of failure) and σ = :data:`TID_SIGMA_LN`.

    Parameters
    ----------
    dose : array_like
        Accumulated dose, any unit.
    median_failure_dose : array_like
        Median failure dose D₅₀ in the same unit (NaN: untested, NaN result).
    sigma_ln : array_like
        Standard deviation of ln(failure dose).

    Returns
    -------
    float or numpy.ndarray
        Probability 0–1.

    References
    ----------
    .. [1] Namenson (1982), log-normal distribution of failure doses.

    Examples
    --------
    >>> # 5 krad against D50 = 15 krad, σ = 0.5: Φ(ln(1/3)/0.5) = Φ(−2.197) = 0.014
    >>> round(float(tid_failure_probability(5.0, 15.0)), 3)
    0.014
    """
    d, d50 = _f(dose), _f(median_failure_dose)
    with np.errstate(divide="ignore"):
        z = (np.log(np.maximum(d, 0.0)) - np.log(d50)) / _f(sigma_ln)
    return _out(normal_cdf(z))


_ERFC = np.frompyfunc(math.erfc, 1, 1)
_SQRT_HALF = math.sqrt(0.5)
COMPILED_FROM = 8192
"""Arrays of at least this many numbers take the compiled pass (a design and its parity scan never load numba)."""


def normal_cdf(z: npt.ArrayLike) -> FloatArray:
    """The standard normal distribution Φ(z) = erfc(−z/√2)/2 [7]_, from the C library's ``erfc``.

    The same function for one number and for an array (one design gives the bits of its row in a
    batch), without importing ``scipy.special`` at every command's start (about 0.18 s). Arrays of
    :data:`COMPILED_FROM` numbers or more take a compiled pass of the same ``erfc``
    (:mod:`skyrack.physics._normal_kernel`).

    Examples
    --------
    >>> # Φ(0) = 1/2; Φ(1.959964) = 0.975 (the two-sided 95 % point)
    >>> float(normal_cdf(0.0)), round(float(normal_cdf(1.959964)), 6)
    (0.5, 0.975)
    """
    x = np.asarray(z, dtype=float)
    if x.ndim == 0:
        return np.float64(0.5 * math.erfc(-float(x) * _SQRT_HALF))  # type: ignore[return-value]
    if x.size >= COMPILED_FROM:
        from ._normal_kernel import normal_cdf_kernel

        flat = np.ascontiguousarray(x).reshape(-1)
        out = np.empty(flat.shape)
        normal_cdf_kernel(flat, _SQRT_HALF, out)
        return out.reshape(x.shape)
    return 0.5 * np.asarray(_ERFC(-x * _SQRT_HALF), dtype=float)


def tid_failure_rate(
    dose_rate_per_yr: npt.ArrayLike,
    lifetime_yr: npt.ArrayLike,
    median_failure_dose: npt.ArrayLike,
    sigma_ln: npt.ArrayLike = TID_SIGMA_LN,
) -> Floats:
    """Mean annual rate of permanent failures caused by dose over a mission.

    The constant rate with the same survival over the mission:
    λ = −ln(1 − P(Ḋ L))/L, with P from :func:`tid_failure_probability`. It
    adds to the random (terrestrial-like) failure rate; it is near zero while
    the dose is well below D₅₀ and grows steeply as the mission dose nears it.

    Parameters
    ----------
    dose_rate_per_yr : array_like
        Dose rate, dose unit per year.
    lifetime_yr : array_like
        Mission length, years (> 0).
    median_failure_dose : array_like
        D₅₀, same dose unit.
    sigma_ln : array_like
        Standard deviation of ln(failure dose).

    Returns
    -------
    float or numpy.ndarray
        Failures per part-year averaged over the mission.

    References
    ----------
    .. [1] Namenson (1982); ECSS-Q-ST-60-15C (2012).

    Examples
    --------
    >>> # 1 krad/yr for 5 years against D50 = 15 krad: P = 0.014 -> λ = 0.0028 per year
    >>> round(float(tid_failure_rate(1.0, 5.0, 15.0)), 4)
    0.0028
    """
    life = _f(lifetime_yr)
    p = tid_failure_probability(_f(dose_rate_per_yr) * life, median_failure_dose, sigma_ln)
    return _out(-np.log1p(-np.minimum(p, 1.0 - 1e-16)) / life)
