"""``hitung --jobs 1``'s second thread (``write_back._Committer``): files put in place in the order they were
staged, each result taken in that order, an error raised where its result is taken (as a ``Future`` raised it),
and nothing submitted left undone when the batch stops."""

from __future__ import annotations

import importlib
import threading
import time

import pytest

write_back = importlib.import_module("kinerja_xl.pipeline.write_back")  # the package's name is the function's


def test_results_come_back_in_order_and_an_error_where_it_is_taken(monkeypatch):
    committed: list[str] = []

    def commit(file: str, staged: object, results: bool) -> str:
        time.sleep(0.01 if file == "a" else 0)  # the first takes longest: order still holds
        if file == "b":
            raise KeyboardInterrupt  # a BaseException too, as a Future carried it
        committed.append(file)
        assert threading.current_thread().name == "kinerja-xl-tulis"
        return f"{file} ok"

    monkeypatch.setattr(write_back, "_commit", commit)
    committer = write_back._Committer()
    try:
        for name in "abc":
            committer.submit((name, None, True))
        assert committer.result() == "a ok"
        with pytest.raises(KeyboardInterrupt):
            committer.result()
        assert committer.result() == "c ok"
        assert not committer.ready()
    finally:
        committer.close()
    assert committed == ["a", "c"]


def test_closing_waits_for_every_file_submitted(monkeypatch):
    committed: list[str] = []

    def commit(file: str, staged: object, results: bool) -> str:
        time.sleep(0.02)
        committed.append(file)
        return file

    monkeypatch.setattr(write_back, "_commit", commit)
    committer = write_back._Committer()
    for name in "xyz":
        committer.submit((name, None, True))
    committer.close()  # no result taken: the batch stopped on an error
    assert committed == ["x", "y", "z"] and not committer._thread.is_alive()
