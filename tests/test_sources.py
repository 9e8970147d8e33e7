"""Every cited source can be followed from the repository: no internal file names, repo paths exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from skyrack.catalog import load_default
from skyrack.scenario import walk_defaults

ROOT = Path(__file__).resolve().parents[1]

# Names of working notes that are not part of the repository; a citation must name the original.
INTERNAL = re.compile(
    r"engineering\.md|published[-_]designs(\.md)?|peers\.md|shared/reference|/work/"
    r"|skyrack (H200 )?(power[/ ]\w+ )?probe\b",
    re.IGNORECASE,
)
REPO_PATH = re.compile(r"\b((?:docs|src|presets|validation)/[\w./-]+\.(?:json|md|csv|yaml))\b")


def _catalog_sources() -> list[tuple[str, str]]:
    return [(f"{r.kind}.{r.entry}.{r.field}", str(r.source)) for r in load_default().records()]


def _default_sources() -> list[tuple[str, str]]:
    return [(f"scenario.{path}", str(source)) for path, _, source in walk_defaults()]


def _preset_sources() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "src" / "skyrack" / "presets").glob("*.yaml")):
        for source in yaml.safe_load(path.read_text(encoding="utf-8")).get("sources", []):
            out.append((path.name, str(source)))
    return out


def test_there_are_sources_to_check() -> None:
    # the lists below are real: hundreds of catalog numbers and scenario defaults carry a source
    assert len(_catalog_sources()) > 300
    assert len(_default_sources()) > 50
    assert len(_preset_sources()) >= 8


@pytest.mark.parametrize("collect", [_catalog_sources, _default_sources, _preset_sources])
def test_no_source_cites_an_internal_file(collect: object) -> None:
    bad = [(item, source) for item, source in collect() if INTERNAL.search(source)]  # type: ignore[operator]
    assert not bad, bad


def test_no_file_in_the_repository_cites_an_internal_file() -> None:
    # docstring References sections, YAML comments, data-file headers, test hand computations, docs
    suffixes = {".py", ".yaml", ".yml", ".csv", ".md", ".json", ".cff"}
    roots = [ROOT / d for d in ("src", "tests", "benchmarks", "docs", "presets", "validation")]
    files = [p for r in roots for p in r.rglob("*") if p.suffix in suffixes and p != Path(__file__).resolve()]
    files += [ROOT / name for name in ("README.md", "CHANGELOG.md", "CITATION.cff", "mkdocs.yml", "pyproject.toml")]
    assert len(files) > 150
    bad = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in files
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if INTERNAL.search(line)
    ]
    assert not bad, bad


def test_cited_repository_files_exist() -> None:
    sources = [s for _, s in _catalog_sources() + _default_sources() + _preset_sources()]
    cited = {m for s in sources for m in REPO_PATH.findall(s)}
    assert "docs/data/h200_power_probe_2026-11-27.json" in cited
    missing = sorted(c for c in cited if not (ROOT / c).is_file())
    assert not missing, missing


def test_the_h200_catalog_entry_matches_its_shipped_measurement() -> None:
    import json

    probe = json.loads((ROOT / "docs" / "data" / "h200_power_probe_2026-11-27.json").read_text())
    catalog = load_default()
    # the catalog rounds the measured means: 79,100.88 tokens/s, 693.06 W, 77.09 W idle
    value = lambda field: catalog.value("accelerators", "h200-sxm", field)  # noqa: E731
    assert value("train_tokens_per_s") == pytest.approx(probe["train_step"]["tokens_per_s"], rel=1e-6)
    assert value("measured_power_w") == pytest.approx(probe["train_step"]["power_w_mean"], rel=1e-5)
    assert value("idle_power") == pytest.approx(probe["idle"]["power_w_mean"], rel=1e-4)


def test_sources_page_lists_the_probe_and_no_internal_file() -> None:
    text = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    assert "docs/data/h200_power_probe_2026-11-27.json" in text
    assert not INTERNAL.search(text)
