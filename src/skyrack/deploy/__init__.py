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

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .campaign import Campaign, campaign_inputs, launch_cadence, retirement_delay, schedule
    from .ground import first_power_time, ground_power_online, ground_power_yearly
    from .pricing import AT_COST_FIELDS, LaunchPricing, at_cost_per_flight, launch_pricing, learning_multipliers
    from .settings import Deployment, parse_deployment, settings_for
    from .timeline import Timeline, compare_pricing, deploy, discount_factors, discounted_cost_per_output, year_reached

_EXPORTS = {
    "Campaign": ".campaign",
    "campaign_inputs": ".campaign",
    "launch_cadence": ".campaign",
    "retirement_delay": ".campaign",
    "schedule": ".campaign",
    "first_power_time": ".ground",
    "ground_power_online": ".ground",
    "ground_power_yearly": ".ground",
    "AT_COST_FIELDS": ".pricing",
    "LaunchPricing": ".pricing",
    "at_cost_per_flight": ".pricing",
    "launch_pricing": ".pricing",
    "learning_multipliers": ".pricing",
    "Deployment": ".settings",
    "parse_deployment": ".settings",
    "settings_for": ".settings",
    "Timeline": ".timeline",
    "compare_pricing": ".timeline",
    "deploy": ".timeline",
    "discount_factors": ".timeline",
    "discounted_cost_per_output": ".timeline",
    "year_reached": ".timeline",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "AT_COST_FIELDS",
    "Campaign",
    "Deployment",
    "LaunchPricing",
    "Timeline",
    "at_cost_per_flight",
    "campaign_inputs",
    "compare_pricing",
    "deploy",
    "discount_factors",
    "discounted_cost_per_output",
    "first_power_time",
    "ground_power_online",
    "ground_power_yearly",
    "launch_cadence",
    "launch_pricing",
    "learning_multipliers",
    "parse_deployment",
    "retirement_delay",
    "schedule",
    "settings_for",
    "year_reached",
]
