"""Optical inter-satellite link budget: Gaussian beams, near and far field, photons per bit.

The transmitter launches a Gaussian beam of waist w₀ = D_t/(2·1.12) (the
truncation ratio that maximises far-field on-axis gain [3]_); its radius grows
as w(d) = w₀√(1 + (d/z_R)²), z_R = πw₀²/λ. A receiver of diameter D_r collects
the fraction 1 − exp(−2a²/w²), a = D_r/2 [1]_. Far beyond z_R this is
2a²/w² ∝ 1/d² — the Friis law with optical antenna gains (πD/λ)² [2]_ — and in
the near field it saturates at the whole beam. Pointing jitter σ (per axis, rad)
displaces the beam by σ·d; averaged over a 2-D Gaussian jitter the loss is
1/(1 + 4σ²d²/w²) [1]_.

Capacity: each of N_ch DWDM channels gets P_r/N_ch and carries at most
P_r/(N_ch·N_ppb·hc/λ) bit/s, capped at its line rate; independent spatial modes
multiply it, limited by the number of communication modes ≈ A_t·A_r/(λd)² [4]_.

References
----------
.. [1] Hemmati, H. (ed.), *Near-Earth Laser Communications*, CRC Press (2009),
       ch. 1–2 (link equation, pointing loss, photons per bit).
.. [2] Friis, H. T., "A note on a simple transmission formula", Proc. IRE 34(5),
       254–256 (1946).
.. [3] Klein, B. J. & Degnan, J. J., "Optical antenna gain. 1: Transmitting
       antennas", Applied Optics 13(9), 2134–2141 (1974).
.. [4] Miller, D. A. B., "Communicating with waves between volumes",
       Applied Optics 39(11), 1681–1699 (2000).
.. [5] Gagliardi, R. M. & Karp, S., *Optical Communications*, 2nd ed., Wiley
       (1995), ch. 4 (photon-counting receivers, photons per bit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError
from ..physics._arrays import _f

__all__ = [
    "TRUNCATION_RATIO",
    "Terminal",
    "capacity_bps",
    "fresnel_distance_m",
    "load_terminals",
    "received_power_w",
    "spatial_modes",
    "terminal",
]

FloatArray = NDArray[np.float64]

H_PLANCK = 6.62607015e-34
"""Planck constant, J·s (SI 2019, exact)."""
C_LIGHT = 299792458.0
"""Speed of light in vacuum, m/s (exact)."""
TRUNCATION_RATIO = 1.12
"""Aperture radius / Gaussian waist that maximises far-field gain (Klein & Degnan 1974)."""

TERMINALS_FILE = Path(__file__).with_name("optical_terminals.yaml")


def fresnel_distance_m(aperture_m: ArrayLike, wavelength_m: ArrayLike) -> FloatArray:
    """Fresnel distance D²/λ: beyond it the link is in the far field, m.

    Parameters
    ----------
    aperture_m : float or array
        Aperture diameter D, m.
    wavelength_m : float or array
        Wavelength λ, m.

    Returns
    -------
    float or array
        m. D = 10 cm, λ = 1,550 nm → 6,452 m.

    References
    ----------
    .. [1] Hemmati (2009), ch. 2.
    """
    return np.asarray(_f(aperture_m) ** 2 / _f(wavelength_m), dtype=np.float64)


def received_power_w(
    distance_m: ArrayLike,
    tx_power_w: ArrayLike,
    wavelength_m: ArrayLike,
    tx_aperture_m: ArrayLike,
    rx_aperture_m: ArrayLike,
    pointing_jitter_rad: ArrayLike = 0.0,
    optics_efficiency: ArrayLike = 1.0,
) -> FloatArray:
    """Power collected by the receiver aperture, W (near and far field).

    .. math:: P_r = P_t\\,\\eta\\,\\eta_{trunc}\\,[1 - e^{-2a^2/w(d)^2}]\\,
              \\frac{1}{1 + 4\\sigma^2 d^2/w(d)^2}

    Parameters
    ----------
    distance_m : float or array
        Link distance d, m (> 0).
    tx_power_w : float or array
        Transmit optical power P_t, W.
    wavelength_m : float or array
        Wavelength λ, m.
    tx_aperture_m, rx_aperture_m : float or array
        Transmit and receive aperture diameters, m.
    pointing_jitter_rad : float or array, default 0
        RMS pointing jitter per axis σ, rad.
    optics_efficiency : float or array, default 1
        Transmit × receive optics throughput η.

    Returns
    -------
    float or array
        W. Far field (d ≫ z_R, no jitter): P_t·η_trunc·π²D_r²w₀²/(2λ²d²), i.e. 1/d².

    References
    ----------
    .. [1] Hemmati (2009), ch. 2; [2] Friis (1946); [3] Klein & Degnan (1974).
    """
    d = _f(distance_m)
    if np.any(~(d > 0)):
        raise InputError("distance", distance_m, "positive distances in m")
    lam = _f(wavelength_m)
    w0 = _f(tx_aperture_m) / (2.0 * TRUNCATION_RATIO)
    trunc = 1.0 - math.exp(-2.0 * TRUNCATION_RATIO**2)
    z_r = np.pi * w0**2 / lam
    w2 = w0**2 * (1.0 + (d / z_r) ** 2)
    a = _f(rx_aperture_m) / 2.0
    collected = -np.expm1(-2.0 * a**2 / w2)
    pointing = 1.0 / (1.0 + 4.0 * _f(pointing_jitter_rad) ** 2 * d**2 / w2)
    return np.asarray(_f(tx_power_w) * _f(optics_efficiency) * trunc * collected * pointing, dtype=np.float64)


def spatial_modes(
    distance_m: ArrayLike, wavelength_m: ArrayLike, tx_aperture_m: ArrayLike, rx_aperture_m: ArrayLike
) -> FloatArray:
    """Number of usable communication modes ≈ A_t·A_r/(λd)², at least 1.

    Parameters
    ----------
    distance_m, wavelength_m, tx_aperture_m, rx_aperture_m : float or array
        Distance, wavelength and aperture diameters, m.

    Returns
    -------
    float or array
        Mode count (floor, ≥ 1). D = 10 cm, λ = 1.55 µm, d = 1 km → ⌊25.7⌋ = 25.

    References
    ----------
    .. [1] Miller, Applied Optics 39(11), 1681–1699 (2000).
    """
    at = np.pi * _f(tx_aperture_m) ** 2 / 4.0
    ar = np.pi * _f(rx_aperture_m) ** 2 / 4.0
    n = at * ar / (_f(wavelength_m) * _f(distance_m)) ** 2
    return np.asarray(np.maximum(np.floor(n), 1.0), dtype=np.float64)


def capacity_bps(
    received_w: ArrayLike,
    wavelength_m: ArrayLike,
    photons_per_bit: ArrayLike,
    channels: ArrayLike = 1,
    channel_rate_bps: ArrayLike = np.inf,
    modes: ArrayLike = 1,
) -> FloatArray:
    """Link capacity from the photon budget, bit/s.

    .. math:: C = M\\,N_{ch}\\,\\min\\left(\\frac{P_r/N_{ch}}{N_{ppb}\\,hc/\\lambda},
              R_{ch}\\right)

    Parameters
    ----------
    received_w : float or array
        Received power per mode, W.
    wavelength_m : float or array
        Wavelength, m.
    photons_per_bit : float or array
        Receiver sensitivity N_ppb, photons per bit.
    channels : float or array, default 1
        DWDM channels N_ch (the received power is shared among them).
    channel_rate_bps : float or array, default inf
        Line rate per channel R_ch, bit/s.
    modes : float or array, default 1
        Spatial modes M, each with its own power budget.

    Returns
    -------
    float or array
        bit/s. 1 µW at 1,550 nm, 10 photons/bit → 1e-6/(10·1.2816e-19) = 7.80e11.

    References
    ----------
    .. [1] Gagliardi & Karp (1995), ch. 4; [2] Hemmati (2009), ch. 1.
    """
    photon_j = H_PLANCK * C_LIGHT / _f(wavelength_m)
    ch = _f(channels)
    per = _f(received_w) / ch / (_f(photons_per_bit) * photon_j)
    return np.asarray(_f(modes) * ch * np.minimum(per, _f(channel_rate_bps)), dtype=np.float64)


@dataclass(frozen=True)
class Terminal:
    """An optical terminal's link-budget parameters (SI units), from the catalog."""

    name: str
    wavelength_m: float
    tx_aperture_m: float
    rx_aperture_m: float
    tx_power_w: float
    pointing_jitter_rad: float
    optics_efficiency: float
    photons_per_bit: float
    channels: float
    channel_rate_bps: float
    modes: float
    rated_rate_bps: float
    rated_distance_m: float
    mass_kg: float = math.nan

    def received_power_w(self, distance_m: ArrayLike) -> FloatArray:
        """Received power at ``distance_m`` for one mode, W (see :func:`received_power_w`)."""
        return received_power_w(
            distance_m,
            self.tx_power_w,
            self.wavelength_m,
            self.tx_aperture_m,
            self.rx_aperture_m,
            self.pointing_jitter_rad,
            self.optics_efficiency,
        )

    def capacity_bps(self, distance_m: ArrayLike, modes: float | None = None) -> FloatArray:
        """Capacity at ``distance_m``, bit/s, with up to ``modes`` spatial modes (default: the terminal's).

        The mode count is capped by :func:`spatial_modes` at each distance.
        """
        m = self.modes if modes is None else modes
        usable = np.minimum(m, spatial_modes(distance_m, self.wavelength_m, self.tx_aperture_m, self.rx_aperture_m))
        return capacity_bps(
            self.received_power_w(distance_m),
            self.wavelength_m,
            self.photons_per_bit,
            self.channels,
            self.channel_rate_bps,
            usable,
        )

    def margin_db(self, distance_m: ArrayLike) -> FloatArray:
        """Power margin over what the full line rate needs, dB (≥ 0: the line rate closes)."""
        need = self.channels * self.channel_rate_bps * self.photons_per_bit * H_PLANCK * C_LIGHT / self.wavelength_m
        return np.asarray(10.0 * np.log10(self.received_power_w(distance_m) / need), dtype=np.float64)


_FIELDS = {
    "wavelength": "wavelength_m",
    "tx_aperture": "tx_aperture_m",
    "rx_aperture": "rx_aperture_m",
    "tx_power": "tx_power_w",
    "pointing_jitter": "pointing_jitter_rad",
    "optics_efficiency": "optics_efficiency",
    "photons_per_bit": "photons_per_bit",
    "channels": "channels",
    "channel_rate": "channel_rate_bps",
    "modes": "modes",
    "rated_rate": "rated_rate_bps",
    "rated_distance": "rated_distance_m",
    "mass": "mass_kg",
}


@cache
def load_terminals() -> dict[str, Terminal]:
    """Every catalog terminal by name (``optical_terminals.yaml``, loaded with the sourced-record loader)."""
    from ..catalog import Catalog

    cat = Catalog.load([TERMINALS_FILE])
    out: dict[str, Terminal] = {}
    for name, entry in cat.entries("optical_terminals").items():
        kwargs = {attr: float(entry[key]) for key, attr in _FIELDS.items() if key in entry.records}
        out[name] = Terminal(name=name, **kwargs)
    return out


def terminal(name: str) -> Terminal:
    """One catalog terminal; an unknown name raises :class:`InputError` listing the valid ones."""
    terms = load_terminals()
    if name not in terms:
        raise InputError("links.terminal", name, "allowed: " + ", ".join(sorted(terms)))
    return terms[name]
