"""The performance tree as data: schema, loader and checks."""

from pathlib import Path

from ..errors import CatalogError
from .loader import load_catalog, parse_catalog
from .schema import Catalog, Node

#: The catalog bundled with the package (the LKj Kemensos 2023 example), used when none is named.
DEFAULT_CATALOG = Path(__file__).resolve().parents[1] / "data" / "katalog-kemensos-2023.yaml"

__all__ = ["DEFAULT_CATALOG", "Catalog", "CatalogError", "Node", "load_catalog", "parse_catalog"]
