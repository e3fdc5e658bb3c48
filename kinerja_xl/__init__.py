"""kinerja_xl: the SAKIP performance cycle of an Indonesian ministry as reliable Excel work."""

__version__ = "0.1.0"
