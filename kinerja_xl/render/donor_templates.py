"""The result sheets of a batch spliced from templates: the donor built once per layout, each file's values patched.

Every file of one unit layout and period gets the same *Hasil* and *Validasi* but for their values: the cached
result of each formula (and the chart's cache of them), the status line of *Validasi* and the texts and numbers
of its rows. Writing a whole XlsxWriter donor and splicing it (:func:`.write_back.write_results`) for each file
repeats the same work; :class:`ResultTemplates` does it once per *shape* and then only patches values:

* **The key.** A file's plans (:class:`~kinerja_xl.plans.results_sheet.ResultSheet`,
  :class:`~kinerja_xl.plans.validation_sheet.ValidationSheetPlan`) are split into what varies per file (each
  cached value of *Hasil*; the status line and every row value of *Validasi*: :func:`plan_key`) and everything
  else, the key: the plan, titles, widths, row heights, print setup, the number of *Validasi* rows, their
  severities and links, and each value's kind. A value that cannot be patched in place (a text that XlsxWriter
  escapes or marks specially, a formula trigger, an error value, ``True``) is part of the key too. Whatever a plan
  holds, new fields included, is in the key unless :func:`plan_key` takes it out as a value: a new field makes the
  key finer, never a template wrong.
* **The shape.** The splice into the user's workbook depends on its part names (with their zip dates) and on the
  parts the splice reads (workbook, relationships, content types, styles, app properties); it is recorded while
  splicing (:attr:`~kinerja_xl.package.opc.Package.reads`). Files made from one template share all of them.
* **The template.** The first file of a shape has its plans written with a *sentinel* in place of every value (a
  float or a text that occurs nowhere else, with a random number of the process in it, so that no catalog or
  workbook can hold one: :func:`number_sentinel`) and spliced; the spliced parts are searched
  for the sentinels, wherever XlsxWriter put them (a cell, an inline string, a hyperlink's text, a chart's cache)
  and however it wrote them (``str()``, ``.16g`` or ``.16G`` for a number, text or attribute escaping for a
  text), and become fixed bytes (deflated once) or chunks around holes. A sentinel in any other form makes the
  shape untemplatable: its files keep the per-file donor.
* **One *Hasil* per layout.** The files of one unit and period differ in their *Validasi* (a later copy lists a
  ``berkas-ganda`` galat), so each *Validasi* makes a shape of its own, but their *Hasil* is the same: its
  values take slots 0, 1, … before *Validasi*'s, and the donor numbers *Validasi*'s looks up front, whatever
  its rows. A probe therefore hands the donor its *Hasil*'s part of the key (:attr:`PlanKey.reuse`), and the
  next probe of that *Hasil* writes the sheet and chart XlsxWriter wrote for the first instead of its cells
  (:func:`~.result_donor.result_donor_package`); the splice's rewrite of that sheet and the search of its
  part for sentinels are remembered by their bytes likewise. A new *Validasi* of a layout whose first probe
  spliced into the same user's parts needs no probe of its own at all: only its sheet and the workbook part
  differ, and they are made from that probe's record of its splice and a donor of *Validasi* alone
  (:func:`resplice_validation`).

The writer never computes from a value (widths, heights and pages are the plans'), so a value can only appear as
itself: what the sentinels find. The tests check it over many workbooks (``ResultTemplates(verify=True)`` writes
every file both ways and compares the bytes). A file whose plans cannot be keyed is written by the per-file donor,
as before. A batch keeps the templates of its last :data:`CAPACITY` shapes, so its memory does not grow with its
files.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import re
import secrets
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..memo import remember
from ..package import Package, splice_packages
from ..package.splice import SpliceRecord
from ..package.zipio import Member, write_members
from ..plans.results_sheet import ResultSheet
from ..plans.validation_sheet import ValidationSheetPlan
from ..text import safe_text
from ..unit_layout import SHEET_VALIDATION
from .result_donor import result_donor_package

#: Shapes a batch keeps (each with its parts, ~100 KB): more than the layouts of any catalog's units and periods.
CAPACITY = 48
_ERROR_VALUES = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})
#: A text XlsxWriter writes as it is in a cell, an inline string, a chart cache and an attribute (escaping
#: ``& < > "`` only): not empty, no control character or ``_xHHHH_`` (escaped), no whitespace at either end
#: (``xml:space``), no rich-text form (written raw), at most half Excel's length (never cut), and inert
#: already (:func:`~kinerja_xl.text.safe_text` changes nothing).
_SPECIAL = re.compile(r"[\x00-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$|^<r>.*</r>$", re.S)
_MAX_PLAIN = 16383
_SENTINELS = re.compile(rb"\xee\x80\x80(\d+):(\d+)\xee\x80\x81|(-1\.\d+[eE]-300)")
#: Values one template holds at most (a *Validasi* of thousands of problems gets the per-file donor).
MAX_SLOTS = 100_000
#: How each sentinel of :data:`_SENTINELS` begins (a text one, a number one): where :func:`_sentinels` tries it.
_SENTINEL_STARTS = (b"\xee\x80\x80", b"-1.")
#: What is left of a sentinel that was not found whole (cut, or written in another form): no template then.
_LEFTOVERS = (b"\xee\x80\x80", b"\xee\x80\x81", b"e-300", b"E-300")
#: What every text sentinel and every leftover of one begins with (a part without it, nor ``-300``, has none).
_SENTINEL_BYTE = b"\xee\x80"


class Untemplatable(Exception):
    """A template that cannot be made or does not reproduce its file: that shape keeps the per-file donor."""


# -- the key: a plan without its per-file values ----------------------------------------------------------

@dataclass
class _Values:
    """The per-file values of a pair of plans in slot order, and the sentinel standing for each in a probe (its
    ``nonce`` unknown outside the process, so no text or figure of a catalog or workbook can pose as one)."""

    nonce: int
    values: list[object] = field(default_factory=list)

    def slot(self, value: object) -> tuple[Hashable, object]:
        """(key element, the value in a probe) of one per-file value: a number or a plain text gets a slot
        (its sentinel in the probe), anything else is part of the key and stays itself."""
        kind = type(value)
        if kind in (int, float):
            self.values.append(value)
            return "n", number_sentinel(len(self.values) - 1, self.nonce)
        if kind is str and _plain(value):  # type: ignore[arg-type]
            self.values.append(value)
            return "s", f"\ue000{self.nonce}:{len(self.values) - 1}\ue001"
        return ("=", _frozen(value)), value

    def kind(self, value: object) -> Hashable:
        """:meth:`slot`'s key element of one per-file value, without making its sentinel (the key needs none)."""
        kind = type(value)
        if kind in (int, float):
            self.values.append(value)
            if len(self.values) > MAX_SLOTS:
                raise Untemplatable("terlalu banyak nilai untuk satu templat")  # as number_sentinel refuses
            return "n"
        if kind is str and _plain(value):  # type: ignore[arg-type]
            self.values.append(value)
            return "s"
        return "=", _frozen(value)


@functools.lru_cache(maxsize=4096)
def number_sentinel(slot: int, nonce: int) -> float:
    """The float standing for number ``slot`` in a probe: near -1e-300 (no figure is), with the 6-digit ``nonce``
    in its digits, and needing all 17 digits, so that ``str()``, ``.16g`` and ``.16G`` (the ways XlsxWriter
    writes a number) each give another text."""
    if not 0 <= slot < MAX_SLOTS:
        raise Untemplatable("terlalu banyak nilai untuk satu templat")
    value = float(f"-1.{nonce:06d}{slot:05d}1e-300")
    for _ in range(64):
        value = math.nextafter(value, -math.inf)
        if repr(value) != f"{value:.16g}":
            return value
    raise Untemplatable("tidak ada bilangan penanda")  # never met: one of a few neighbours always needs 17 digits


def _number_forms(slots: int, nonce: int) -> dict[bytes, tuple[int, Callable[[object], str]]]:
    """Each number sentinel's text, as XlsxWriter may write it, with its slot and how to write the real value."""
    forms: dict[bytes, tuple[int, Callable[[object], str]]] = {}
    for slot in range(slots):
        forms.update(_slot_forms(slot, nonce))
    return forms


@functools.lru_cache(maxsize=4096)
def _slot_forms(slot: int, nonce: int) -> tuple[tuple[bytes, tuple[int, Callable[[object], str]]], ...]:
    """The texts of number sentinel ``slot`` (:func:`_number_forms`), made once per process: every probe has
    slots 0, 1, 2, …"""
    value = number_sentinel(slot, nonce)
    return tuple((render(value).encode(), (slot, render)) for render in (_number, _number_g, _number_upper_g))


def _plain(text: str) -> bool:
    """A text written as itself wherever it goes (the empty text is not: a formula's empty result has no type)."""
    return 0 < len(text) <= _MAX_PLAIN and text not in _ERROR_VALUES and _SPECIAL.search(text) is None \
        and safe_text(text) == text


def _frozen(value: Any) -> Hashable:
    """``value`` as a hashable key of everything written from it: dataclasses by their fields, containers by
    their items in order, scalars with their type (``True``, ``1`` and ``1.0`` write differently; ``-0.0``
    too), other objects (a plan shared by a layout) by identity. :class:`TypeError` for anything else."""
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind is float:
        return "float", repr(value)
    if kind is int or kind is bool:
        return kind, value
    if kind is tuple or kind is list:
        return kind, tuple(_frozen(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return kind, tuple(_frozen(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, Mapping):
        return "map", tuple((_frozen(k), _frozen(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return kind, tuple(_frozen(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return "set", frozenset(_frozen(v) for v in value)
    if isinstance(value, float):
        return kind, repr(value)
    if isinstance(value, int):  # bool and int subclasses
        return kind, value
    hash(value)
    return value


def _fields_but(plan: Any, *skip: str) -> tuple[Hashable, ...]:
    return tuple(_frozen(getattr(plan, f.name)) for f in dataclasses.fields(plan) if f.name not in skip)


@dataclass(frozen=True)
class PlanKey:
    """A pair of plans as a key and their per-file values (:func:`plan_key`)."""

    key: Hashable
    values: tuple[object, ...]
    plans: tuple[ResultSheet | None, ValidationSheetPlan | None]
    nonce: int

    @property
    def reuse(self) -> Hashable | None:
        """What stands for everything the probe's *Hasil* writes (:func:`.result_donor.result_donor_package`):
        its part of the key and the nonce, as its values are slots 0, 1, … whatever *Validasi* follows (so the
        probes of a layout's *Validasi* variants write one *Hasil*); None without a *Hasil*."""
        return None if self.plans[0] is None else ("hasil", self.key[0], self.nonce)  # type: ignore[index]

    def probe(self) -> tuple[ResultSheet | None, ValidationSheetPlan | None]:
        """The same plans with a sentinel for each value (:meth:`_Values.slot`), in the same slots."""
        result, validation = self.plans
        values = _Values(self.nonce)
        if result is not None:
            result = dataclasses.replace(result, cached={cell: values.slot(v)[1] for cell, v in result.cached.items()})
        if validation is not None:
            summary = str(values.slot(validation.summary)[1])
            rows = tuple(dataclasses.replace(row, values=tuple(values.slot(v)[1] for v in row.values))
                         for row in validation.rows)
            validation = dataclasses.replace(validation, summary=summary, rows=rows)
        return result, validation


def plan_key(result: ResultSheet | None, validation: ValidationSheetPlan | None, nonce: int = 0) -> PlanKey | None:
    """The key of a pair of plans (None when some part cannot be a key: that file gets the per-file donor).

    The values taken out are the cached result of each formula of *Hasil* (:attr:`ResultSheet.cached`), the status
    line of *Validasi* and every value of its rows; everything else, whatever the plans hold, is key."""
    values = _Values(nonce)
    try:
        key: list[Hashable] = []
        if result is not None:
            kinds = tuple((cell, values.kind(value)) for cell, value in result.cached.items())
            key.append((_fields_but(result, "cached"), kinds))
        if validation is not None:
            summary = values.kind(validation.summary)
            rows = tuple((_fields_but(row, "values"), tuple(values.kind(value) for value in row.values))
                         for row in validation.rows)
            key.append((_fields_but(validation, "summary", "rows"), summary, rows))
        hash(tuple(key))
    except (TypeError, Untemplatable):  # an unhashable part of a plan, too many values: not a key
        return None
    return PlanKey(tuple(key), tuple(values.values), (result, validation), nonce)


# -- the splice of one donor, recorded ----------------------------------------------------------------------

#: One member of a spliced package: kept from the user's workbook (by name) or new (name, content, zip date).
Kept = str
New = tuple[str, bytes, tuple[int, int, int, int, int, int]]


@dataclass(frozen=True)
class Splice:
    """A spliced package: for a probe, its members in order, each kept or new, the parts of the user's workbook
    the splice read and the splice's record (:class:`~kinerja_xl.package.splice.SpliceRecord`); otherwise its
    zip alone."""

    members: tuple[Kept | New, ...]
    reads: tuple[str, ...]
    data: bytes
    record: SpliceRecord | None = None


def splice_donor(package: Package, result: ResultSheet | None, validation: ValidationSheetPlan | None, *,
                 after: str | None, remove: Sequence[str], zipped: bool = True,
                 reuse: Hashable | None = None) -> Splice:
    """The per-file donor of these plans spliced into a copy of ``package``, recorded (``package`` is unchanged);
    ``zipped=False`` leaves out the zip (a probe needs its parts only); a zipped splice gives only its zip (what
    every caller of one takes: no members listed, no reads recorded). ``reuse``: :attr:`PlanKey.reuse`."""
    target = package.copy(log_reads=not zipped)
    record = splice_packages(target, result_donor_package(result, validation, reuse=reuse, properties=False),
                             after=after, remove=remove)
    if zipped:
        return Splice((), (), target.to_bytes())
    own = {id(m) for m in package.members()}
    members: list[Kept | New] = [m.name if id(m) in own else (m.name, m.data, m.date_time) for m in target.members()]
    return Splice(tuple(members), tuple(dict.fromkeys(target.reads or ())), b"", record)


def resplice_validation(probe: Splice, validation: ValidationSheetPlan) -> Splice | None:
    """``probe`` (of a *Hasil* and a *Validasi*) as it would be with ``validation`` instead of its *Validasi*,
    made from its record rather than another donor and splice: a donor of *Validasi* alone (its looks numbered
    as a donor of both numbers them, so its sheet is theirs; :func:`~.result_donor.result_donor_package`) gives
    the sheet and its local names, and :meth:`~kinerja_xl.package.splice.SpliceRecord.with_sheet` the two parts
    that change. Every other part of a probe depends on *Hasil* alone: the donor's stylesheet, as *Validasi*'s
    looks are all numbered up front, and the parts of the user's workbook that the splice read, which a probe
    of the same user's parts reads alike. None where the record cannot make the change."""
    if probe.record is None:
        return None
    donor = result_donor_package(None, validation, properties=False, validation_looks=True)
    parts = probe.record.with_sheet(donor, SHEET_VALIDATION)
    if parts is None or not parts.keys() <= {m[0] for m in probe.members if not isinstance(m, str)}:
        return None
    members = tuple(m if isinstance(m, str) or m[0] not in parts else (m[0], parts[m[0]], m[2]) for m in probe.members)
    return Splice(members, probe.reads, b"")


# -- templates ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Hole:
    slot: int
    render: Callable[[object], str]


def _number(value: object) -> str:
    return f"{value}"


def _number_g(value: object) -> str:
    return f"{value:.16g}"


def _number_upper_g(value: object) -> str:
    return f"{value:.16G}"


def _text(value: object) -> str:
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: object) -> str:
    return _text(value).replace('"', "&quot;")


@dataclass(frozen=True)
class _Part:
    """A new member of the template: fixed (deflated once, shared by every file) or chunks around holes."""

    name: str
    date_time: tuple[int, int, int, int, int, int]
    fixed: Member | None = None
    chunks: tuple[bytes, ...] = ()
    holes: tuple[_Hole, ...] = ()

    def render(self, values: Sequence[object]) -> bytes:
        out = [self.chunks[0]]
        for hole, chunk in zip(self.holes, self.chunks[1:], strict=True):
            out += (hole.render(values[hole.slot]).encode("utf-8"), chunk)
        return b"".join(out)

    def member(self, values: Sequence[object]) -> Member:
        return self.fixed if self.fixed is not None else Member.new(self.name, self.render(values), self.date_time)


def _template_part(name: str, data: bytes, date_time: tuple[int, int, int, int, int, int], slots: int,
                   nonce: int, numbers: dict[bytes, tuple[int, Callable[[object], str]]]) -> _Part:
    """The part ``name`` of a probe as fixed bytes or chunks around holes; one with holes is remembered by its
    name, bytes and zip date (:data:`_HOLED`): the probes of a layout's *Validasi* variants splice the same
    *Hasil* and chart, and the same holes follow from the same bytes whenever their slots are below ``slots``
    (otherwise this search refuses them: it is made again, and refuses)."""
    key = (name, data, date_time, nonce)
    known = _HOLED.get(key)
    if known is not None and known[1] < slots:
        return known[0]
    part = _search_part(name, data, date_time, slots, nonce, numbers)
    if part.holes:
        remember(_HOLED, key, (part, max(hole.slot for hole in part.holes)), 8)
    return part


#: The parts with holes :func:`_template_part` made last, by name, bytes, zip date and nonce, with their highest
#: slot.
_HOLED: dict[tuple[str, bytes, tuple[int, int, int, int, int, int], int], tuple[_Part, int]] = {}


def _search_part(name: str, data: bytes, date_time: tuple[int, int, int, int, int, int], slots: int,
                 nonce: int, numbers: dict[bytes, tuple[int, Callable[[object], str]]]) -> _Part:
    if _SENTINEL_BYTE not in data and b"-300" not in data:  # no sentinel nor any leftover of one: fixed
        return _Part(name, date_time, fixed=_deflated(name, data, date_time))
    chunks: list[bytes] = []
    holes: list[_Hole] = []
    at = 0
    for match in _sentinels(data):
        text_nonce, text_slot, number = match.groups()
        if text_slot is not None:
            before = data[match.start() - 1:match.start()]
            if before not in (b">", b'"') or int(text_nonce) != nonce or int(text_slot) >= slots:
                raise Untemplatable(f"{name}: teks penanda di tempat yang tidak dikenal")
            hole = _Hole(int(text_slot), _text if before == b">" else _attribute)
        elif number in numbers:
            hole = _Hole(*numbers[number])
        else:
            raise Untemplatable(f"{name}: bilangan penanda dalam bentuk yang tidak dikenal")
        chunks.append(data[at:match.start()])
        holes.append(hole)
        at = match.end()
    chunks.append(data[at:])
    joined = b"\n".join(chunks)  # no leftover holds a line feed, so none is made across two chunks
    if any(leftover in joined for leftover in _LEFTOVERS):
        raise Untemplatable(f"{name}: sisa penanda dalam bentuk yang tidak dikenal")
    if not holes:
        return _Part(name, date_time, fixed=_deflated(name, data, date_time))
    return _Part(name, date_time, chunks=tuple(chunks), holes=tuple(holes))


def _sentinels(data: bytes) -> Iterator[re.Match[bytes]]:
    """The matches of :data:`_SENTINELS` in ``data``, as ``finditer`` gives them (left to right, none
    overlapping), the pattern tried only where a sentinel can begin (one of :data:`_SENTINEL_STARTS`, found by
    a plain search): a probe's parts are long and hold few sentinels."""
    at = 0
    ahead = [data.find(start) for start in _SENTINEL_STARTS]
    while True:
        for i, start in enumerate(_SENTINEL_STARTS):
            if -1 < ahead[i] < at:
                ahead[i] = data.find(start, at)
        found = [where for where in ahead if where >= 0]
        if not found:
            return
        where = min(found)
        match = _SENTINELS.match(data, where)
        if match is None:
            at = where + 1
        else:
            yield match
            at = match.end()


def _deflated(name: str, data: bytes, date_time: tuple[int, int, int, int, int, int]) -> Member:
    """A member with its compressed stream made once (as :func:`~kinerja_xl.package.zipio.write_members`
    would make it), copied raw into every file; shapes that share a part (the merged styles, a drawing, the
    workbook's relationships) share its member too (:data:`_DEFLATED`)."""
    key = (name, date_time, data)
    member = _DEFLATED.get(key)
    if member is None:
        deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
        stream = deflater.compress(data) + deflater.flush()
        member = remember(_DEFLATED, key, Member(name, raw=memoryview(stream), crc=zlib.crc32(data),
                                                 compress_size=len(stream), file_size=len(data),
                                                 date_time=date_time), CAPACITY * 4)  # many shapes: afresh
    return member


#: The fixed members of the templates, by name, zip date and content (:func:`_deflated`); at most some parts of
#: :data:`CAPACITY` shapes.
_DEFLATED: dict[tuple[str, tuple[int, int, int, int, int, int], bytes], Member] = {}


@dataclass(frozen=True)
class Template:
    """A shape's spliced package with holes: kept members by name, new ones fixed or templated."""

    members: tuple[Kept | _Part, ...]

    @classmethod
    def of(cls, probe: Splice, slots: int, nonce: int) -> Template:
        numbers = _number_forms(slots, nonce)
        return cls(tuple(m if isinstance(m, str) else _template_part(*m, slots, nonce, numbers)
                         for m in probe.members))

    def write(self, package: Package, values: Sequence[object]) -> bytes:
        """The zip of ``package`` with these result sheets, for ``values``."""
        return write_members(package.member(m) if isinstance(m, str) else m.member(values) for m in self.members)


# -- the batch's templates -------------------------------------------------------------------------------------

@dataclass
class _Variant:
    """One shape: the parts of the user's workbook the splice read (by digest) and the template, or None when
    the shape's template cannot be made (its files get the per-file donor)."""

    reads: tuple[tuple[str, bytes], ...]  # (part, digest)
    template: Template | None

    def matches(self, package: Package) -> bool:
        return all(_digest(package, name) == digest for name, digest in self.reads)


def _digest(package: Package, name: str) -> bytes:
    """A digest of part ``name``'s :meth:`~kinerja_xl.package.opc.Package.identity` (no inflating)."""
    digest = hashlib.blake2b(digest_size=16)
    for item in package.identity(name):
        digest.update(item if isinstance(item, bytes) else repr(item).encode() + b"\0")
    return digest.digest()


@dataclass
class Counts:
    """How the files of a batch were written (for tests and the bench): from a template, by the per-file donor,
    and how many shapes had no template; how many probes were made from their layout's first
    (:func:`resplice_validation`)."""

    templated: int = 0
    per_file: int = 0
    untemplatable: int = 0
    resplices: int = 0


class ResultTemplates:
    """The templates of one batch's write-back (see the module's description); one per process of the batch.

    ``verify`` also writes every file by its per-file donor and raises :class:`AssertionError` unless the two
    are the same bytes (the tests' check of every template, over many workbooks)."""

    def __init__(self, capacity: int = CAPACITY, *, verify: bool = False) -> None:
        self.capacity, self.verify = capacity, verify
        self.nonce = secrets.randbelow(1_000_000)
        self._shapes: OrderedDict[Hashable, list[_Variant]] = OrderedDict()
        #: The first probe of each layout with both sheets, and its variant (:meth:`_probe`).
        self._layouts: OrderedDict[Hashable, tuple[_Variant, Splice]] = OrderedDict()
        self.counts = Counts()

    def spliced(self, package: Package, result: ResultSheet | None, validation: ValidationSheetPlan | None, *,
                after: str | None, remove: Iterable[str]) -> bytes:
        """The zip of ``package`` with these result sheets spliced in: exactly what the per-file donor gives."""
        remove = tuple(remove)
        keyed = plan_key(result, validation, self.nonce)
        variant = self._variant(package, keyed, after, remove) if keyed is not None else None
        if keyed is None or variant is None or variant.template is None:
            self.counts.per_file += 1
            return splice_donor(package, result, validation, after=after, remove=remove).data
        self.counts.templated += 1
        data = variant.template.write(package, keyed.values)
        if self.verify:
            expected = splice_donor(package, result, validation, after=after, remove=remove).data
            if data != expected:
                raise AssertionError(f"templat hasil tulis balik berbeda dari donor per berkas: {package}")
        return data

    def _variant(self, package: Package, keyed: PlanKey, after: str | None,
                 remove: tuple[str, ...]) -> _Variant | None:
        """This file's shape: known, or made now from a probe (None when the probe cannot be spliced at all)."""
        members = tuple((m.name, m.date_time) for m in package.members())
        shape = (keyed.key, after, remove, members)
        variants = self._shapes.get(shape)
        if variants is None:
            variants = self._shapes[shape] = []
            while len(self._shapes) > self.capacity:
                self._shapes.popitem(last=False)
        else:
            self._shapes.move_to_end(shape)
        for variant in variants:
            if variant.matches(package):
                return variant
        # a layout: the files whose Hasil, and user's parts, are alike, whatever their Validasi
        layout = (keyed.key[0], after, remove, members) if None not in keyed.plans else None  # type: ignore[index]
        probe = self._probe(package, keyed, after, remove, layout)
        if probe is None:
            return None
        try:
            template: Template | None = Template.of(probe, len(keyed.values), keyed.nonce)
        except Untemplatable:
            template = None
            self.counts.untemplatable += 1
        variant = _Variant(tuple((name, _digest(package, name)) for name in probe.reads), template)
        variants.append(variant)
        if layout is not None and probe.record is not None and layout not in self._layouts:
            self._layouts[layout] = (variant, probe)
            while len(self._layouts) > self.capacity:
                self._layouts.popitem(last=False)
        return variant

    def _probe(self, package: Package, keyed: PlanKey, after: str | None, remove: tuple[str, ...],
               layout: Hashable | None) -> Splice | None:
        """The probe of a new shape: made from the first probe of its layout when that one's user's parts match
        (:func:`resplice_validation`: a layout's other *Validasi*), otherwise by a donor and a splice (None when
        that cannot be spliced at all)."""
        plans = keyed.probe()
        first = self._layouts.get(layout) if layout is not None else None
        if first is not None and plans[1] is not None and first[0].matches(package):
            try:
                composed = resplice_validation(first[1], plans[1])
            except Exception:  # noqa: BLE001 - the splice of a donor says what is wrong, below
                composed = None
            if composed is not None:
                self.counts.resplices += 1
                return composed
        try:
            return splice_donor(package, *plans, after=after, remove=remove, zipped=False, reuse=keyed.reuse)
        except Exception:  # noqa: BLE001 - the file's own donor says what is wrong, with its own values
            return None
