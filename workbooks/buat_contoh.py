"""Regenerate the example workbooks of workbooks/2023/ from the raw figures of LKj 2023.

    python workbooks/buat_contoh.py

The workbooks are written by the same template writer as `kinerja-xl templat`, filled with
workbooks/2023/sumber/angka-mentah-lkj-2023.yaml (and the reviewer's dilaporkan-2023.xlsx from
sumber/dilaporkan-lkj-2023.yaml); a test checks that the committed files equal a
fresh generation, so the examples cannot drift from the template.
"""

from pathlib import Path

from kinerja_xl.catalog import load_catalog
from kinerja_xl.pipeline.examples import build_examples, build_reported_example, load_raw_figures

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

if __name__ == "__main__":
    catalog = load_catalog(ROOT / "templates" / "katalog-kemensos-2023.yaml")
    raw = load_raw_figures(HERE / "2023" / "sumber" / "angka-mentah-lkj-2023.yaml")
    for path in [*build_examples(catalog, raw, HERE / "2023"), build_reported_example(catalog)]:
        print(f"ditulis: {path.relative_to(ROOT)}")
