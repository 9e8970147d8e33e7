"""The documentation site builds offline with warnings as errors, and covers every command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from cli_lines import argv, command_lines, parse, scenario_arguments
from skyrack.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _commands() -> set[str]:
    group = typer.main.get_group(app)
    return set(group.commands)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    return out


def test_site_has_every_section(site: Path) -> None:
    for page in ("index.html", "getting-started/index.html", "sources/index.html", "changelog/index.html"):
        assert (site / page).is_file(), page
    for page in ("facade", "registry", "model", "physics", "economics", "analysis"):
        assert (site / "api" / page / "index.html").is_file(), page
    assert (site / "data" / "h200_power_probe_2026-11-27.json").is_file()


def test_api_pages_are_generated_from_docstrings(site: Path) -> None:
    physics = (site / "api" / "physics" / "index.html").read_text(encoding="utf-8")
    # a physics function and its docstring's units and source, rendered from the code
    assert "eclipse_fraction_cylindrical" in physics
    assert "Vallado" in physics
    facade = (site / "api" / "facade" / "index.html").read_text(encoding="utf-8")
    assert "design_batch" in facade


def test_changelog_is_included_not_linked(site: Path) -> None:
    html = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Design core (issue 2)" in html


def test_site_loads_nothing_from_the_network(site: Path) -> None:
    remote = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.IGNORECASE)
    offenders = [str(p.relative_to(site)) for p in site.rglob("*.html") if remote.search(p.read_text("utf-8"))]
    assert not offenders, offenders


def test_every_command_has_a_howto_page() -> None:
    pages = {p.stem for p in (DOCS / "howto").glob("*.md")}
    documented = pages | {"presets", "schema"}  # both on the parameters page
    assert _commands() <= documented, sorted(_commands() - documented)
    text = (DOCS / "howto" / "parameters.md").read_text(encoding="utf-8")
    assert "skyrack presets" in text and "skyrack schema" in text


def test_howto_examples_are_console_blocks_of_real_commands() -> None:
    commands = _commands()
    for page in sorted((DOCS / "howto").glob("*.md")):
        blocks = re.findall(r"```console\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)
        assert blocks, f"{page.name} has no console example"
        for line in "".join(blocks).splitlines():
            words = line.split()
            if words and words[0] == "skyrack":
                assert words[1] in commands, f"{page.name}: {line}"


def test_citation_and_changelog_match_the_package() -> None:
    import tomllib

    import yaml

    import skyrack

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation["cff-version"] == "1.2.0"
    assert str(citation["version"]) == project["version"] == skyrack.__version__
    assert citation["license"] == project["license"]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for issue in (2, 3, 4, 5, 6, 7, 11, 12, 13, 14, 16, 17):  # every issue that has landed
        assert f"(issue {issue}" in changelog, issue


def _documented_lines() -> list[tuple[str, str]]:
    pages = sorted(DOCS.rglob("*.md"))
    return [(str(p.relative_to(ROOT)), line) for p in pages for line in command_lines(p.read_text(encoding="utf-8"))]


def test_every_documented_command_parses_with_current_flags() -> None:
    # each `skyrack ...` line of the site is parsed by the real command: unknown options, bad types and
    # old (hidden) spellings such as --years or --samples fail; scenarios are presets or shipped files
    from skyrack import preset_names

    lines = _documented_lines()
    assert len(lines) > 80
    presets = set(preset_names())
    for page, line in lines:
        ctx, _ = parse(argv(line))
        for scenario in scenario_arguments(ctx):
            if scenario.startswith("RUN:"):
                continue
            if "/" in scenario or scenario.endswith((".yaml", ".yml")):
                assert (ROOT / scenario).is_file(), f"{page}: {line}"
            else:
                assert scenario in presets, f"{page}: {scenario} is not a preset ({line})"
        for option in ("catalog", "tle", "omm"):
            given = ctx.params.get(option)
            for path in given if isinstance(given, list) else [given] if given else []:
                assert (ROOT / str(path)).is_file(), f"{page}: {line}"
