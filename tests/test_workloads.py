"""Named workloads: calibration, training communication model, goodput factors, CLI."""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

from cli_app import group_app
from skyrack.errors import InputError
from skyrack.model import design
from skyrack.physics.reliability import checkpoint_goodput
from skyrack.workloads import (
    PROBE,
    WORKLOADS,
    Platform,
    compare,
    evaluate,
    probe_calibration,
    training_step,
    workload,
)
from skyrack.workloads.cli import register


def _platform(**kw: float) -> Platform:
    base = dict(
        name="test",
        accelerators=64.0,
        flops_per_accelerator=1e15,
        utilisation=0.5,
        availability=0.9,
        domain=8.0,
        hbm_bytes=1e12,
        injection_bps=8e11,
        bisection_bps=1e20,
        failures_per_s=0.0,
        ground_fraction=1.0,
        downlink_tb_per_day=math.inf,
        feed_tb_per_day=math.inf,
        latency_s=0.005,
        watts_per_accelerator=700.0,
    )
    base.update(kw)
    return Platform(**base)  # type: ignore[arg-type]


def test_h200_probe_calibration():
    """6·N·tokens/s of the 0.937 B probe ≈ its measured 476 TFLOP/s; 693 W / 476 TFLOP/s."""
    cal = probe_calibration()
    assert cal["six_n_flops"] == pytest.approx(6 * 936804352 * 79100.88, rel=1e-6)
    assert cal["six_n_flops"] == pytest.approx(444.6e12, rel=1e-3)
    assert cal["ratio"] == pytest.approx(0.933, abs=0.001)  # 6N omits the attention FLOPs the probe counts
    assert cal["joules_per_flop"] == pytest.approx(693.058 / 476.4625e12, rel=1e-4)
    # J/token = power / tokens/s
    assert PROBE["power_w"] / PROBE["tokens_per_s"] == pytest.approx(PROBE["joules_per_token"], rel=1e-3)


def test_training_step_hand_computed():
    w = workload("train-70b")
    # 64 accelerators in 8 domains; 1 TB HBM each → m = ⌈16·70e9/0.8e12⌉ = 2 fits a domain
    plat = _platform()
    s = training_step(w, plat)
    t_comp = 6 * 70e9 * w.batch_tokens / (64 * 1e15 * 0.5)
    assert s["step_compute_s"] == pytest.approx(t_comp)
    assert s["model_parallel"] == 2.0
    assert s["domains"] == 8.0
    # best k: compare by hand k=1 (pure DP) vs k=8 (pipeline over all domains)
    grad1 = 2 * 7 / 8 * 2 * 70e9
    act8 = 2 * (w.batch_tokens / 1) * 8192 * 2
    options = {1: grad1}
    for k in (2, 4, 8):
        r = 8 / k
        options[k] = 2 * (r - 1) / r * 2 * 70e9 / k + 2 * (w.batch_tokens / r) * 8192 * 2
    assert options[8] == pytest.approx(act8)
    best = min(options, key=lambda k: options[k])
    assert s["pipeline_domains"] == best
    assert s["step_comm_s"] == pytest.approx(options[best] * 8 / 8e11)
    assert s["step_s"] == pytest.approx(t_comp + max(0.0, s["step_comm_s"] - 0.8 * t_comp))
    assert 0 < s["network_efficiency"] <= 1


def test_single_domain_has_no_network_cost():
    s = training_step(workload("train-70b"), _platform(accelerators=8.0))
    assert s["step_comm_s"] == 0.0
    assert s["network_efficiency"] == 1.0


def test_goodput_is_the_product_of_its_factors():
    plat = _platform(failures_per_s=1 / 86400)
    out = evaluate(workload("train-70b"), plat)
    prod = out["compute_flops"] * out["availability"] * out["checkpoint_restart"] * out["network_efficiency"]
    assert out["goodput_flops"] == pytest.approx(prod)
    # checkpoint factor from Young/Daly: M = 1 day, δ = 16·70e9/100e9 = 11.2 s, R = 600 s
    assert out["checkpoint_restart"] == pytest.approx(float(checkpoint_goodput(86400.0, 11.2, 600.0)))
    assert out["time_to_train_days"] == pytest.approx(6 * 70e9 * 15e12 / out["goodput_flops"] / 86400)


def test_serving_tokens_scale_from_the_probe():
    out = evaluate(workload("chat-serving"), _platform(flops_per_accelerator=989e12, ground_fraction=0.3))
    # 476.46 TFLOP/s / (2 · 70e9) = 3,403 tokens/s per H200-class accelerator
    assert out["tokens_per_s_per_accelerator"] == pytest.approx(476.4625e12 / 140e9, rel=1e-4)
    assert out["network_efficiency"] == pytest.approx(0.3)
    # 2·N·(693 W / 476 TFLOP/s) · (700/693)
    assert out["joules_per_token"] == pytest.approx(140e9 * 693.058 / 476.4625e12 * 700 / 693.058, rel=1e-4)


def test_eo_processing_saves_downlink():
    w = workload("eo-processing")
    orbit = evaluate(w, _platform(name="orbit"))
    ground = evaluate(w, _platform(name="ground", feed_tb_per_day=40.0))
    assert orbit["processed_tb_per_day"] == pytest.approx(100.0)
    assert orbit["downlink_tb_per_day"] == pytest.approx(1.0)
    assert orbit["downlink_saved_tb_per_day"] == pytest.approx(99.0)
    assert ground["network_efficiency"] == pytest.approx(0.4)
    assert ground["processed_tb_per_day"] == pytest.approx(40.0)


def test_unknown_workload():
    with pytest.raises(InputError, match="allowed"):
        workload("nope")
    assert set(WORKLOADS) == {"train-70b", "chat-serving", "eo-processing"}


def test_suncatcher_compare_orbit_vs_ground():
    cmp = compare(design("suncatcher"), "train-70b")
    o, g = cmp["orbit"], cmp["ground"]
    assert o["availability"] < g["availability"]
    for side in (o, g):
        assert 0 < side["checkpoint_restart"] <= 1
        assert 0 < side["network_efficiency"] <= 1
        assert side["fits_in_memory"] == 1.0
        assert math.isfinite(side["time_to_train_days"])


def test_workload_cli():
    res = CliRunner().invoke(group_app(register), ["workload", "suncatcher", "--workload", "chat-serving", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["workload"] == "chat-serving"
    assert set(data) == {"workload", "orbit", "ground"}
    table = CliRunner().invoke(group_app(register), ["workload", "starcloud-1", "--workload", "eo-processing"])
    assert table.exit_code == 0, table.output
    assert "Goodput" in table.stdout
    bad = CliRunner().invoke(group_app(register), ["workload", "suncatcher", "--workload", "nope"])
    assert bad.exit_code == 2
    assert bad.output.strip().startswith("error: workload")


@pytest.mark.parametrize("workload_name", ["train-70b", "chat-serving", "eo-processing"])
def test_every_preset_reports_each_workload_next_to_the_ground(workload_name: str) -> None:
    from skyrack.links import links_summary
    from skyrack.model import preset_names

    for name in preset_names():
        result = design(name, parity=False)
        if result.scenario.kind == "terrestrial":  # no satellites: refused by name
            with pytest.raises(InputError, match="terrestrial scenario has no satellites"):
                compare(result, workload_name)
            continue
        out = compare(result, workload_name)
        assert set(out) >= {"orbit", "ground"}, name
        assert links_summary(result), name
