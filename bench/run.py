"""Benchmark kinerja-xl against its floors and naive baselines, side by side in one run.

    python bench/run.py --n 200 --repeat 1   # quick
    python bench/run.py --n 1000             # the figures recorded in README.md (best of two rounds)
    python bench/run.py --n 300 --ukur repack,hitung_j1   # only these measurements (and their ratios)

Generates N unit workbooks from the template with random valid figures, then times, each as a fresh process
from the shell: (a) reading every cell with python-calamine alone (the floor of reading), (b) reading every
cell with openpyxl (what a naive tool does) and an analyst's `pandas.read_excel` of every sheet with the
calamine engine, (c) `kinerja-xl validasi`, (d) `kinerja-xl konsolidasi` (of N annual files, each with its
unit's survey answers, against the calamine floor of the same files), (e) `kinerja-xl hitung` (write-back)
against the re-pack floor (Python's zipfile reads every member of each file and writes a new deflated zip: the
least any tool that rewrites a workbook does) and a bare openpyxl load + save of the same files, (f)
`kinerja-xl pantau` of the N files spread over TW1–TW4 against (c) of the same files, with --jobs 1 and 2; the
ledger's cost (validasi recording N files new to it, and a second run that only hashes them, against
--tanpa-buku-besar; and validasi of 10 files against a ledger that also holds --versi-buku-besar other versions,
against their own ledger: the start-up does not grow with the ledger); plus peak memory (validasi: 10 files vs N,
also with an empty ledger; pantau: 20 files, every unit in every quarter, vs N; hitung: 25 files, one of every
unit and period and so every layout, vs N) and start-up. Each round runs every measurement once, in
turn; each figure is the best of the rounds. Prints ratios and writes bench/out/results.json (with every run).
Not part of the test suite: timings never gate a unit test.

The workbooks are generated in a child process: a child's peak memory as the kernel reports it includes
what its parent held when it was forked, so this process stays small.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

READ_CALAMINE = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
n = 0
for p in sorted(Path(sys.argv[1]).glob('*.xlsx')):
    with CalamineWorkbook.from_path(str(p)) as wb:
        for name in wb.sheet_names:
            for row in wb.get_sheet_by_name(name).to_python():
                n += len(row)
print(n)
"""

READ_OPENPYXL = """
import sys
from pathlib import Path
from openpyxl import load_workbook
n = 0
for p in sorted(Path(sys.argv[1]).glob('*.xlsx')):
    wb = load_workbook(p, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            n += len(row)
print(n)
"""

READ_PANDAS = """
import sys
from pathlib import Path
import pandas as pd
n = 0
for p in sorted(Path(sys.argv[1]).glob('*.xlsx')):
    for frame in pd.read_excel(p, sheet_name=None, header=None, engine='calamine').values():
        n += frame.size
print(n)
"""

REPACK_ZIPFILE = """
import sys
import zipfile
from pathlib import Path
out = Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
for p in sorted(Path(sys.argv[1]).glob('*.xlsx')):
    with zipfile.ZipFile(p) as source, zipfile.ZipFile(out / p.name, 'w', zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info), zipfile.ZIP_DEFLATED)
"""

LOAD_SAVE_OPENPYXL = """
import sys
from pathlib import Path
from openpyxl import load_workbook
out = Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
for p in sorted(Path(sys.argv[1]).glob('*.xlsx')):
    load_workbook(p).save(out / p.name)
"""


def random_values(catalog, unit: str, rng: random.Random) -> dict:
    """Valid figures: counts with numerator <= denominator <= population, percentages in range."""
    from kinerja_xl.compute.expr import InputRef

    values: dict = {}
    for f in catalog.fields_of_unit(unit):
        ref = InputRef(f.node, f.key, unit)
        role = f.key.rsplit(".", 1)[-1]
        if f.kind == "desimal":
            low = float(f.minimum or 0)
            high = float(f.maximum) if f.maximum is not None else 100.0
            values[ref] = Decimal(str(round(rng.uniform(max(low, high * 0.6), high), 2)))
        elif role in ("penyebut", "pagu", "pagu_awal", "pagu_akhir", "bobot"):
            values[ref] = Decimal(rng.randint(1_000, 5_000_000))
    for f in catalog.fields_of_unit(unit):
        ref = InputRef(f.node, f.key, unit)
        role = f.key.rsplit(".", 1)[-1]
        base = f.key[: -len(role)]
        if role in ("pembilang", "realisasi"):
            den = values.get(InputRef(f.node, base + ("penyebut" if role == "pembilang" else "pagu"), unit),
                             Decimal(1000))
            values[ref] = Decimal(int(den * Decimal(str(rng.uniform(0.8, 1.0)))))
        elif role == "populasi":
            values[ref] = values[InputRef(f.node, "penyebut", unit)] * 3
    return {r: v for r, v in values.items() if not r.key.endswith(".persen")}


def random_survey(catalog, unit: str, period: str, rng: random.Random) -> list[list]:
    """Respondent rows for the unit's Survei sheet, when the catalog gives it one (Kemensos: the annual
    workbooks): a few hundred to a few thousand respondents answering 1–4, mostly 3 and 4."""
    from kinerja_xl.unit_layout import unit_layout

    layout = unit_layout(catalog, unit, period=period).survey
    if layout is None:
        return []
    rows = []
    for number in range(1, rng.randint(300, 3000) + 1):
        line: list = [None] * layout.last_col
        line[0] = number
        for item in layout.spec.items:
            line[layout.answer_col(item.code) - 1] = rng.choice((2, 3, 3, 4, 4, 4))
        rows.append(line)
    return rows


QUARTERS = ("TW1", "TW2", "TW3", "TW4")
PERIODS = (*QUARTERS, "tahunan")


def generate(n: int, folder: Path, seed: int = 2023, periods: tuple[str, ...] = QUARTERS) -> None:
    sys.path.insert(0, str(ROOT))  # this checkout's kinerja_xl, as `python -m kinerja_xl` from ROOT runs it
    from kinerja_xl.catalog import load_catalog
    from kinerja_xl.pipeline.templates import write_unit_workbook

    catalog = load_catalog(ROOT / "templates" / "katalog-kemensos-2023.yaml")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    units = [u.code for u in catalog.units]
    # Every unit and period, round-robin; past 5 × len(periods) files the same unit/period repeats, which
    # validation reports (berkas-ganda) without stopping: the batch is still read and checked in full.
    for i in range(n):
        unit = units[i % len(units)]
        year = catalog.year
        period = periods[(i // len(units)) % len(periods)]
        write_unit_workbook(catalog, unit, folder / f"kinerja-{unit}-{year}-{period}-{i:04d}.xlsx", year=year,
                            period=period, values=random_values(catalog, unit, rng),
                            identity={"penanggung_jawab": f"Petugas {i}"},
                            survey_rows=random_survey(catalog, unit, period, rng))


def grow_ledger(path: Path, n: int) -> None:
    """Add ``n`` versions to the ledger at ``path`` through its own recording code (what years of submissions
    and corrected re-sends leave): each a copy of a version already there with its own SHA-256 and one input
    changed (so its own content record), seen over five years; no stored copies (the start-up does not read
    them). About 5.000 versions a second."""
    import datetime as dt
    from dataclasses import fields, replace

    from kinerja_xl.ledger import Ledger, Sighting
    from kinerja_xl.ledger.chain import sha256_hex
    from kinerja_xl.ledger.records import FileFacts

    with Ledger(path) as ledger:
        stored = ((v, ledger.content(v.fingerprint)) for v in ledger.versions() if v.fingerprint)
        seeds = [(v, c) for v, c in stored if c is not None and c.inputs]
        if not seeds:
            raise SystemExit(f"{path}: belum ada versi dengan isi untuk dicontoh")
        start = dt.datetime(2019, 1, 2, 8, 0).astimezone()
        batch = 2000
        for first in range(0, n, batch):
            sightings = []
            for i in range(first, min(n, first + batch)):
                version, content = seeds[i % len(seeds)]
                changed = replace(content.inputs[0], value=content.inputs[0].value + i + 1)
                facts = {f.name: getattr(version, f.name) for f in fields(FileFacts)}
                facts.update(sha256=sha256_hex(f"versi-{i}".encode()), name=f"kirim-ulang-{i}-{version.name}",
                             location=f"arsip/kirim-ulang-{i}-{version.name}")
                sightings.append(Sighting(**facts, content=replace(content, inputs=(changed, *content.inputs[1:]))))
            ledger.record(sightings, now=start + dt.timedelta(minutes=first // 20))


def timed(cmd: list[str], before: Path | None = None) -> tuple[float, int]:
    """Wall time of one run and the peak RSS (KiB) of the command's own process; ``before``: a folder removed
    before the run (a ledger that starts empty every time)."""
    if before is not None:
        shutil.rmtree(before, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"gagal ({status}): {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss


#: Each ratio: its name, the measurement divided and the one it is divided by (time or peak memory).
RATIOS = (
    ("validasi_j1 / baca_calamine", "validasi_j1", "baca_calamine", "time"),
    ("validasi_j2 / baca_calamine", "validasi_j2", "baca_calamine", "time"),
    ("baca_openpyxl / validasi_j1", "baca_openpyxl", "validasi_j1", "time"),
    ("validasi contoh (survei) / baca_calamine contoh", "validasi_contoh_5", "baca_calamine_contoh_5", "time"),
    ("baca_pandas / baca_calamine", "baca_pandas", "baca_calamine", "time"),
    ("validasi_j1 / baca_pandas", "validasi_j1", "baca_pandas", "time"),
    ("hitung_j1 / repack", "hitung_j1", "repack", "time"),
    ("hitung_j2 / repack", "hitung_j2", "repack", "time"),
    ("hitung_j1 / openpyxl_load_save", "hitung_j1", "openpyxl_load_save", "time"),
    ("hitung_j2 / openpyxl_load_save", "hitung_j2", "openpyxl_load_save", "time"),
    ("repack / openpyxl_load_save", "repack", "openpyxl_load_save", "time"),
    ("konsolidasi_j1 / baca_calamine satu periode", "konsolidasi_j1", "baca_calamine_satu_periode", "time"),
    ("konsolidasi_j2 / baca_calamine satu periode", "konsolidasi_j2", "baca_calamine_satu_periode", "time"),
    ("pantau_j1 / validasi_j1 (berkas yang sama)", "pantau_j1", "validasi_j1", "time"),
    ("pantau_j2 / validasi_j2 (berkas yang sama)", "pantau_j2", "validasi_j2", "time"),
    ("memori validasi N / 10 berkas", "validasi_j1", "validasi_10_j1", "memory"),
    ("memori pantau N / 20 berkas", "pantau_j1", "pantau_20_j1", "memory"),
    ("memori hitung N / 25 berkas", "hitung_j1", "hitung_25_j1", "memory"),
    ("validasi_j1 (buku besar tahu berkasnya) / tanpa buku besar", "validasi_j1", "validasi_tanpa_buku_besar_j1",
     "time"),
    ("validasi_j2 (buku besar tahu berkasnya) / tanpa buku besar", "validasi_j2", "validasi_tanpa_buku_besar_j2",
     "time"),
    ("validasi_j1 (semua berkas baru) / tanpa buku besar", "validasi_buku_besar_baru_j1",
     "validasi_tanpa_buku_besar_j1", "time"),
    ("validasi_j2 (semua berkas baru) / tanpa buku besar", "validasi_buku_besar_baru_j2",
     "validasi_tanpa_buku_besar_j2", "time"),
    ("memori validasi, buku besar baru, N / 10 berkas", "validasi_buku_besar_baru_j1",
     "validasi_10_buku_besar_baru_j1", "memory"),
    ("validasi 10 berkas, buku besar besar / buku besar 10 berkas", "validasi_10_buku_besar_besar_j1",
     "validasi_10_j1", "time"),
    ("memori validasi 10 berkas, buku besar besar / buku besar 10 berkas", "validasi_10_buku_besar_besar_j1",
     "validasi_10_j1", "memory"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="jumlah buku kerja (bawaan 200)")
    parser.add_argument("--buat", type=Path, metavar="FOLDER", help=argparse.SUPPRESS)  # child: generate only
    parser.add_argument("--periode", default=",".join(QUARTERS), help=argparse.SUPPRESS)  # child: its periods
    parser.add_argument("--tambah-versi", type=Path, metavar="BUKU_BESAR", help=argparse.SUPPRESS)  # child: grow it
    parser.add_argument("--repeat", type=int, default=2,
                        help="putaran: tiap putaran menjalankan setiap pengukuran sekali, waktu terbaik dipakai "
                             "(bawaan 2: satu kali lari bervariasi ±10 %%)")
    parser.add_argument("--versi-buku-besar", type=int, default=20000, metavar="N",
                        help="versi dalam buku besar besar (bawaan 20.000): validasi 10 berkas terhadapnya")
    parser.add_argument("--ukur", metavar="NAMA,...",
                        help="hanya pengukuran ini (mis. repack,hitung_j1); bawaan: semuanya")
    args = parser.parse_args()
    if args.buat is not None:
        generate(args.n, args.buat, periods=tuple(args.periode.split(",")))
        return
    if args.tambah_versi is not None:
        grow_ledger(args.tambah_versi, args.n)
        return
    chosen = set(args.ukur.split(",")) if args.ukur else None
    py = sys.executable
    cli = [py, "-m", "kinerja_xl"]
    work = OUT / f"n{args.n}"
    small = OUT / "n10"
    layouts = OUT / "n25"  # one workbook of every unit and period: every plan a batch of N builds
    quarters = OUT / "n20"  # every unit in every quarter: the monitoring workbook a batch of N writes
    shutil.rmtree(OUT, ignore_errors=True)
    t0 = time.perf_counter()
    batches = ((args.n, work / "files", QUARTERS), (args.n, work / "satu-periode", ("tahunan",)),
               (10, small / "files", QUARTERS), (25, layouts / "files", PERIODS), (20, quarters / "files", QUARTERS))
    for count, folder, periods in batches:  # satu-periode: what konsolidasi adds up (one period)
        subprocess.run([py, __file__, "--n", str(count), "--buat", str(folder), "--periode", ",".join(periods)],
                       check=True, cwd=ROOT)
    print(f"{args.n} buku kerja dibuat dalam {time.perf_counter() - t0:.1f} s")
    # the five example workbooks, copied: the runs below record them in a ledger beside them, which belongs in
    # bench/out, not in the repository's folder (nor is a ledger a developer's own run left there read here)
    examples = OUT / "contoh-2023"
    shutil.copytree(ROOT / "workbooks" / "2023", examples, ignore=shutil.ignore_patterns("sumber", ".kinerja-xl"))
    files = str(work / "files")
    r: dict[str, float] = {}
    mem: dict[str, int] = {}
    runs: dict[str, list[float]] = {}
    plan: list[tuple[str, list[str], Path | None]] = []

    def measure(name: str, cmd: list[str], before: Path | None = None) -> None:
        """Add a measurement to every round (the rounds run once all are known)."""
        if chosen is None or name in chosen:
            plan.append((name, cmd, before))

    # an installed kinerja-xl runs from bytecode (pip compiles it on install); a checkout run with
    # PYTHONDONTWRITEBYTECODE set would compile its ~80 modules again in every timed process (~0,1 s each)
    subprocess.run([py, "-m", "compileall", "-q", str(ROOT / "kinerja_xl")], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    # every folder recorded once beforehand: the runs below measure a ledger that knows the files (the usual
    # case: a folder read again); what recording new files costs is measured on its own (buku_besar_baru)
    for folder in [*(folder for _, folder, _ in batches), examples]:
        subprocess.run([*cli, "validasi", str(folder), "-j", "2"], cwd=ROOT, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    measure("baca_calamine", [py, "-c", READ_CALAMINE, files])
    measure("baca_pandas", [py, "-c", READ_PANDAS, files])
    measure("baca_openpyxl", [py, "-c", READ_OPENPYXL, files])
    for jobs in (1, 2):
        measure(f"validasi_j{jobs}", [*cli, "validasi", files, "-j", str(jobs)])
    # the ledger: every file new to it (recorded with its content and copy), and none at all
    fresh = work / "buku-besar-baru"
    for jobs in (1, 2):
        measure(f"validasi_buku_besar_baru_j{jobs}", [*cli, "validasi", files, "-j", str(jobs), "--buku-besar",
                                                      str(fresh / "buku-besar.sqlite")], before=fresh)
        measure(f"validasi_tanpa_buku_besar_j{jobs}", [*cli, "validasi", files, "-j", str(jobs),
                                                       "--tanpa-buku-besar"])
    measure("validasi_10_buku_besar_baru_j1", [*cli, "validasi", str(small / "files"), "-j", "1", "--buku-besar",
                                               str(fresh / "kecil.sqlite")], before=fresh)
    # the one-period files are annual: each carries its unit's survey (hundreds to thousands of respondents),
    # so konsolidasi is framed by the floor of reading those files, not the quarterly ones
    measure("baca_calamine_satu_periode", [py, "-c", READ_CALAMINE, str(work / "satu-periode")])
    for jobs in (1, 2):
        measure(f"konsolidasi_j{jobs}", [*cli, "konsolidasi", str(work / "satu-periode"), "-j", str(jobs), "-o",
                                         str(work / f"konsolidasi-j{jobs}.xlsx")])
    for jobs in (1, 2):
        measure(f"pantau_j{jobs}", [*cli, "pantau", files, "-j", str(jobs), "-o", str(work / f"pantau-j{jobs}.xlsx")])
    measure("repack", [py, "-c", REPACK_ZIPFILE, files, str(work / "repack")])
    measure("openpyxl_load_save", [py, "-c", LOAD_SAVE_OPENPYXL, files, str(work / "loadsave")])
    for jobs in (1, 2):
        measure(f"hitung_j{jobs}", [*cli, "hitung", files, "-j", str(jobs), "--keluaran",
                                    str(work / f"hitung-j{jobs}")])
    measure("konsolidasi_contoh_5", [*cli, "konsolidasi", str(examples), "-o", str(work / "contoh.xlsx")])
    # the five example workbooks carry 18.380 survey respondents: reading and checking them against the floor
    measure("baca_calamine_contoh_5", [py, "-c", READ_CALAMINE, str(examples)])
    measure("validasi_contoh_5", [*cli, "validasi", str(examples), "-j", "1"])
    measure("help", [*cli, "--help"])
    measure("validasi_10_j1", [*cli, "validasi", str(small / "files"), "-j", "1"])
    # the same 10 files against a ledger that also holds years of other versions: the start-up and memory of a
    # run follow the files it reads, not the ledger's history
    if chosen is None or "validasi_10_buku_besar_besar_j1" in chosen:
        big = small / "files" / ".kinerja-xl" / "buku-besar-besar.sqlite"  # the files' places as recorded
        shutil.copyfile(big.with_name("buku-besar.sqlite"), big)
        t1 = time.perf_counter()
        subprocess.run([py, __file__, "--n", str(args.versi_buku_besar), "--tambah-versi", str(big)], check=True,
                       cwd=ROOT)
        print(f"  buku besar {args.versi_buku_besar} versi dibuat dalam {time.perf_counter() - t1:.1f} s")
    measure("validasi_10_buku_besar_besar_j1", [*cli, "validasi", str(small / "files"), "-j", "1", "--buku-besar",
                                                str(small / "files" / ".kinerja-xl" / "buku-besar-besar.sqlite")])
    measure("pantau_20_j1", [*cli, "pantau", str(quarters / "files"), "-j", "1", "-o", str(quarters / "pantau.xlsx")])
    measure("hitung_25_j1", [*cli, "hitung", str(layouts / "files"), "-j", "1", "--keluaran",
                             str(layouts / "hitung")])

    # Rounds, not repeats: each round runs every measurement once, in the order above, so a floor and what is
    # divided by it are taken at the same stretch of the run, and a slow spell of the machine falls on one run
    # of each rather than on all the runs of some.
    load = {"awal": os.getloadavg()}
    for turn in range(1, args.repeat + 1):
        print(f"putaran {turn}/{args.repeat}:")
        for name, cmd, before in plan:
            elapsed, peak = timed(cmd, before)
            runs.setdefault(name, []).append(elapsed)
            r[name], mem[name] = min(r.get(name, elapsed), elapsed), max(mem.get(name, peak), peak)
            print(f"  {name:<32} {elapsed:8.2f} s   puncak {peak / 1024:7.1f} MiB")
    load["akhir"] = os.getloadavg()
    print("\nTerbaik:")
    for name in r:
        print(f"  {name:<32} {r[name]:8.2f} s   puncak {mem[name] / 1024:7.1f} MiB")

    ratios = {name: (r[a] / r[b] if kind == "time" else mem[a] / mem[b])
              for name, a, b, kind in RATIOS if a in r and b in r}
    if "validasi_j2" in r:
        ratios["berkas_per_detik_validasi_j2"] = args.n / r["validasi_j2"]
    print("\nRasio:")
    for name, value in ratios.items():
        print(f"  {name:<60} {value:8.2f}")
    print("beban mesin (uptime, 1/5/15 menit): awal " + " ".join(f"{x:.2f}" for x in load["awal"])
          + ", akhir " + " ".join(f"{x:.2f}" for x in load["akhir"]))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps({"n": args.n, "seconds": r, "runs": runs, "peak_kib": mem,
                                                  "ratios": ratios, "cpu": os.cpu_count(), "load": load}, indent=2),
                                      encoding="utf-8")
    print(f"\nditulis: {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
