"""Ground segment: Ka-band and optical downlinks, contact time, data volume, user latency.

References
----------
.. [1] Friis, H. T., Proc. IRE 34(5), 254–256 (1946).
.. [2] Shannon, C. E., "A mathematical theory of communication", Bell Syst.
       Tech. J. 27, 379–423, 623–656 (1948).
.. [3] ITU-R Recommendation P.618-14, "Propagation data and prediction methods
       required for the design of Earth-space telecommunication systems" (2023):
       rain attenuation exceeded 0.1–1 % of the year at 20–30 GHz.
.. [4] Hemmati, H. (ed.), *Near-Earth Laser Communications*, CRC Press (2009),
       ch. 6 (cloud-free line-of-sight and ground-station site diversity).
.. [5] Tesat Hi-SIDE Ka-band demonstrator: 5 Gbps per transmitter, 10 Gbps
       dual polarisation (hi-side.space, 2021).
.. [6] NASA / MIT Lincoln Laboratory TBIRD: 200 Gbps optical downlink (2023).
.. [7] Vallado, D. A., *Fundamentals of Astrodynamics and Applications*, 4th ed.
       (2013), ch. 3–4 (sidereal time, topocentric elevation).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError
from ..physics.constants import MU_EARTH, R_EARTH
from ..physics.frames import eci_to_ecef
from ..physics.stations import elevation, load_stations

__all__ = [
    "CLOUD_FREE",
    "FIBER_SPEED_M_S",
    "KA_AVAILABILITY",
    "KA_RATE_BPS",
    "OPTICAL_DOWNLINK_BPS",
    "contact_fractions",
    "friis_received_power_w",
    "ground_segment",
    "one_way_latency_s",
    "shannon_capacity_bps",
    "slant_range_m",
]

FloatArray = NDArray[np.float64]

C_LIGHT = 299792458.0
FIBER_SPEED_M_S = 2.0 / 3.0 * C_LIGHT
"""Light speed in silica fibre (group index ≈ 1.47), m/s — the usual 2/3 c."""
KA_RATE_BPS = 10e9
"""Ka-band (26 GHz) downlink per transmitter, dual polarisation (Tesat Hi-SIDE demo), bit/s."""
KA_AVAILABILITY = 0.995
"""Ka-band availability with a few dB of rain margin at a temperate site (estimate from ITU-R P.618)."""
OPTICAL_DOWNLINK_BPS = 200e9
"""Optical downlink rate (NASA TBIRD record, 2023), bit/s."""
TERRESTRIAL_USER_DISTANCE_M = 1.0e6
"""Typical fibre route from a user to a cloud region, m (estimate: ~1,000 km)."""

CLOUD_FREE: dict[str, float] = {
    "ksat-svalbard": 0.3,
    "ksat-troll": 0.5,
    "asf-fairbanks": 0.4,
    "wallops": 0.5,
    "punta-arenas": 0.3,
    "hartebeesthoek": 0.65,
    "dongara": 0.65,
    "awarua": 0.35,
    "inuvik": 0.4,
    "kiruna": 0.35,
    "singapore": 0.25,
    "south-point-hawaii": 0.55,
}
"""Cloud-free line-of-sight probability per station (our estimates from regional cloud
climatology: desert and high-pressure sites ~0.65, maritime and sub-polar ~0.3; low
confidence). Stations not listed use 0.5."""
DEFAULT_CLOUD_FREE = 0.5


def friis_received_power_w(
    tx_power_w: ArrayLike,
    tx_gain_dbi: ArrayLike,
    rx_gain_dbi: ArrayLike,
    frequency_hz: ArrayLike,
    distance_m: ArrayLike,
) -> FloatArray:
    """RF received power by the Friis transmission formula, W.

    .. math:: P_r = P_t G_t G_r \\left(\\frac{\\lambda}{4\\pi d}\\right)^2

    Parameters
    ----------
    tx_power_w : float or array
        Transmit power, W.
    tx_gain_dbi, rx_gain_dbi : float or array
        Antenna gains, dBi.
    frequency_hz : float or array
        Carrier frequency, Hz.
    distance_m : float or array
        Range, m.

    Returns
    -------
    float or array
        W. 10 W, 30 + 50 dBi, 26 GHz, 1,000 km → 10·1e8·(0.01153/1.2566e7)² = 8.42e-10 W.

    References
    ----------
    .. [1] Friis (1946).
    """
    lam = C_LIGHT / np.asarray(frequency_hz, dtype=np.float64)
    g = 10.0 ** ((np.asarray(tx_gain_dbi, dtype=np.float64) + np.asarray(rx_gain_dbi, dtype=np.float64)) / 10.0)
    d = np.asarray(distance_m, dtype=np.float64)
    return np.asarray(np.asarray(tx_power_w, dtype=np.float64) * g * (lam / (4.0 * math.pi * d)) ** 2, dtype=np.float64)


def shannon_capacity_bps(
    received_w: ArrayLike, bandwidth_hz: ArrayLike, noise_temperature_k: ArrayLike, efficiency: ArrayLike = 1.0
) -> FloatArray:
    """Shannon capacity B·log2(1 + P/(kTB)) times an implementation efficiency, bit/s.

    Parameters
    ----------
    received_w : float or array
        Received power, W.
    bandwidth_hz : float or array
        Bandwidth B, Hz.
    noise_temperature_k : float or array
        System noise temperature T, K.
    efficiency : float or array, default 1
        Fraction of the Shannon bound achieved by the modem.

    Returns
    -------
    float or array
        bit/s. P = kTB (SNR = 1) → C = B.

    References
    ----------
    .. [1] Shannon (1948).
    """
    k_b = 1.380649e-23
    b = np.asarray(bandwidth_hz, dtype=np.float64)
    snr = np.asarray(received_w, dtype=np.float64) / (k_b * np.asarray(noise_temperature_k, dtype=np.float64) * b)
    return np.asarray(np.asarray(efficiency, dtype=np.float64) * b * np.log2(1.0 + snr), dtype=np.float64)


def slant_range_m(altitude_m: ArrayLike, elevation_rad: ArrayLike) -> FloatArray:
    """Station-to-satellite range at a given elevation on a spherical Earth, m.

    .. math:: \\rho = \\sqrt{(R+h)^2 - R^2\\cos^2\\varepsilon} - R\\sin\\varepsilon

    Parameters
    ----------
    altitude_m : float or array
        Satellite altitude h, m.
    elevation_rad : float or array
        Elevation ε, rad.

    Returns
    -------
    float or array
        m. ε = 90° → h.

    References
    ----------
    .. [1] Vallado (2013), ch. 11 (visibility geometry).
    """
    h = np.asarray(altitude_m, dtype=np.float64)
    e = np.asarray(elevation_rad, dtype=np.float64)
    r = R_EARTH
    return np.asarray(np.sqrt((r + h) ** 2 - (r * np.cos(e)) ** 2) - r * np.sin(e), dtype=np.float64)


def contact_fractions(
    altitude_m: float,
    inclination_rad: float,
    stations: list[str] | None = None,
    mask_rad: float = math.radians(10.0),
    days: float = 1.0,
    step_s: float = 60.0,
) -> tuple[list[str], FloatArray, float]:
    """Fraction of time a circular-orbit satellite is above each station's elevation mask.

    Propagates a circular orbit (two-body, RAAN 0) for ``days`` and rotates it
    into the Earth-fixed frame by GMST.

    Parameters
    ----------
    altitude_m, inclination_rad : float
        Orbit, m and rad.
    stations : list of str, optional
        Ground-station catalog names (all when omitted).
    mask_rad : float, default 10°
        Elevation mask, rad.
    days, step_s : float
        Span and time step.

    Returns
    -------
    (names, fractions (k,), any_fraction)
        Per-station contact fraction and the fraction in view of at least one station.

    References
    ----------
    .. [1] Vallado (2013), ch. 3–4.
    """
    try:
        st = load_stations(stations)
    except ValueError as exc:
        raise InputError("links.stations", stations, str(exc)) from None
    a = R_EARTH + altitude_m
    n = math.sqrt(MU_EARTH / a**3)
    t = np.arange(0.0, days * 86400.0, step_s)
    u = n * t
    r = np.column_stack(
        [a * np.cos(u), a * np.sin(u) * math.cos(inclination_rad), a * np.sin(u) * math.sin(inclination_rad)]
    )
    jd = 2464328.5 + t / 86400.0  # 2035-01-01 00:00 UT
    el = elevation(eci_to_ecef(r, jd), st)
    vis = el > mask_rad
    return list(st.names), vis.mean(axis=0).astype(np.float64), float(vis.any(axis=1).mean())


def one_way_latency_s(
    path_m: ArrayLike, speed_m_s: ArrayLike = C_LIGHT, hops: ArrayLike = 0, per_hop_s: ArrayLike = 0.0
) -> FloatArray:
    """Propagation plus per-hop switching delay, s.

    Parameters
    ----------
    path_m : float or array
        Path length, m.
    speed_m_s : float or array, default c
        Signal speed (c in vacuum, 2/3 c in fibre).
    hops : float or array, default 0
        Router/switch hops.
    per_hop_s : float or array, default 0
        Delay per hop, s.

    Returns
    -------
    float or array
        s. 1,000 km of fibre → 1e6/(2c/3) = 5.003 ms.

    References
    ----------
    .. [1] Hemmati (2009), ch. 1 (light time); fibre group index ≈ 1.47 (ITU-T G.652).
    """
    return np.asarray(
        np.asarray(path_m, dtype=np.float64) / np.asarray(speed_m_s, dtype=np.float64)
        + np.asarray(hops, dtype=np.float64) * np.asarray(per_hop_s, dtype=np.float64),
        dtype=np.float64,
    )


def ground_segment(
    altitude_m: float,
    inclination_rad: float,
    stations: list[str] | None = None,
    mask_rad: float = math.radians(10.0),
    cluster_hops: float = 0.0,
    cluster_delay_s: float = 0.0,
) -> dict[str, Any]:
    """Per-station downlink volume per day (Ka and optical) and latency to users.

    Parameters
    ----------
    altitude_m, inclination_rad : float
        Orbit.
    stations : list of str, optional
        Station names (all catalog stations when omitted).
    mask_rad : float
        Elevation mask, rad.
    cluster_hops, cluster_delay_s : float
        Extra hops and delay inside the cluster to reach the downlinking satellite.

    Returns
    -------
    dict
        ``stations``: list of rows (name, contact fraction, minutes/day, Ka TB/day,
        optical TB/day, cloud-free probability); ``contact_fraction_any``; the
        latency figures ``latency_zenith_s``, ``latency_mask_s`` (one way, to the
        user over 1,000 km of fibre from the station) and ``terrestrial_latency_s``.

    References
    ----------
    .. [1] ITU-R P.618 (Ka availability); Hemmati (2009), ch. 6 (cloud-free LOS).
    """
    names, frac, any_frac = contact_fractions(altitude_m, inclination_rad, stations, mask_rad)
    rows: list[dict[str, Any]] = []
    for name, f in zip(names, frac, strict=True):
        clear = CLOUD_FREE.get(name, DEFAULT_CLOUD_FREE)
        seconds = float(f) * 86400.0
        rows.append(
            {
                "station": name,
                "contact_fraction": float(f),
                "contact_minutes_per_day": seconds / 60.0,
                "ka_tb_per_day": seconds * KA_RATE_BPS * KA_AVAILABILITY / 8e12,
                "optical_tb_per_day": seconds * OPTICAL_DOWNLINK_BPS * clear / 8e12,
                "cloud_free": clear,
            }
        )
    backhaul = float(one_way_latency_s(TERRESTRIAL_USER_DISTANCE_M, FIBER_SPEED_M_S))
    zenith = float(one_way_latency_s(altitude_m)) + cluster_delay_s + backhaul
    at_mask = float(one_way_latency_s(slant_range_m(altitude_m, mask_rad))) + cluster_delay_s + backhaul
    return {
        "stations": rows,
        "contact_fraction_any": any_frac,
        # one downlink terminal talks to one station at a time: cap at the time in view of any station
        "ka_tb_per_day": any_frac * 86400.0 * KA_RATE_BPS * KA_AVAILABILITY / 8e12,
        "optical_tb_per_day": min(
            sum(r["optical_tb_per_day"] for r in rows), any_frac * 86400.0 * OPTICAL_DOWNLINK_BPS / 8e12
        ),
        "latency_zenith_s": zenith,
        "latency_mask_s": at_mask,
        "cluster_hops": cluster_hops,
        "terrestrial_latency_s": backhaul,
    }
