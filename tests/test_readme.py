"""Every `skyrack` command in the README runs as written against the shipped files (the long ones smaller)."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from cli_lines import argv, command_lines, parse, reduced
from skyrack.cli import app
from webserver import free_port, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
LINES = command_lines(README)
SERVE = [line for line in LINES if argv(line)[0] == "serve"]
IN_PROCESS = [line for line in LINES if argv(line)[0] != "serve"]


def test_the_readme_names_only_shipped_files() -> None:
    assert len(LINES) > 25
    for unshipped in ("my.yaml", "my-parts.yaml", "starlink.yaml", "fleet.tle", "my-chip"):
        assert unshipped not in "\n".join(LINES), unshipped
    for line in LINES:
        assert not any(w == "..." or "'...'" in w for w in argv(line)), line  # no placeholder arguments
        for word in argv(line):
            if word.startswith("examples/"):
                assert (ROOT / word).exists(), (line, word)


def test_the_readme_scenario_is_the_example_file() -> None:
    # the YAML block of the Scenarios section is examples/orbital-top-down.yaml, byte for byte
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)
    assert (ROOT / "examples" / "orbital-top-down.yaml").read_text(encoding="utf-8") in blocks


def test_every_readme_command_parses_with_current_flags() -> None:
    for line in LINES:
        parse(argv(line))


@pytest.fixture
def repo_like(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory that has examples/ as the repository root has; outputs land here."""
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SKYRACK_HOME", str(tmp_path / "home"))
    return tmp_path


def test_every_readme_command_runs(repo_like: Path) -> None:
    # in README order (the design --from-simulation reads the run the simulate line wrote), in-process
    runner = CliRunner()
    ran = []
    for line in IN_PROCESS:
        words, changes = reduced(argv(line))
        result = runner.invoke(app, words, catch_exceptions=False)
        # check answers with its exit code too: 1 is "a claim does not hold", a verdict rather than a failure
        allowed = (0, 1) if words[0] == "check" else (0,)
        assert result.exit_code in allowed, (line, changes, result.output[-3000:])
        assert words[0] != "check" or "hold" in result.output, result.output
        ran.append(words[0])
    assert {"design", "compare", "simulate", "report", "sweep", "montecarlo", "sensitivity", "optimise"} <= set(ran)
    assert (repo_like / "report.html").is_file() and any((repo_like / "figures").glob("*.png"))
    assert (repo_like / "run" / "fleet.json").is_file() and (repo_like / "deploy.csv").is_file()


def _serve(words: list[str], home: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SKYRACK_HOME": str(home)}
    cmd = [sys.executable, "-m", "skyrack", *words, "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, 180.0, lambda: proc.poll() is None)
    except RuntimeError:
        proc.kill()
        raise
    return proc, url


@pytest.mark.parametrize("line", SERVE)
def test_readme_serve_starts_and_answers_the_readme_curl(line: str, tmp_path: Path) -> None:
    # a real server on a free port (the README's 8000 may be taken), then the README's own curl request
    proc, url = _serve(argv(line), tmp_path)
    try:
        assert httpx.get(url + "/", timeout=30).status_code == 200  # the page
        if "--limit" in line:
            limit = argv(line)[argv(line).index("--limit") + 1]
            name, value = limit.split("=")
            assert httpx.get(url + "/api/limits", timeout=30).json()[name] == int(value)
        else:
            (curl,) = [ln for ln in re.findall(r"^curl .*?(?<!\\)$", README.replace("\\\n", " "), re.M)]
            words = [w.replace("localhost:8000", url.removeprefix("http://")) for w in shlex.split(curl)]
            done = subprocess.run(words, capture_output=True, timeout=120, check=True)
            answer = json.loads(done.stdout)
            assert answer["summary"]["scenario"] == "suncatcher" and answer["summary"]["verdict"]
    finally:
        proc.terminate()
        proc.wait(timeout=60)
