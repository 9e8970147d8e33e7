"""The example notebooks run top to bottom in a fresh kernel (nbclient), as a user would run them."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "examples" / "notebooks"
MINE = ("design_and_compare.ipynb", "sweep_to_pandas.ipynb", "simulation_to_xarray.ipynb")


@pytest.mark.parametrize("name", MINE)
def test_notebook_runs_top_to_bottom(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the kernel is a new process: it imports this checkout's skyrack, and runs in the notebook's folder
    src = str(ROOT / "src")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")])))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's own inline backend, as in Jupyter
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")  # shipped clean
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, with the cell and its traceback, if any cell fails
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count for cell in code)  # every cell ran
    errors = [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert not errors
    if name == "sweep_to_pandas.ipynb":  # the plot comes back as an image, as Jupyter shows it
        images = [o for cell in code for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(images) == 1
