"""The *Validasi* sheet plan: one order, one set of columns, links only where they can open."""

from __future__ import annotations

import datetime as dt

from kinerja_xl.plans.validation_sheet import EMPTY_TEXT, MAX_LINKS, TITLE, plan_validation_sheet
from kinerja_xl.problems import problem

WHEN = dt.datetime(2024, 1, 15, 9, 30)


def sample(file: str = "/data/a.xlsx") -> list:
    return [
        problem("identitas-kosong", file=file, sheet="Isian", cell="C7", label="Tanggal penyampaian"),
        problem("bukan-angka", file=file, sheet="Isian", cell="C10", label="'X' (S1.1)", value="abc", detail="-"),
        problem("bukan-angka", file=file, sheet="Isian", cell="C9", label="'Y' (S1.1)", value="=1+1", detail="-"),
        problem("meta-hilang", file=file, sheet="_meta"),
    ]


def test_errors_first_then_reading_order_with_links_into_the_own_workbook() -> None:
    plan = plan_validation_sheet(sample(), when=WHEN, sheets=["Petunjuk", "Isian"], target="/data/a.xlsx")
    assert plan.title == TITLE
    assert plan.summary == "Diperiksa 15-01-2024 09:30: 3 galat, 1 peringatan, 0 info."
    assert plan.headers == ("No", "Tingkat", "Kode", "Lembar", "Sel", "Isian", "Nilai", "Pesan", "Saran")
    assert [(r.values[2], r.values[4]) for r in plan.rows] == [
        ("bukan-angka", "C9"), ("bukan-angka", "C10"), ("meta-hilang", ""), ("identitas-kosong", "C7")]
    assert [r.link for r in plan.rows] == [("Isian", "C9"), ("Isian", "C10"), None, ("Isian", "C7")]
    assert plan.rows[0].values[6] == "=1+1"  # the value as text: writers store it as inert text
    assert plan.link_column == 5 and plan.severity_column == 2


def test_no_link_to_another_file_or_a_hidden_sheet() -> None:
    plan = plan_validation_sheet(sample("/data/b.xlsx"), sheets=["Isian"], target="/data/a.xlsx")
    assert all(r.link is None for r in plan.rows)
    hidden = plan_validation_sheet([problem("meta-hilang", file="/data/a.xlsx", sheet="_meta", cell="B2")],
                                   sheets=["Isian"], target="/data/a.xlsx")
    assert hidden.rows[0].link is None


def test_several_files_add_the_file_column_and_links_are_bounded() -> None:
    plan = plan_validation_sheet([*sample("/data/a.xlsx"), *sample("/data/b.xlsx")])
    assert plan.headers[3] == "Berkas" and [r.values[3] for r in plan.rows[:2]] == ["/data/a.xlsx"] * 2
    many = [problem("isian-kosong", file="x.xlsx", sheet="Isian", cell=f"C{i}", label="L") for i in range(1, 700)]
    assert sum(r.link is not None for r in plan_validation_sheet(many, sheets=["Isian"]).rows) == MAX_LINKS


def test_an_empty_sheet_says_so() -> None:
    plan = plan_validation_sheet([], when=WHEN, note="Rumus tidak diperiksa.")
    assert plan.rows == () and plan.empty_text == EMPTY_TEXT and plan.last_row == plan.header_row + 1
    assert plan.summary.endswith("0 info. Rumus tidak diperiksa.")
