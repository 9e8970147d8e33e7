"""The HTML report (``skyrack.report``) and the ``skyrack report`` command."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cli_app import group_app
from skyrack.errors import InputError
from skyrack.model import design, load_scenario, preset_names
from skyrack.report import build_report, claims_check
from skyrack.report.build import SECTIONS
from skyrack.report.claims import FAILS, HOLDS, PARTLY
from skyrack.report.cli import register

FAST = {"mc_samples": 2000, "sim_days": 0.25}
FIGURES = {"mass", "cost", "waterfall", "breakeven", "illumination", "simulation", "tornado", "montecarlo"}
SUSTAINABILITY = {"sustainability_altitude", "sustainability_risk"}
ORBIT = {"orbit_ground_tracks", "orbit_constellation_3d", "orbit_illumination"}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("reports")
    out = {}
    for name in preset_names():
        out[name] = build_report(name, root / f"{name}.html", png_dir=root / f"{name}-png", **FAST)
    return out


@pytest.mark.parametrize("preset", preset_names())
def test_report_builds_for_every_preset_as_one_offline_file(reports: dict[str, Path], preset: str) -> None:
    path = reports[preset]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    for _, title in SECTIONS:
        assert f"<h2>{title}</h2>" in text
    # no external resource: every src/href of the page (plotly.js's own strings aside) is inline or in-page
    for ref in re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', re.sub(r"<script.*?</script>", "", text, flags=re.S)):
        assert ref.startswith(("data:", "#")), ref
    assert "<link" not in text and "<script src" not in text
    # one plotting stack: every figure is an interactive Plotly div, plotly.js inlined once in the head
    orbital = load_scenario(preset).kind == "orbital"
    figures = FIGURES | SUSTAINABILITY | ORBIT if orbital else {"cost"}  # a ground site has no orbit
    head, body = text.split("<body>", 1)
    assert head.count("<script") == 1 and "plotly.js v" in head and "<script" not in head.split("<script", 1)[0]
    assert text.count("plotly.js v") == 1
    assert {m for m in re.findall(r'id="figure-([a-z_0-9]+)"', body)} == figures
    assert body.count("Plotly.newPlot(") == len(figures)
    if orbital:
        assert "Ground tracks" in text and "Illumination along the orbit" in text
    shown = re.sub(r"<script.*?</script>", "", body, flags=re.S)  # the page as read, without the figure data
    assert "<img" not in shown  # no static image left
    assert "nan" not in re.sub(r"<[^>]+>", " ", shown).lower().split()
    assert "m**" not in shown and "MUSD" not in shown  # units as people write them: m³, $ M
    pngs = {p.stem for p in (path.parent / f"{preset}-png").glob("*.png")}
    assert pngs == figures
    # the first screen is the verdict: the same sentence design prints; build timings close the page
    first = text.split("<body>")[1].split("<nav>")[0]
    assert html.escape(design(preset).to_dict()["verdict"]) in first and "build times" not in first
    assert "build times" in text.split("</section>")[-1]


def test_png_dir_is_optional(tmp_path: Path) -> None:
    path = build_report("suncatcher", tmp_path / "sub" / "r.html", **FAST)
    assert path.exists()
    assert not list(tmp_path.rglob("*.png"))


def _verdicts(result: object) -> dict[str, str]:
    return {c.claim.split(":")[0].split(" ")[0] + c.claim[-8:]: c.verdict for c in claims_check(result)}


def test_claims_verdicts_follow_the_scenario() -> None:
    dawn_dusk = claims_check(design("suncatcher"))
    noon = claims_check(design("suncatcher", ["orbit.ltan=12:00"]))
    assert [c.claim for c in dawn_dusk] == [c.claim for c in noon]
    assert dawn_dusk[0].verdict == PARTLY
    assert noon[0].verdict == FAILS
    assert noon[0].numbers["sunlit_fraction"] < dawn_dusk[0].numbers["sunlit_fraction"]
    # less sunlight, less yield
    assert noon[1].numbers["ratio"] < dawn_dusk[1].numbers["ratio"]
    for claim in dawn_dusk + noon:
        assert claim.verdict in (HOLDS, PARTLY, FAILS)
        assert claim.reasoning and "verdict rule" in claim.reasoning[-1]


def test_launch_claim_changes_with_launch_price() -> None:
    cheap = claims_check(design("suncatcher", ["launch.price_per_kg=10 USD/kg"]))[3]
    dear = claims_check(design("suncatcher", ["launch.price_per_kg=20000 USD/kg"]))[3]
    assert cheap.numbers["launch_share"] < dear.numbers["launch_share"]
    assert cheap.verdict == FAILS
    assert dear.verdict in (HOLDS, PARTLY)


def test_cooling_claim_grows_with_a_colder_radiator() -> None:
    warm = claims_check(design("suncatcher"))[2]
    cold = claims_check(design("suncatcher", ["satellite.thermal.radiator_temperature=280 K"]))[2]
    assert cold.numbers["mass_share"] > warm.numbers["mass_share"]
    assert cold.numbers["radiator_m2_per_mw"] > warm.numbers["radiator_m2_per_mw"]


def test_nimby_claim_for_a_megaconstellation() -> None:
    small = claims_check(design("suncatcher"))[4]
    big = claims_check(design("blue-origin-sunrise"))[4]
    assert small.verdict == HOLDS
    assert big.verdict == FAILS
    assert big.numbers["satellites"] > 10_000


@pytest.mark.parametrize(
    ("source", "kwargs"),
    [
        ("no-such-preset", {}),
        (42, {}),
        ("suncatcher", {"mc_samples": 5}),
        ("suncatcher", {"sim_days": -1.0}),
    ],
)
def test_bad_input_is_an_input_error(tmp_path: Path, source: object, kwargs: dict[str, object]) -> None:
    with pytest.raises(InputError):
        build_report(source, tmp_path / "r.html", **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return group_app(register)


def test_cli_writes_report_and_pngs(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    args = ["report", "suncatcher", "-o", str(out), "--set", "orbit.ltan=12:00", "--png-dir", str(tmp_path / "png")]
    result = CliRunner().invoke(app, [*args, "--draws", "1000", "--duration", "6 h"])
    assert result.exit_code == 0, result.output
    assert "report written" in result.output
    assert out.exists() and len(list((tmp_path / "png").glob("*.png"))) == len(FIGURES | SUSTAINABILITY | ORBIT)
    assert "does not hold" in out.read_text(encoding="utf-8")


def test_cli_writes_the_report_of_an_infeasible_design_and_exits_2(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", "blue-origin-sunrise", "-o", str(out), "--samples", "1000",
                                      "--sim-days", "0.25"])  # fmt: skip
    assert result.exit_code == 2 and out.exists()
    assert "error: infeasible design: deployment.vehicles" in result.output
    assert "NOT FEASIBLE as specified (launch cadence, satellite production)" in out.read_text(encoding="utf-8")


def test_cli_takes_the_owners_launch_pricing(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    args = ["report", "spacex-xai", "-o", str(out), "--pricing", "at_cost", "--samples", "1000", "--sim-days", "0.25"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "<td>launch pricing</td><td>at_cost</td>" in out.read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, ["report", "spacex-xai", "-o", str(out), "--pricing", "free"])
    assert bad.exit_code == 2 and "--pricing" in bad.output


def test_cli_bad_input_is_one_error_line(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "no-such-preset", "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:")


def test_report_of_a_stored_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from skyrack import store

    monkeypatch.setenv("SKYRACK_HOME", str(tmp_path / "home"))
    result = design("suncatcher", ["orbit.ltan=12:00"])
    run_id = store.save_run("design", result.scenario, result.to_dict())
    path = build_report(f"RUN:{run_id[:8]}", tmp_path / "run.html", **FAST)
    assert "does not hold" in path.read_text(encoding="utf-8")
    with pytest.raises(InputError):
        build_report("RUN:zzzz", tmp_path / "none.html", **FAST)
