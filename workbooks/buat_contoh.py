"""Regenerate the example workbooks of workbooks/ from their source figures.

    python workbooks/buat_contoh.py

workbooks/2023/ holds the five unit workbooks of LKj Kemensos 2023, filled with
workbooks/2023/sumber/angka-mentah-lkj-2023.yaml (and the reviewer's dilaporkan-2023.xlsx from
sumber/dilaporkan-lkj-2023.yaml); workbooks/2023-triwulan/ the twenty quarterly workbooks (five units ×
TW1–TW4) of the monitoring example, filled with sumber/angka-triwulan-2023.yaml (the report's monthly PKH
and Sembako series, the annual figures as TW4, clearly labelled synthetic figures elsewhere);
workbooks/pemda-2024/ the three of the (invented) Pemerintah Kabupaten Contoh, filled with the example
figures of sumber/angka-contoh-2024.yaml. The workbooks are written by the same template writer as
`kinerja-xl templat`; a test checks that the committed files equal a fresh generation, so the examples
cannot drift from the template.
"""

from pathlib import Path

from kinerja_xl.catalog import load_catalog
from kinerja_xl.pipeline.examples import build_examples, build_reported_example, load_example_figures

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLES = (
    ("katalog-kemensos-2023.yaml", "2023", "angka-mentah-lkj-2023.yaml"),
    ("katalog-kemensos-2023.yaml", "2023-triwulan", "angka-triwulan-2023.yaml"),
    ("katalog-pemda-contoh-2024.yaml", "pemda-2024", "angka-contoh-2024.yaml"),
)

if __name__ == "__main__":
    for catalog_name, folder, figures in EXAMPLES:
        catalog = load_catalog(ROOT / "templates" / catalog_name)
        written = [path for raw in load_example_figures(HERE / folder / "sumber" / figures)
                   for path in build_examples(catalog, raw, HERE / folder)]
        if folder == "2023":
            written.append(build_reported_example(catalog))
        for path in written:
            print(f"ditulis: {path.relative_to(ROOT)}")
