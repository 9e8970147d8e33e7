"""Deployment over time: launch campaigns, launch pricing and compute online by year.

An orbital data center is limited by how fast and how cheaply its mass reaches
orbit; a terrestrial one by permits, construction and the grid's queue.
:func:`deploy` answers "how much compute is online, and at what cost, in each
year" for both sides of a design.

>>> from skyrack.deploy import deploy
>>> timeline = deploy("suncatcher")
>>> int(timeline.campaign.initial_launches)
2
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_package

if TYPE_CHECKING:  # the lazy names, re-exported explicitly for type checkers (PEP 484: X as X)
    from .campaign import (
        Campaign as Campaign,
        campaign_inputs as campaign_inputs,
        launch_cadence as launch_cadence,
        retirement_delay as retirement_delay,
        schedule as schedule,
    )
    from .ground import (
        first_power_time as first_power_time,
        ground_power_online as ground_power_online,
        ground_power_yearly as ground_power_yearly,
    )
    from .pricing import (
        AT_COST_FIELDS as AT_COST_FIELDS,
        LaunchPricing as LaunchPricing,
        at_cost_per_flight as at_cost_per_flight,
        launch_pricing as launch_pricing,
        learning_multipliers as learning_multipliers,
    )
    from .settings import Deployment as Deployment, parse_deployment as parse_deployment, settings_for as settings_for
    from .timeline import (
        Timeline as Timeline,
        compare_pricing as compare_pricing,
        deploy as deploy,
        discount_factors as discount_factors,
        discounted_cost_per_output as discounted_cost_per_output,
        year_reached as year_reached,
    )

__getattr__, __dir__, __all__ = lazy_package(
    __name__,
    {
        ".campaign": "Campaign campaign_inputs launch_cadence retirement_delay schedule",
        ".ground": "first_power_time ground_power_online ground_power_yearly",
        ".pricing": "AT_COST_FIELDS LaunchPricing at_cost_per_flight launch_pricing learning_multipliers",
        ".settings": "Deployment parse_deployment settings_for",
        ".timeline": "Timeline compare_pricing deploy discount_factors discounted_cost_per_output year_reached",
    },
)
