"""What changed between two contents, and the effect up the tree (the engine run over both)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from kinerja_xl.compute.engine import MINISTRY
from kinerja_xl.compute.expr import InputRef
from kinerja_xl.ledger import Content
from kinerja_xl.ledger.diff import effects, input_changes
from kinerja_xl.ledger.records import InputEntry
from kinerja_xl.text import alike_on_screen, written_out


def content(values: dict[tuple[str, str, str], str], **extra) -> Content:
    return Content(tuple(InputEntry(n, k, u, "Isian", f"C{i}", Decimal(v))
                         for i, ((n, k, u), v) in enumerate(values.items(), start=10)), **extra)


def test_numbers_are_compared_as_numbers():
    a = content({("SS1.1.1", "anak.pembilang", "REHSOS"): "1.50"})
    b = content({("SS1.1.1", "anak.pembilang", "REHSOS"): "1.5"})
    assert a.fingerprint == b.fingerprint
    assert input_changes_of(a, b) == []


def input_changes_of(a: Content, b: Content):
    from tests.factories import get_catalog

    return input_changes(get_catalog(), a, b)


def test_every_kind_of_change_is_named():
    a = content({("SS1.1.1", "anak.pembilang", "REHSOS"): "384921", ("SS1.1.1", "anak.penyebut", "REHSOS"): "384921"},
                notes={"SS1.1.1": "lama"}, identity={"penanggung_jawab": "Ani"})
    b = content({("SS1.1.1", "anak.pembilang", "REHSOS"): "380000"}, notes={"SS1.1.1": "baru"},
                identity={"penanggung_jawab": "Budi"}, reported={"SS1.1": Decimal("99.5")})
    changes = input_changes_of(a, b)
    assert [(c.kind, c.node, c.key, c.old, c.new) for c in changes] == [
        ("isian", "SS1.1.1", "anak.pembilang", Decimal(384921), Decimal(380000)),
        ("isian", "SS1.1.1", "anak.penyebut", Decimal(384921), None),
        ("dilaporkan", "SS1.1", "dilaporkan", None, Decimal("99.5")),
        ("keterangan", "SS1.1.1", "keterangan", "lama", "baru"),
        ("identitas", "identitas", "penanggung_jawab", "Ani", "Budi")]
    assert changes[0].text() == "SS1.1.1 'Terpenuhi kebutuhan dasar (orang)' (Anak) (Isian!C10): 384.921 → 380.000"
    assert changes[0].delta == -4921 and changes[1].cell == "Isian!C11"


def test_the_effect_goes_up_to_the_instansi(catalog, raw):
    old = raw.all_values()
    new = {**old, InputRef("SS1.1.1", "anak.pembilang", "REHSOS"): Decimal(380000)}
    found = {(e.node, e.measure): (e.old, e.new) for e in effects(catalog, old, new)}
    assert found[("SS1.1", "capaian")] == (Decimal("100.39"), Decimal("100.29"))
    assert found[("SS1", "capaian")] == (Decimal("104.63"), Decimal("104.60"))
    assert found[(MINISTRY, "capaian")] == (Decimal("107.25"), Decimal("107.24"))
    assert ("SS2", "capaian") not in found  # nothing of SS2 moved
    ordered = [e.level for e in effects(catalog, old, new)]
    assert ordered == sorted(ordered, key=["sub", "komponen", "indikator", "sasaran", "instansi"].index)


def test_texts_that_look_alike_show_what_differs():
    """A note or a name changed only by what a screen does not show (a zero-width or no-break space, a space at the
    end) is written out, quoted; before, ``banding`` printed "Sudah sesuai → Sudah sesuai"."""
    a = content({}, notes={"SS1.1.1": "Sudah sesuai", "SS1.1.2": "lama"}, identity={"penanggung_jawab": "Ani"})
    b = content({}, notes={"SS1.1.1": "Sudah sesuai\u200b", "SS1.1.2": "baru"},
                identity={"penanggung_jawab": "Ani\u00a0"})
    assert [c.text() for c in input_changes_of(a, b)] == [
        "SS1.1.1 keterangan: 'Sudah sesuai' → 'Sudah sesuai\\u200b'",
        "SS1.1.2 keterangan: lama → baru",
        "identitas penanggung jawab: 'Ani' → 'Ani\\u00a0'"]


@given(st.text(max_size=12), st.text(max_size=12))
@example("\\u200b\u200b", "\u200b\\u200b")  # a code typed as text beside the character it names
def test_texts_alike_on_screen_are_told_apart_when_written_out(first: str, second: str) -> None:
    """Whatever two different texts hold, one line tells them apart: as they are, or written out."""
    if first != second:
        shown = (written_out(first), written_out(second)) if alike_on_screen(first, second) else (first, second)
        assert shown[0] != shown[1]
    assert not alike_on_screen(first, first)
