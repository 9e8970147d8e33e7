"""Physical constants used across skyrack, in SI units, with their sources.

References
----------
.. [1] CODATA 2018 recommended values (Tiesinga et al., Rev. Mod. Phys. 93, 025010, 2021).
.. [2] IERS Conventions (2010), Technical Note 36, table 1.1 (GM).
.. [3] F. G. Lemoine et al., *The Development of the Joint NASA GSFC and NIMA Geopotential
       Model EGM96*, NASA/TP-1998-206861, 1998 (unnormalised zonal harmonics J2, J3, as
       tabulated by Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed.,
       2013, appendix D).
.. [4] Kopp & Lean, "A new, lower value of total solar irradiance", GRL 38, L01706, 2011.
.. [5] IAU 2015 Resolution B3 (nominal solar radius); IAU 2012 Resolution B2 (astronomical unit).
.. [6] National Imagery and Mapping Agency, *Department of Defense World Geodetic System 1984*,
       NIMA TR8350.2, 3rd ed., 2000, table 3.1 (a = 6,378,137 m, 1/f = 298.257223563).
"""

SIGMA = 5.670374419e-8
"""Stefan–Boltzmann constant, W m^-2 K^-4 [1]."""

MU_EARTH = 3.986004418e14
"""Earth's gravitational parameter GM, m^3 s^-2 [2]."""

R_EARTH = 6378137.0
"""Earth's equatorial radius, the semi-major axis of the WGS-84 ellipsoid, m [6]."""

WGS84_FLATTENING = 1.0 / 298.257223563
"""Flattening f of the WGS-84 ellipsoid, dimensionless [6]; its semi-major axis is R_EARTH."""

J2 = 1.08262668e-3
"""Earth's second zonal harmonic (unnormalised), dimensionless [3]."""

J3 = -2.53265649e-6
"""Earth's third zonal harmonic (unnormalised), dimensionless [3]."""

J3 = -2.53265649e-6
"""Earth's third zonal harmonic, dimensionless (WGS-72/SGP4 and Vallado appendix D value) [3]."""

SOLAR_CONSTANT = 1361.0
"""Mean total solar irradiance at 1 AU, W m^-2 [4]."""

AU = 1.495978707e11
"""Astronomical unit, m [5]."""

R_SUN = 6.957e8
"""Nominal solar radius, m [5]."""

DAY_S = 86400.0
"""Mean solar day, s."""

YEAR_S = 365.25 * DAY_S
"""Julian year, s."""

TROPICAL_YEAR_DAYS = 365.2421897
"""Tropical year, days (Vallado 2013, sec. 3.5); the Sun's mean motion in right ascension."""

G0 = 9.80665
"""Standard gravity, m s^-2 (CGPM 1901)."""
