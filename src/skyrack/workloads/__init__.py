"""Named workloads and their goodput in orbit and on the ground.

Goodput = compute × availability × (1 − checkpoint/restart overhead) × network
efficiency, each factor shown. Compute is accelerators × dense BF16 FLOP/s ×
utilisation (MFU). Training FLOPs are 6·N per token [1]_; serving 2·N per token.
Calibration: the measured H200 training step (0.937 B parameters, 79,100
tokens/s, 693 W) gives 6·N·tokens/s = 444.6 TFLOP/s of the 6N estimate against
the probe's 476 TFLOP/s model FLOPs (which count attention too).

References
----------
.. [1] Kaplan, J. et al., "Scaling laws for neural language models",
       arXiv:2001.08361 (2020): C ≈ 6·N·D.
.. [2] Narayanan, D. et al., "Efficient large-scale language model training on
       GPU clusters using Megatron-LM", SC21 (2021) (data/tensor/pipeline
       parallelism, communication volumes).
.. [3] Patarasuk, P. & Yuan, X., "Bandwidth optimal all-reduce algorithms for
       clusters of workstations", J. Parallel Distrib. Comput. 69(2), 117–124
       (2009): ring all-reduce moves 2(p−1)/p of the buffer per node.
.. [4] Young (1974); Daly (2006) via :mod:`skyrack.physics.reliability`.
.. [5] Meta, "The Llama 3 Herd of Models", arXiv:2407.21783 (2024): 70 B
       parameters, ~15 T training tokens, hidden size 8,192.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import InputError
from ..physics.constants import YEAR_S
from ..physics.reliability import checkpoint_goodput

__all__ = [
    "PROBE",
    "WORKLOADS",
    "Platform",
    "Workload",
    "compare",
    "evaluate",
    "orbit_platform",
    "probe_calibration",
    "terrestrial_platform",
    "training_step",
    "workload",
]

PROBE: dict[str, float] = {
    "params": 936804352.0,
    "tokens_per_s": 79100.8801098666,
    "model_tflops": 476.4625136371597,
    "power_w": 693.058051212938,
    "joules_per_token": 0.00876169835595154,
    "peak_bf16_flops": 989e12,
}
"""Measured NVIDIA H200 training step (docs/data/h200_power_probe_2026-11-27.json); peak BF16: H200 datasheet."""

OVERLAP = 0.8
"""Fraction of compute time that can hide communication (bucketed all-reduce, assumption)."""
CHECKPOINT_WRITE_BPS = 100e9
"""Aggregate checkpoint write bandwidth, byte/s (assumption: parallel NVMe/object store)."""
RESTART_S = 600.0
"""Job restart time after an interrupt, s (assumption)."""
BYTES_PER_PARAM_STATE = 16.0
"""Mixed-precision Adam training state per parameter, bytes (weights, grads, two moments, master)."""
GRAD_BYTES = 2.0
"""BF16 gradient bytes per parameter."""
HBM_USABLE = 0.8
"""Usable fraction of accelerator memory for model state."""
FEEDER_TERMINALS = 4
"""Long-range laser terminals an orbital data center uses to receive data from EO satellites (assumption)."""
EO_SATELLITES = 10
"""EO satellites whose Ka-band downlinks feed a ground data center (assumption)."""
TERRESTRIAL_DOMAIN = 8
"""Accelerators per NVLink domain on the ground (an HGX node)."""


@dataclass(frozen=True)
class Workload:
    """A named workload.

    Attributes
    ----------
    name, kind : str
        ``kind`` is ``train``, ``serve`` or ``eo``.
    params : float
        Model parameters N.
    tokens : float
        Training tokens (train).
    batch_tokens : float
        Global batch, tokens per step (train).
    hidden : float
        Hidden size (pipeline activations).
    request_bytes, response_bytes : float
        Per request (serve).
    response_tokens : float
        Output tokens per request (serve).
    data_tb_per_day : float
        Data born in orbit per day, TB (eo).
    flop_per_byte : float
        Processing cost per raw byte (eo).
    reduction : float
        Output/input size after processing (eo).
    sources : tuple of str
    """

    name: str
    kind: str
    params: float = 0.0
    tokens: float = 0.0
    batch_tokens: float = 0.0
    hidden: float = 0.0
    request_bytes: float = 0.0
    response_bytes: float = 0.0
    response_tokens: float = 0.0
    data_tb_per_day: float = 0.0
    flop_per_byte: float = 0.0
    reduction: float = 1.0
    max_accelerators: float = math.inf
    sources: tuple[str, ...] = field(default_factory=tuple)


WORKLOADS: dict[str, Workload] = {
    "train-70b": Workload(
        "train-70b",
        "train",
        params=70e9,
        tokens=15e12,
        batch_tokens=16 * 1024 * 1024,
        hidden=8192,
        max_accelerators=16384,
        sources=(
            "Meta, Llama 3: trained on up to 16,384 H100s",
            "Meta, Llama 3 (arXiv:2407.21783): 70 B, ~15 T tokens, hidden 8,192",
            "estimate: 16 M-token batch (Llama 3 405B's final batch)",
        ),
    ),
    "chat-serving": Workload(
        "chat-serving",
        "serve",
        params=70e9,
        request_bytes=8_000,
        response_bytes=2_000,
        response_tokens=500,
        sources=("estimate: ~2,000-token prompt (8 kB) and 500-token reply (2 kB) per request",),
    ),
    "eo-processing": Workload(
        "eo-processing",
        "eo",
        data_tb_per_day=100.0,
        flop_per_byte=2e5,
        reduction=0.01,
        sources=(
            "estimate: 100 TB/day from a next-generation EO fleet (Copernicus Sentinels ~20 TB/day today)",
            "estimate: ~100 GFLOP vision model per 0.5 MB tile → 2e5 FLOP/byte; 1 % of the data kept",
        ),
    ),
}


def workload(name: str) -> Workload:
    """A named workload; unknown names raise :class:`InputError` listing the valid ones."""
    if name not in WORKLOADS:
        raise InputError("workload", name, "allowed: " + ", ".join(sorted(WORKLOADS)))
    return WORKLOADS[name]


@dataclass(frozen=True)
class Platform:
    """What a workload runs on (SI units).

    Attributes
    ----------
    name : str
    accelerators : float
    flops_per_accelerator : float
        Dense BF16 peak, FLOP/s.
    utilisation : float
        Model FLOP utilisation.
    availability : float
        Fraction of time the capacity is up.
    domain : float
        Accelerators per fast local fabric (a satellite, or an NVLink node).
    hbm_bytes : float
        Memory per accelerator, bytes.
    injection_bps : float
        Scale-out bandwidth per domain, bit/s.
    bisection_bps : float
        Fleet bisection bandwidth, bit/s.
    failures_per_s : float
        Job interrupts per second over the whole platform.
    ground_fraction : float
        Fraction of time users can reach the platform.
    downlink_tb_per_day : float
        Data the platform can move to or from the ground per day, TB.
    feed_tb_per_day : float
        Data the platform can receive from where it is born (EO satellites), TB/day.
    latency_s : float
        One-way latency to a user, s.
    watts_per_accelerator : float
        Power per accelerator, W.
    """

    name: str
    accelerators: float
    flops_per_accelerator: float
    utilisation: float
    availability: float
    domain: float
    hbm_bytes: float
    injection_bps: float
    bisection_bps: float
    failures_per_s: float
    ground_fraction: float
    downlink_tb_per_day: float
    feed_tb_per_day: float
    latency_s: float
    watts_per_accelerator: float

    @property
    def compute_flops(self) -> float:
        """Accelerators × peak × utilisation, FLOP/s."""
        return self.accelerators * self.flops_per_accelerator * self.utilisation

    def job_slice(self, accelerators: float) -> Platform:
        """The part of the platform one job uses: ``accelerators`` (at most all), whole domains.

        The slice keeps the per-domain injection and its share of the fleet
        bisection; failures scale with its size.
        """
        if accelerators >= self.accelerators:
            return self
        acc = max(self.domain, math.ceil(accelerators / self.domain) * self.domain)
        acc = min(acc, self.accelerators)
        frac = acc / self.accelerators
        fleet_domains = max(1.0, self.accelerators / self.domain)
        share = 2.0 * self.bisection_bps / fleet_domains
        domains = max(1.0, acc / self.domain)
        return replace(
            self,
            accelerators=acc,
            bisection_bps=share * domains / 2.0,
            failures_per_s=self.failures_per_s * frac,
        )


def probe_calibration(params: float = PROBE["params"], tokens_per_s: float = PROBE["tokens_per_s"]) -> dict[str, float]:
    """6·N·tokens/s of the H200 probe against its measured model FLOP/s and J/token.

    Parameters
    ----------
    params : float
        Model parameters N.
    tokens_per_s : float
        Measured training throughput.

    Returns
    -------
    dict
        ``six_n_flops`` (6·N·tok/s, FLOP/s), ``probe_flops`` (476.5 TFLOP/s),
        ``ratio``, ``mfu_6n`` (6N estimate / 989 TFLOP/s peak), ``joules_per_flop``
        (693 W / 476.5 TFLOP/s = 1.455e-12 J).

    References
    ----------
    .. [1] Kaplan et al. (2020), C ≈ 6ND; NVIDIA H200 datasheet (989 TFLOP/s dense BF16).
    """
    six = 6.0 * params * tokens_per_s
    probe = PROBE["model_tflops"] * 1e12
    return {
        "six_n_flops": six,
        "probe_flops": probe,
        "ratio": six / probe,
        "mfu_6n": six / PROBE["peak_bf16_flops"],
        "joules_per_flop": PROBE["power_w"] / probe,
        "joules_per_token": PROBE["joules_per_token"],
    }


def training_step(w: Workload, plat: Platform) -> dict[str, float]:
    """Step time, communication and network efficiency of data/tensor/pipeline-parallel training.

    Model-parallel group m = ⌈16·N / (0.8·HBM)⌉ accelerators; tensor parallelism
    stays inside a domain (satellite or NVLink node). Each replica is pipelined
    over k ≥ ⌈m/D⌉ domains (k chosen from powers of two to minimise traffic);
    a domain then carries the data-parallel ring all-reduce of its 1/k of the
    gradients, 2(R−1)/R × 2N/k bytes over R = domains/k replicas, plus (k > 1)
    2 × (batch/R) × hidden × 2 bytes of pipeline activations and their gradients. Per-domain bandwidth is the
    smaller of its injection and its share of the bisection, 2·B/R. Step time
    = t_comp + max(0, t_comm − 0.8·t_comp).

    Parameters
    ----------
    w : Workload
        A ``train`` workload.
    plat : Platform

    Returns
    -------
    dict
        ``step_compute_s``, ``step_comm_s``, ``step_s``, ``bytes_per_domain``,
        ``network_efficiency``, ``model_parallel``, ``domains``, ``replicas``.

    References
    ----------
    .. [1] Narayanan et al., SC21 (2021); [2] Patarasuk & Yuan (2009).
    """
    t_comp = 6.0 * w.params * w.batch_tokens / plat.compute_flops
    mp = max(1.0, math.ceil(BYTES_PER_PARAM_STATE * w.params / (HBM_USABLE * plat.hbm_bytes)))
    domains = max(1.0, math.ceil(plat.accelerators / plat.domain))
    k_min = max(1, math.ceil(mp / plat.domain))
    best: tuple[float, float, float] | None = None
    for k in sorted({k_min, *(2**e for e in range(8) if k_min <= 2**e <= domains)}):
        if k > domains and k != k_min:
            continue
        replicas = max(1.0, domains / k)
        grad = GRAD_BYTES * w.params / k
        act = 0.0 if k == 1 else 2.0 * (w.batch_tokens / replicas) * w.hidden * 2.0
        data = 2.0 * (replicas - 1.0) / replicas * grad + act
        share = 2.0 * plat.bisection_bps / domains if domains > 1 else math.inf
        bw = min(plat.injection_bps, share)
        t_comm = 0.0 if domains <= 1 or data == 0.0 else data * 8.0 / bw
        if best is None or t_comm < best[0]:
            best = (t_comm, data, float(k))
    assert best is not None
    t_comm, data, k_best = best
    replicas = max(1.0, domains / k_best)
    t_step = t_comp + max(0.0, t_comm - OVERLAP * t_comp)
    return {
        "step_compute_s": t_comp,
        "step_comm_s": t_comm,
        "step_s": t_step,
        "bytes_per_domain": data,
        "network_efficiency": t_comp / t_step,
        "model_parallel": float(mp),
        "pipeline_domains": k_best,
        "domains": float(domains),
        "replicas": float(replicas),
    }


def evaluate(w: Workload, plat: Platform) -> dict[str, float]:
    """Goodput factors of one workload on one platform.

    Parameters
    ----------
    w : Workload
    plat : Platform

    Returns
    -------
    dict
        ``compute_flops``, ``availability``, ``checkpoint_restart``,
        ``network_efficiency``, ``goodput_flops`` (their product) plus
        workload-specific figures: time to train (days), tokens/s, J/token,
        latency, TB/day processed and downlink saved.

    References
    ----------
    .. [1] Young (1974); Daly (2006); Kaplan et al. (2020); Narayanan et al. (2021).
    """
    out: dict[str, float] = {
        "compute_flops": plat.compute_flops,
        "availability": plat.availability,
    }
    j_per_flop = PROBE["power_w"] / (PROBE["model_tflops"] * 1e12)
    if w.kind == "train":
        job = plat.job_slice(w.max_accelerators)
        jobs = plat.accelerators / job.accelerators
        mtbf = 1.0 / job.failures_per_s if job.failures_per_s > 0 else math.inf
        ckpt_s = BYTES_PER_PARAM_STATE * w.params / CHECKPOINT_WRITE_BPS
        cr = float(checkpoint_goodput(mtbf, ckpt_s, RESTART_S))
        step = training_step(w, job)
        fits = job.accelerators >= step["model_parallel"]
        net = step["network_efficiency"] if fits else 0.0
        out["fits_in_memory"] = float(fits)
        out.update(checkpoint_restart=cr, network_efficiency=net)
        good = plat.compute_flops * plat.availability * cr * net
        out["goodput_flops"] = good
        out["job_accelerators"] = job.accelerators
        out["concurrent_jobs"] = jobs
        job_good = good / jobs
        out["time_to_train_days"] = 6.0 * w.params * w.tokens / job_good / 86400.0 if job_good > 0 else math.inf
        out.update({k: v for k, v in step.items() if k != "network_efficiency"})
        out["mtbf_h"] = mtbf / 3600.0
        out["checkpoint_s"] = ckpt_s
    elif w.kind == "serve":
        # a replica is the model-parallel group; an interrupt idles it for a restart
        mp = max(1.0, math.ceil(2.0 * w.params / (HBM_USABLE * plat.hbm_bytes)))
        replica_rate = plat.failures_per_s * mp / max(plat.accelerators, 1.0)
        cr = max(0.0, 1.0 - RESTART_S * replica_rate)
        per_acc = (
            PROBE["model_tflops"] * 1e12 / (2.0 * w.params) * plat.flops_per_accelerator / PROBE["peak_bf16_flops"]
        )
        tokens = per_acc * plat.accelerators * plat.utilisation
        bytes_per_token = (w.request_bytes + w.response_bytes) / w.response_tokens
        need_tb_day = tokens * bytes_per_token * 86400.0 / 1e12
        carry = min(1.0, plat.downlink_tb_per_day / need_tb_day) if need_tb_day > 0 else 1.0
        net = plat.ground_fraction * carry
        out.update(checkpoint_restart=cr, network_efficiency=net)
        out["goodput_flops"] = plat.compute_flops * plat.availability * cr * net
        out["tokens_per_s_per_accelerator"] = per_acc
        out["tokens_per_s"] = tokens * plat.availability * cr * net
        out["joules_per_token"] = 2.0 * w.params * j_per_flop * plat.watts_per_accelerator / PROBE["power_w"]
        out["user_traffic_tb_per_day"] = need_tb_day
        out["latency_ms"] = plat.latency_s * 1e3
    elif w.kind == "eo":
        need_acc = (
            w.data_tb_per_day * 1e12 / 86400.0 * w.flop_per_byte / (plat.flops_per_accelerator * plat.utilisation)
        )
        job = plat.job_slice(math.ceil(need_acc))
        cr = max(0.0, 1.0 - RESTART_S * job.failures_per_s)
        capacity_tb = plat.compute_flops / w.flop_per_byte * 86400.0 / 1e12
        transport = plat.feed_tb_per_day
        net = min(1.0, transport / w.data_tb_per_day) if w.data_tb_per_day > 0 else 1.0
        out.update(checkpoint_restart=cr, network_efficiency=net)
        processed = min(w.data_tb_per_day * net, capacity_tb * plat.availability * cr)
        out["goodput_flops"] = processed * 1e12 / 86400.0 * w.flop_per_byte
        out["processed_tb_per_day"] = processed
        out["compute_capacity_tb_per_day"] = capacity_tb
        out["downlink_tb_per_day"] = processed * w.reduction if plat.name == "orbit" else processed
        out["downlink_saved_tb_per_day"] = processed * (1.0 - w.reduction) if plat.name == "orbit" else 0.0
    else:  # pragma: no cover - guarded by the dataclass values
        raise InputError("workload.kind", w.kind, "train, serve or eo")
    return out


def _hbm(result: Any, prefix: str) -> float:
    from ..catalog import load_default

    name = str(result.params.get(f"{prefix}.accelerator", ""))
    try:
        entry = load_default().entry("accelerators", name)
        hbm = float(entry["hbm"]) if "hbm" in entry.records else 80e9
        per_unit = float(entry["accelerators_per_unit"]) if "accelerators_per_unit" in entry.records else 1.0
        return hbm / max(per_unit, 1.0) if hbm > 1e12 and per_unit > 1 else hbm
    except (KeyError, InputError):
        return 80e9


def orbit_platform(result: Any, links: dict[str, Any]) -> Platform:
    """The orbital system of a design as a :class:`Platform` (links from :func:`skyrack.links.report.links_summary`)."""
    v, p = result.values, result.params
    acc = float(v["compute.accelerators"])
    peak = float(v["compute.peak_bf16_flops"]) / acc
    sats = max(1.0, float(v.get("constellation.satellites", 1.0)))
    rate_yr = float(p.get("economics.accelerator_failure_rate", 0.0)) * float(
        p.get("economics.orbit_failure_multiplier", 1.0)
    )
    sat_rate = float(p.get("economics.satellite_failure_rate", 0.0))
    from ..links.optical import terminal

    # EO data arrives from distant EO satellites over four long-range laser terminals
    feed_tb = FEEDER_TERMINALS * terminal("spacex-laser").rated_rate_bps * 86400.0 / 8e12
    return Platform(
        name="orbit",
        accelerators=acc,
        flops_per_accelerator=peak,
        utilisation=float(p["satellite.compute.utilisation"]),
        availability=float(v.get("economics.availability", 1.0)),
        domain=acc / sats,
        hbm_bytes=_hbm(result, "compute"),
        injection_bps=float(links["injection_bps"]),
        bisection_bps=float(links["bisection_bps"]),
        failures_per_s=(acc * rate_yr + sats * sat_rate) / YEAR_S,
        ground_fraction=float(links["user_fraction"]),
        downlink_tb_per_day=float(links["downlink_tb_per_day"]),
        feed_tb_per_day=feed_tb,
        latency_s=float(links["user_latency_s"]),
        watts_per_accelerator=float(v.get("compute.it_power_w", 0.0)) / acc,
    )


def terrestrial_platform(result: Any, links: dict[str, Any]) -> Platform:
    """The terrestrial baseline of a design (same useful compute) as a :class:`Platform`.

    Fabric: NVLink domains of 8 and 400 Gb/s InfiniBand NDR per GPU in a
    full-bisection fat tree; users always reachable over 1,000 km of fibre; EO
    data arrives over the Ka-band downlinks of ten EO satellites in the same orbit.
    """
    from ..links.ground import TERRESTRIAL_USER_DISTANCE_M, one_way_latency_s
    from ..links.topology import IB_NDR_BPS_PER_GPU

    v, p = result.values, result.params
    acc = float(v.get("terrestrial.accelerators", v["compute.accelerators"]))
    ground = links["ground"]
    eo_feed = EO_SATELLITES * float(ground["ka_tb_per_day"])
    return Platform(
        name="ground",
        accelerators=acc,
        flops_per_accelerator=float(p["terrestrial.bf16_dense"])
        / max(float(p.get("terrestrial.accelerators_per_unit", 1.0)), 1.0),
        utilisation=float(p["satellite.compute.utilisation"]),
        availability=float(p.get("terrestrial.availability", 1.0)),
        domain=float(TERRESTRIAL_DOMAIN),
        hbm_bytes=_hbm(result, "terrestrial"),
        injection_bps=TERRESTRIAL_DOMAIN * IB_NDR_BPS_PER_GPU,
        bisection_bps=acc / 2.0 * IB_NDR_BPS_PER_GPU,
        failures_per_s=acc * float(p.get("terrestrial.accelerator_failure_rate", 0.0)) / YEAR_S,
        ground_fraction=1.0,
        downlink_tb_per_day=math.inf,
        feed_tb_per_day=eo_feed,
        latency_s=float(one_way_latency_s(TERRESTRIAL_USER_DISTANCE_M, 2.0 / 3.0 * 299792458.0)),
        watts_per_accelerator=float(v.get("terrestrial.it_power_w", 0.0)) / acc if acc else 0.0,
    )


def compare(result: Any, name: str, links: dict[str, Any] | None = None) -> dict[str, dict[str, float]]:
    """One workload on a design's orbital system and on its terrestrial baseline.

    Returns ``{"orbit": factors, "ground": factors}`` (see :func:`evaluate`).
    """
    from ..links.report import links_summary

    w = workload(name)
    lk = links if links is not None else links_summary(result)
    return {"orbit": evaluate(w, orbit_platform(result, lk)), "ground": evaluate(w, terrestrial_platform(result, lk))}
