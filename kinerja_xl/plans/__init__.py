"""Sheet plans: what goes where on every sheet kinerja_xl writes, with no spreadsheet library.

A plan is built once from a layout and a computation (cells, formulas rendered from the engine's
expressions, cached values, styles by name); the writers in :mod:`kinerja_xl.render` and the Excel
buttons only place what a plan says.
"""
