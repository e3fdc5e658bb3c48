"""The performance tree as data: schema, loader and checks."""

from pathlib import Path

from ..errors import CatalogError
from .loader import load_catalog, parse_catalog
from .schema import Catalog, Node

#: The catalog bundled with the package (the example of the README), used when none is named.
DEFAULT_CATALOG = Path(__file__).resolve().parents[1] / "data" / "katalog-kemensos-2023.yaml"
#: A small, valid, commented catalog to start a new one from (``kinerja-xl katalog --baru``).
STARTER_CATALOG = DEFAULT_CATALOG.with_name("katalog-baru.yaml")

__all__ = ["DEFAULT_CATALOG", "STARTER_CATALOG", "Catalog", "CatalogError", "Node", "load_catalog", "parse_catalog"]
