"""The performance tree as data: schema, loader and checks."""

from .loader import load_catalog, parse_catalog
from .schema import Catalog, CatalogError, Node

__all__ = ["Catalog", "CatalogError", "Node", "load_catalog", "parse_catalog"]
