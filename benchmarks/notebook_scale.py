#!/usr/bin/env python3
"""Writes a portal whose one tutorial is a large notebook, for issue 16's scale check: 200 cells
(100 markdown, 100 code), 50 of the code cells with a PNG of noise (which does not compress, as
photographs and dense plots do not), about 20 MB in all.

    python3 benchmarks/notebook_scale.py OUT     # writes OUT/content and OUT/templates

Then time `portal build --content OUT/content --templates OUT/templates --output OUT/site`.
"""
import base64
import json
import os
import random
import shutil
import struct
import sys
import zlib


def png(rng, width=640, height=480):
    """A valid PNG of random grey pixels: about width * height bytes, as zlib cannot shrink noise."""
    rows = b"".join(b"\x00" + rng.randbytes(width) for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b"")


def lines(text):
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def main(out):
    rng = random.Random(16)
    shutil.rmtree(out, ignore_errors=True)
    here = os.path.dirname(os.path.abspath(__file__))
    shutil.copytree(os.path.join(here, "..", "templates"), os.path.join(out, "templates"))
    content = os.path.join(out, "content")
    for folder in ("pages", "tutorials", "breakouts"):
        os.makedirs(os.path.join(content, folder))
    with open(os.path.join(content, "site.yml"), "w") as handle:
        handle.write("title: Scale\ndescription: One large notebook.\nnav:\n  - title: Tutorials\n    link: tutorials/\n")
    with open(os.path.join(content, "pages", "index.md"), "w") as handle:
        handle.write("---\ntitle: Home\n---\n\nA large notebook.\n")
    with open(os.path.join(content, "tutorials", "_index.md"), "w") as handle:
        handle.write("---\ntitle: Tutorials\n---\n")
    with open(os.path.join(content, "breakouts", "open-data.md"), "w") as handle:
        handle.write("---\ntitle: Open data\nsummary: Data.\nnumber: 1\ntheme: Data.\nneeds: [Data]\nactions: [Share]\n---\n\nAbout.\n")
    front = "---\ntitle: A large notebook\nsummary: 200 cells and 50 plots.\nlevel: advanced\nduration: 2 h\nareas: [open-data]\nauthors: [Scale Test]\ndate: 2026-12-04\n---"
    cells = [{"cell_type": "raw", "id": "front", "metadata": {}, "source": lines(front)}]
    for number in range(100):
        cells.append({"cell_type": "markdown", "id": "m%03d" % number, "metadata": {},
                      "source": lines("## Step %d\n\nWe compute $x_{%d} = \\sqrt{%d}$ and look at the result, as the plot shows.\n" % (number, number, number))})
        outputs = [{"name": "stdout", "output_type": "stream", "text": ["%d\n" % rng.randrange(1000)]}]
        metadata = {}
        if number % 2 == 0:
            outputs.append({"data": {"image/png": base64.b64encode(png(rng)).decode("ascii") + "\n", "text/plain": ["<Figure>"]},
                            "metadata": {}, "output_type": "display_data"})
            metadata = {"alt": "Noise, plot %d" % number}
        cells.append({"cell_type": "code", "execution_count": number + 1, "id": "c%03d" % number, "metadata": metadata,
                      "source": lines("import numpy as np\nx = np.sqrt(%d)\nprint(x)" % number), "outputs": outputs})
    notebook = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
                "nbformat": 4, "nbformat_minor": 5}
    path = os.path.join(content, "tutorials", "large.ipynb")
    with open(path, "w") as handle:
        json.dump(notebook, handle, indent=1)
    print("wrote %s (%.1f MB)" % (path, os.path.getsize(path) / 1e6))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
