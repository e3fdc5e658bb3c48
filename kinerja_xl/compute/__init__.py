"""Pure arithmetic of the performance cycle: no openpyxl, no file I/O."""
