"""The claim-check and reconciliation notebooks run top to bottom in a real Jupyter kernel (nbclient).

Each notebook is executed as a reader would run it; the test then reads what its cells printed and
compares it with the library's own answers, so a notebook that runs but says something else fails.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from skyrack.claims import check
from skyrack.reconcile import reconcile

ROOT = Path(__file__).parents[1]
NOTEBOOKS = ROOT / "examples" / "notebooks"
TIMEOUT_S = 600


def execute(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run notebook ``name`` in a fresh kernel with this tree's ``src`` first on the path.

    The kernel is ipykernel's ``python3`` in this interpreter's environment (jupyter_client starts it
    with ``sys.executable``); it inherits the environment, hence the path.
    """
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    NotebookClient(
        nb, timeout=TIMEOUT_S, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    return nb


def text_of(nb: Any) -> str:
    """Everything the notebook's cells printed or returned as text."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out["text"])
            elif "data" in out and "text/plain" in out["data"]:
                parts.append(out["data"]["text/plain"])
    return "".join(parts)


def images_of(nb: Any) -> int:
    """Figures the notebook drew: Plotly figures (their mimetype) or images."""
    kinds = ("application/vnd.plotly.v1+json", "image/png")
    return sum(any(k in out.get("data", {}) for k in kinds) for cell in nb.cells for out in cell.get("outputs", []))


@pytest.mark.parametrize("name", ["claim_check.ipynb", "reconciliation.ipynb"])
def test_notebook_is_saved_without_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "clear the outputs before saving"


def test_claim_check_notebook_runs_and_agrees_with_the_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = text_of(execute("claim_check.ipynb", tmp_path, monkeypatch))
    v = check("suncatcher", "energy cost <= 50 USD/MWh if launch.price_per_kg = 200 USD/kg")
    assert f"{v.verdict} - {v.summary}" in text and v.reasoning[1] in text
    assert "holds only if - " in text  # the claim that holds because of its conditions
    assert "Starcloud" in text and "does not hold" in text  # the preset's own, sourced claims


def test_reconciliation_notebook_runs_and_agrees_with_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nb = execute("reconciliation.ipynb", tmp_path, monkeypatch)
    text = text_of(nb)
    r = reconcile("mccalip-1gw", "mccalip")
    assert "order: " + " -> ".join(r.order) in text
    for bridge in r.bridges:
        assert f"A {bridge.a:.4g} -> B {bridge.b:.4g}" in text
    # the markdown says both sides are infeasible: the printed verdicts must say so too
    assert text.count("infeasible: ") == sum(1 for side in (r.a, r.b) if side.reasons) == 2
    assert "not mapped: " in text and images_of(nb) == 1
