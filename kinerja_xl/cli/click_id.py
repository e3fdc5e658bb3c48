"""click's own words in Bahasa Indonesia: usage errors, help sections, defaults.

click words its messages through :mod:`gettext` (``_(...)`` and ``ngettext(...)`` in each of its modules);
:func:`install` gives those modules a translation that looks each message up here, so "No such option",
"File 'out' is a directory." or ``[default: …]`` reach the user as Indonesian sentences, including messages
of commands and options added later. A message missing from the table stays as click wrote it (a test
walks the usage errors of every command and fails on English).
"""

from __future__ import annotations

import sys

#: click's message ids (as in its source) -> Indonesian. ``{...}`` fields are click's own.
MESSAGES = {
    # help
    "Usage:": "Penggunaan:",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Positional arguments": "Argumen",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "default: {default}": "bawaan: {default}",
    "required": "wajib",
    "env var: {var}": "variabel lingkungan: {var}",
    "(dynamic)": "(dinamis)",
    "deprecated": "usang",
    "Choose from:\n\t{choices}": "Pilih dari:\n\t{choices}",
    # usage errors
    "Error: {message}": "Galat: {message}",
    "Try '{command} {option}' for help.": "Lihat '{command} {option}' untuk bantuan.",
    "Invalid value: {message}": "nilai tidak valid: {message}",
    "Invalid value for {param_hint}: {message}": "nilai tidak valid untuk {param_hint}: {message}",
    "Missing argument": "argumen wajib belum diberikan:",
    "Missing option": "opsi wajib belum diberikan:",
    "Missing parameter": "parameter wajib belum diberikan:",
    "Missing {param_type}": "{param_type} wajib belum diberikan:",
    "Missing parameter: {param_name}": "parameter wajib belum diberikan: {param_name}",
    "Missing command.": "perintah belum diberikan.",
    "No such option {name!r}.": "opsi {name!r} tidak dikenal.",
    "No such command {name!r}.": "perintah {name!r} tidak dikenal.",
    "Option {name!r} does not take a value.": "opsi {name!r} tidak menerima nilai.",
    "Option {name!r} requires an argument.": "opsi {name!r} memerlukan nilai.",
    "Option {name!r} requires {nargs} arguments.": "opsi {name!r} memerlukan {nargs} nilai.",
    "Argument {name!r} takes {nargs} values.": "argumen {name!r} memerlukan {nargs} nilai.",
    "Got unexpected extra argument ({args})": "argumen berlebih: {args}",
    "Got unexpected extra arguments ({args})": "argumen berlebih: {args}",
    "Takes {nargs} values but 1 was given.": "memerlukan {nargs} nilai, diberikan 1.",
    "Takes {nargs} values but {len} were given.": "memerlukan {nargs} nilai, diberikan {len}.",
    "Did you mean {possibility}?": "Mungkin maksud Anda {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Mungkin maksud Anda salah satu dari: {possibilities}?)",
    "Invalid start character for option ({option})": "awal opsi tidak sah ({option})",
    "Value must be an iterable.": "nilai harus berupa daftar.",
    # values
    "{value!r} is not {choice}.": "{value!r} bukan {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} bukan salah satu dari {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} bukan nilai benar/salah yang sah; pilihan: {states}",
    "{value!r} is not a valid UUID.": "{value!r} bukan UUID yang sah.",
    "{value!r} does not match the format {format}.": "{value!r} tidak sesuai format {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} tidak sesuai format {formats}.",
    # paths
    "file": "Berkas",
    "directory": "Folder",
    "path": "Path",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas, bukan folder.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder, bukan berkas; sebutkan nama berkas "
                                           "di dalamnya.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca; periksa izin aksesnya.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulis; periksa izin aksesnya.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} tidak dapat dijalankan.",
    "Could not open file {filename!r}: {message}": "berkas {filename!r} tidak dapat dibuka: {message}",
    "unknown error": "galat tidak dikenal",
    "Aborted!": "Dibatalkan.",
}

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils", "termui")


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Route click's ``_``/``ngettext`` of every module through :data:`MESSAGES`."""
    import click  # noqa: F401 - its modules are loaded by this import

    from click import types

    # a number type's name goes into "'x' is not a valid {number_type}." untranslated: name them here
    for kind, word in ((types.IntParamType, "bilangan bulat"), (types.IntRange, "bilangan bulat"),
                       (types.FloatParamType, "angka"), (types.FloatRange, "angka")):
        kind.name = word
    for name in _MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
