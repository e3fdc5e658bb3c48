"""``kinerja-xl katalog``: check a catalog and print its tree; ``--baru`` writes a starter catalog."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError, writing
from .app import cli, load_catalog_or_fail
from .output import echo, json_for_terminal


@cli.command("katalog")
@click.argument("berkas", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Cetak katalog sebagai JSON.")
@click.option("--baru", "new", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
              help="Tulis katalog awal yang sudah valid, dengan penjelasan setiap kunci, ke BERKAS.")
@click.option("--timpa", is_flag=True, help="Dengan --baru: timpa BERKAS yang sudah ada.")
def catalog_command(berkas: Path | None, as_json: bool, new: Path | None, timpa: bool) -> None:
    """Periksa katalog dan cetak pohon kinerjanya (atau buat katalog baru dengan --baru)."""
    if new is not None:
        write_starter(new, timpa)
        return
    catalog = load_catalog_or_fail(berkas)
    if as_json:
        import json

        from ..catalog.export import catalog_tree

        click.echo(json_for_terminal(json.dumps(catalog_tree(catalog), ensure_ascii=False, indent=2)))
        return
    from ..catalog.export import catalog_lines

    for line in catalog_lines(catalog):
        echo(line)
    echo(f"Katalog valid: {catalog.id} (hash {catalog.content_hash}).")


def write_starter(path: Path, overwrite: bool) -> None:
    from ..atomic import atomic_write
    from ..catalog import STARTER_CATALOG

    if path.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"katalog baru harus berekstensi .yaml: {path.name}")
    if path.exists() and not overwrite:
        raise UsageError(f"berkas sudah ada: {path}. Pilih nama lain atau tambahkan --timpa.")
    with writing(path), atomic_write(path) as tmp:
        tmp.write_bytes(STARTER_CATALOG.read_bytes())
    echo(f"ditulis: {path}")
    echo("Sunting berkas itu (penjelasan setiap kunci: docs/katalog.md), lalu periksa: "
         f"kinerja-xl katalog {path}")
