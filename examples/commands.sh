#!/bin/sh
# Sweeps, Monte Carlo, sensitivity, breakeven and simulation over the example files.
# `skyrack sweep` takes its specification as flags, so this script is the sweep specification.
# Run from the repository root: sh examples/commands.sh (outputs go to the current directory).
# The test suite runs every skyrack line below, with draws, Sobol samples and durations cut down.
set -e

# A grid: launch price (log-spaced) x satellite $/W, both cost ratios for each point
skyrack sweep examples/orbital-top-down.yaml --vary 'launch.price_per_kg=20..3000 USD/kg:log:25' --vary 'economics.satellite_cost_per_w=5..40 USD/W:8' --out sweep-grid.csv

# A Latin hypercube over altitude and radiator temperature, seeded
skyrack sweep examples/orbital-top-down.yaml --vary 'orbit.altitude=500..1200 km' --vary 'satellite.thermal.radiator_temperature=300..360 K' --method lhs -n 4096 --seed 1 --out sweep-lhs.parquet

# Monte Carlo over the uncertainty: section of the specification, every draw kept
skyrack montecarlo examples/montecarlo.yaml -n 100000 --seed 7 --out draws.parquet

# Which of those inputs matters: tornado and Sobol indices of the all-in cost ratio
skyrack sensitivity examples/montecarlo.yaml --sobol 1024

# Where orbit would equal the ground: for each launch price, the ground's facility capex per W at parity
# (over the default --y, satellite $/W down to 0.5 USD/W, this cluster reaches no parity at any launch price)
skyrack breakeven examples/orbital-top-down.yaml --y 'terrestrial.facility_capex=5..300 USD/W:log:100' --out breakeven.csv

# A two-day simulation of the cluster, then its measured factors fed back into the costs
skyrack simulate examples/orbital-top-down.yaml --duration '2 d' --out run/
skyrack design examples/orbital-top-down.yaml --from-simulation run/

# The synthetic fleet (real-satellite format, SGP4) flying the megaconstellation's hardware
skyrack simulate examples/shells-megaconstellation.yaml --omm examples/fleet/synthetic.omm.kvn --duration '2 d' --json
