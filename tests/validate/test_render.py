"""Messages are filled by ``str.format_map``: the same text :class:`string.Formatter` gave, for every template."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.problems import CODES, _Defaults, _text, render


def by_formatter(template: str, params: dict[str, object]) -> str:
    """How messages were filled before: :class:`string.Formatter`, a malformed template returned as is."""
    try:
        return string.Formatter().vformat(template, (), _Defaults({k: _text(v) for k, v in params.items()}))
    except (ValueError, IndexError, AttributeError):
        return template


# small values: a value used as a nested format spec ("{label:{key}}") is a width, and a huge one would allocate
PARAMS = st.dictionaries(st.sampled_from(["label", "key", "found", "expected", "detail", "file", "0", "a"]),
                         st.one_of(st.text(alphabet="abz xé{}!:.>", max_size=8), st.integers(-9999, 9999),
                                   st.floats(-9999, 9999)), max_size=5)
TEMPLATES = st.one_of(st.sampled_from([t for spec in CODES.values() for t in (spec.message, spec.hint)]),
                      st.lists(st.sampled_from(["{", "}", "{label}", "{key!r}", "{found:>5}", "{0}", "{}", "{a.b}",
                                                "{a[0]}", "{label:{key}}", "teks ", "{{", "}}", "{x"]),
                               max_size=6).map("".join))


@settings(max_examples=600, deadline=None)
@given(template=TEMPLATES, params=PARAMS)
def test_render_gives_what_the_formatter_gave(template: str, params: dict[str, object]) -> None:
    assert render(template, params) == by_formatter(template, params)
