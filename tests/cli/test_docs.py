"""The README stays in step with the commands and the repository (sqlite-utils style)."""

from __future__ import annotations

import re

from kinerja_xl.cli import ALIASES, cli

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_and_alias_is_documented():
    commands = set(cli.commands)
    documented = set(re.findall(r"\| `kinerja-xl (\w+)[^`]*` \(`(\w+)`\)", README))
    assert {name for name, _ in documented} == commands
    assert {alias: name for name, alias in documented} == {a: n for a, n in ALIASES.items() if n in commands}


def test_setup_is_two_commands_that_refer_to_real_paths():
    block = README.split("## Set-up (two commands)", 1)[1].split("```", 2)[1]
    commands = [line for line in block.splitlines() if line and not line.startswith(("#", "bash"))]
    assert len(commands) == 2
    assert "kinerja-xl konsolidasi workbooks/2023" in commands[0]
    assert "python -m pytest" in commands[1]
    assert (ROOT / "workbooks" / "2023").is_dir()


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in ci


def test_documented_options_exist():
    for command, option in [("templat", "--makro"), ("templat", "--dilaporkan"), ("templat", "--peluncur"),
                            ("templat", "--semua-unit"), ("hitung", "--keluaran"), ("reviu", "--dilaporkan"),
                            ("reviu", "--toleransi"), ("hitung", "--paksa"), ("validasi", "--paksa"),
                            ("riwayat", "--periksa"), ("riwayat", "--pulihkan"), ("banding", "--lembar"),
                            ("kunci", "--buka"), ("kunci", "--alasan"), ("kunci", "--oleh"),
                            ("konsolidasi", "--buku-besar"), ("validasi", "--tanpa-buku-besar"),
                            ("hitung", "--tanpa-salinan"), ("pantau", "--buku-besar")]:
        params = {opt for p in cli.commands[command].params for opt in getattr(p, "opts", [])}
        assert option in params and option in README, (command, option)


def _readme_layers() -> list[list[str]]:
    """The layers of the README's tree (its ``kinerja_xl/`` block), top first, as module names."""
    block = README.split("## How it works", 1)[1].split("```", 2)[1]
    lines = block.splitlines()
    start = lines.index("kinerja_xl/")
    layers = []
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        names = line.strip().split("   ")[0].split(" | ")
        layers.append(["kinerja_xl." + n.strip().rstrip("/").removesuffix(".py") for n in names])
    return layers


def test_the_readme_shows_the_layers_that_ci_enforces():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["type"] == "layers")
    enforced = [[name.strip() for name in layer.split("|")] for layer in contract["layers"]]
    assert _readme_layers() == enforced
    package = ROOT / "kinerja_xl"
    tops = {f"kinerja_xl.{p.stem}" for p in package.iterdir()
            if (p.suffix == ".py" and p.stem not in ("__init__", "__main__")) or (p / "__init__.py").is_file()}
    assert tops == {name for layer in enforced for name in layer}  # every module sits in a layer
