"""Every notebook in notebooks/ runs top to bottom, and is committed without outputs.

The notebooks are executed with nbclient in a kernel of this same Python (ipykernel from the
test extra), working directory notebooks/ as in Jupyter, against the shipped glossary; a cell
that raises fails the test with the cell's source and the error.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the test extra installs nbformat")
nbclient = pytest.importorskip("nbclient", reason="the test extra installs nbclient")

from conftest import ROOT  # noqa: E402
from test_notebook import assert_offline_fragment  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 300


def execute(path: Path, parameters: dict | None = None):
    notebook = nbformat.read(path, as_version=4)
    if parameters:
        inject(notebook, parameters)
    client = nbclient.NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as error:
        pytest.fail(f"{path.name}: a cell failed:\n{error}", pytrace=False)
    return notebook


def inject(notebook, parameters: dict) -> None:
    """Set ``NAME = value`` lines in the cell tagged ``parameters`` (papermill's convention)."""
    cell = next(c for c in notebook.cells if "parameters" in c.get("metadata", {}).get("tags", []))
    for name, value in parameters.items():
        cell.source, count = re.subn(rf"(?m)^{name}\s*=.*$", f"{name} = {value!r}", cell.source)
        assert count == 1, f"no {name} in the parameters cell"


def html_outputs(notebook) -> list[str]:
    return [out["data"]["text/html"] for cell in notebook.cells if cell.cell_type == "code"
            for out in cell.outputs if "text/html" in out.get("data", {})]


def test_there_are_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert len(names) >= 2, names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {index} has outputs: strip them"
            assert cell.execution_count is None, f"{path.name} cell {index} has an execution count"
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom_on_the_shipped_glossary(path):
    notebook = execute(path)
    outputs = html_outputs(notebook)
    assert outputs, "the notebook shows nothing as HTML"
    for fragment in outputs:
        assert_offline_fragment(fragment)
    errors = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs
              if out.get("output_type") == "error" or out.get("name") == "stderr" and "Traceback" in out.get("text", "")]
    assert not errors


def test_analysis_notebook_takes_another_glossary(corpus):
    path = ROOT / "notebooks" / "02-analyse-a-glossary.ipynb"
    notebook = execute(path, {"TERMS": str(corpus)})
    text = "\n".join(html_outputs(notebook))
    assert str(corpus) in text  # the summary names the folder it analysed
    images = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs
              if "image/png" in out.get("data", {})]
    assert len(images) >= 2, "the plots were not drawn"

