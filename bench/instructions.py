"""Instructions, not seconds: `kinerja-xl validasi --jobs 1` against the calamine floor, counted by valgrind.

    python bench/instructions.py                           # this checkout
    python bench/instructions.py --bandingkan ../lain      # and another checkout, on the same files

A timed run on a shared machine varies by ±10 % (another process takes a core for a while); the instructions a run
executes vary by well under 0,1 %. So this is the tool for "did this change make the code cheaper": the two
versions are counted on the same workbooks, the same ledger state and the same hash seed. Each step runs on 20
workbooks (one of every unit and quarter: every layout a batch builds) and on 100; the difference gives what each
file costs, the rest is what a run costs once (interpreter, imports, catalog, layouts). Both are projected to
1.000 files.

Instructions are not time. The interpreter's start-up and imports run fewer instructions per millisecond than
calamine's loops over a sheet, so the projected ratio is lower than the timed one of bench/run.py, whose ratios
are the ones recorded. Needs valgrind (Debian: `apt-get install valgrind`); not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import READ_CALAMINE  # noqa: E402 - the floor bench/run.py times, the same script

SMALL, LARGE, PROJECTED = 20, 100, 1000


def count(cmd: list[str], folder: Path, root: Path) -> int:
    """Instructions of ``cmd`` (its last argument replaced by a fresh copy of ``folder``, ledger included)."""
    with tempfile.TemporaryDirectory(prefix="kinerja-instruksi-") as tmp:
        copy = Path(tmp) / folder.name
        shutil.copytree(folder, copy)
        out = Path(tmp) / "callgrind.out"
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=str(root))
        run = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                              *[str(copy) if part == "FOLDER" else part for part in cmd]],
                             cwd=root, env=env, capture_output=True, text=True)
        found = re.findall(r"Collected : (\d+)", run.stderr)
        if run.returncode not in (0, 1) or len(found) != 1:
            raise SystemExit(f"valgrind gagal ({run.returncode}): {run.stderr[-2000:]}")
        return int(found[0])


def split(small: int, large: int) -> tuple[float, float]:
    """(once per run, per file) from the counts of SMALL and LARGE files."""
    per_file = (large - small) / (LARGE - SMALL)
    return small - SMALL * per_file, per_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bandingkan", type=Path, action="append", default=[], metavar="CHECKOUT",
                        help="checkout lain yang dihitung pada berkas yang sama (boleh berulang)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind tidak ditemukan; pasang dulu (Debian: apt-get install valgrind)")
    py = os.path.realpath(sys.executable)  # the interpreter itself: valgrind does not follow a launcher's exec
    roots = [ROOT, *(p.resolve() for p in args.bandingkan)]
    with tempfile.TemporaryDirectory(prefix="kinerja-instruksi-") as tmp:
        large = Path(tmp) / f"n{LARGE}"
        subprocess.run([py, str(ROOT / "bench" / "run.py"), "--n", str(LARGE), "--buat", str(large)], check=True,
                       cwd=ROOT)
        small = Path(tmp) / f"n{SMALL}"
        small.mkdir()
        for path in sorted(large.glob("*.xlsx"), key=lambda p: p.stem[-4:])[:SMALL]:  # by the number run.py gives
            shutil.copy2(path, small / path.name)  # the first SMALL made: every unit in every quarter
        for root in roots:  # as installed: from bytecode (a first run would count compiling the package)
            subprocess.run([py, "-m", "compileall", "-q", str(root / "kinerja_xl")], check=True,
                           stdout=subprocess.DEVNULL)
        for folder in (small, large):  # recorded once: the ledger knows the files, as in bench/run.py
            subprocess.run([py, "-m", "kinerja_xl", "validasi", str(folder), "-j", "2"], cwd=ROOT,
                           env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True)
        floor = split(count([py, "-c", READ_CALAMINE, "FOLDER"], small, ROOT),
                      count([py, "-c", READ_CALAMINE, "FOLDER"], large, ROOT))
        print(f"instruksi (valgrind callgrind; {SMALL} dan {LARGE} berkas, diproyeksikan ke {thousands(PROJECTED)} "
              "berkas):")
        show("baca_calamine", floor, floor)
        for root in roots:
            cmd = [py, "-m", "kinerja_xl", "validasi", "FOLDER", "-j", "1"]
            show(f"validasi_j1 {root}", split(count(cmd, small, root), count(cmd, large, root)), floor)


def show(name: str, cost: tuple[float, float], floor: tuple[float, float]) -> None:
    once, per_file = cost
    total, floor_total = once + PROJECTED * per_file, floor[0] + PROJECTED * floor[1]
    print(f"  {name}")
    print(f"    sekali {decimal(once / 1e6, 1):>8} jt   per berkas {decimal(per_file / 1e6, 2):>6} jt   "
          f"{thousands(PROJECTED)} berkas {decimal(total / 1e9, 2):>6} miliar   "
          f"/ baca_calamine {decimal(total / floor_total, 2)}")


def decimal(value: float, places: int) -> str:
    """``1,65``: a decimal comma, as every figure kinerja-xl shows."""
    return f"{value:.{places}f}".replace(".", ",")


def thousands(value: int) -> str:
    """``1.000``: a thousands dot."""
    return f"{value:_}".replace("_", ".")


if __name__ == "__main__":
    main()
