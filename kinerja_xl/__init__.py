"""kinerja_xl: the SAKIP performance cycle of an Indonesian ministry as reliable Excel work."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__version__ = "0.1.0"


def lazy_names(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """The module ``__getattr__`` (PEP 562) of ``package`` that imports each of ``names`` (name -> submodule) on
    first use and keeps it in the package, so a command that does not use them starts without them."""

    def __getattr__(name: str) -> Any:
        if name in names:
            import importlib
            import sys

            value = getattr(importlib.import_module(f"{package}.{names[name]}"), name)
            setattr(sys.modules[package], name, value)
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
