"""Writes the notebook fixtures with nbformat itself, so they are what Jupyter writes.

Run from this folder: python3 make-fixtures.py (needs `pip install nbformat`).
"""
import nbformat
from nbformat.v4 import (new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell)

# A 1x1 transparent PNG.
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\n"

notebook = new_notebook(metadata={
    "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"},
    "language_info": {"name": "python"},
})
notebook.cells = [
    new_raw_cell("---\ntitle: Fitting a peak\nsummary: \"A café-free tutorial\"\n---\n"),
    new_markdown_cell("# Fitting\n\nSee [the data](data.md) and ![plot](attachment:plot.png).",
                      attachments={"plot.png": {"image/png": PNG}}, metadata={"tags": ["intro", "physics"]}),
    new_code_cell("import numpy as np\nprint('hi')\nnp.arange(3)", execution_count=2, outputs=[
        new_output("stream", name="stdout", text="hi\n"),
        new_output("execute_result", data={"text/plain": "array([0, 1, 2])"}, execution_count=2),
        new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}, metadata={"image/png": {"width": 1}}),
        new_output("error", ename="ValueError", evalue="bad \"value\"", traceback=["Traceback:", "ValueError: bad"]),
    ]),
]
for index, cell in enumerate(notebook.cells):
    cell["id"] = f"cell-{index}"
nbformat.validate(notebook)
nbformat.write(notebook, "tutorial.ipynb")

meta = new_notebook(metadata={"portal": {"title": "From metadata", "tags": ["ml"]}})
meta.cells = [new_markdown_cell("Text.", id="only")]
nbformat.validate(meta)
nbformat.write(meta, "metadata-front-matter.ipynb")
