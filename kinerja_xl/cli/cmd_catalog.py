"""``kinerja-xl katalog``: check a catalog and print its tree."""

from __future__ import annotations

from pathlib import Path

import click

from .app import cli, load_catalog_or_fail


@cli.command("katalog")
@click.argument("berkas", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Cetak katalog sebagai JSON.")
def catalog_command(berkas: Path | None, as_json: bool) -> None:
    """Periksa katalog dan cetak pohon kinerjanya."""
    catalog = load_catalog_or_fail(berkas)
    if as_json:
        import json

        from ..catalog.export import catalog_tree

        click.echo(json.dumps(catalog_tree(catalog), ensure_ascii=False, indent=2))
        return
    from ..catalog.export import catalog_lines

    for line in catalog_lines(catalog):
        click.echo(line)
    click.echo(f"Katalog valid: {catalog.id} (hash {catalog.content_hash}).")

