"""YAML read as plain data: no aliases, no duplicate keys, bounded size and depth.

Catalogs, review layouts and transcriptions are written and shared by agencies, so they are user input.
An alias (``*name``) makes one node appear wherever it is named: nested nine times, a few hundred bytes
stand for millions of values, and anything that walks the loaded data (the content hash, the checks)
expands them again. A duplicate key keeps only its last value, silently. Both are refused here, before
anything is constructed: the document is composed once (libyaml when present), the node graph is walked
once with every node visited at most once (an alias is a node met twice), and only then turned into data.

A catalog also keeps how its numbers were written (``written_numbers``): planners write Indonesian notation,
and YAML reads ``100.000`` as 100.0 and ``{2025: 92,5}`` as ``{2025: 92, 5: null}``, silently. The loader can
only refuse what it can see, so such a float remembers its text (:class:`WrittenFloat`) and such a pair of
entries becomes one value holding the text written (:class:`SplitDecimal`).
"""

from __future__ import annotations

from typing import Any

import re

import yaml

#: libyaml's safe loader is ~10x faster than the pure-Python one and equally safe.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: A catalog of 12,000 indicators is ~3 MB; far beyond any real one, and small enough to parse quickly.
MAX_YAML_BYTES = 32 * 1024 * 1024
#: Nesting of mappings and lists (a catalog tree ten levels deep needs ~25).
MAX_YAML_DEPTH = 64


#: A private tag for the value :class:`SplitDecimal` stands for (no document can name it: tags need a ``!``).
_SPLIT_TAG = "tag:kinerja-xl,2025:split-decimal"
_PLAIN_INT = re.compile(r"[-+]?[0-9]+")
_DIGITS = re.compile(r"[0-9]+")


class WrittenFloat(float):
    """A float written plainly in YAML, with its text (``written``): ``100.000`` is 100.0 to YAML."""

    written: str


class SplitDecimal(str):
    """``92,5`` in a flow mapping, which YAML reads as two entries (``92`` and a key ``5`` with no value): the
    text as written, standing where the planner meant a number."""


class RefusedYaml(yaml.YAMLError):
    """A YAML document that is valid YAML but not plain data (an alias, a duplicate key, too large or deep)."""

    worded = True  # its message is for the user (errors.describe_yaml_error shows it as it is)


def load_yaml(text: str, *, written_numbers: bool = False) -> Any:
    """The data of one YAML document; :class:`RefusedYaml` (a ``yaml.YAMLError``) says what is refused.
    ``written_numbers``: plain floats are :class:`WrittenFloat` and a decimal comma in a flow mapping is one
    :class:`SplitDecimal`, so that the caller can refuse them in its own words."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_YAML_BYTES:
        raise RefusedYaml(f"berkas YAML berukuran {_mb(size)}, melebihi batas {_mb(MAX_YAML_BYTES)}")
    loader = (_WrittenLoader if written_numbers else SAFE_LOADER)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_plain(node, _scalar_key())
        return loader.construct_document(node)
    finally:
        loader.dispose()


class _WrittenLoader(SAFE_LOADER):  # type: ignore[valid-type,misc]
    """The safe loader (libyaml's when present: its constructors are Python's), keeping how numbers were written."""


def _plain(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.style in (None, "")  # libyaml says '' for plain


def _written_float(loader: Any, node: yaml.ScalarNode) -> Any:
    value = loader.construct_yaml_float(node)
    if not _plain(node):
        return value
    written = WrittenFloat(value)
    written.written = node.value
    return written


def _split_decimals(node: yaml.MappingNode) -> yaml.MappingNode:
    """``{2025: 92,5}`` composes as ``2025: 92`` and ``5:`` (no value): in a flow mapping, a key of digits with
    nothing after it, right after a plain integer value, is the decimal part of that value. The two entries
    become one, holding the text written."""
    if not node.flow_style:
        return node
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in node.value:
        if pairs and _plain(key) and _DIGITS.fullmatch(key.value) and _plain(value) and value.value == "" \
                and value.tag == "tag:yaml.org,2002:null":
            before_key, before = pairs[-1]
            if _plain(before) and before.tag == "tag:yaml.org,2002:int" and _PLAIN_INT.fullmatch(before.value):
                pairs[-1] = (before_key, yaml.ScalarNode(_SPLIT_TAG, f"{before.value},{key.value}",
                                                         before.start_mark, key.end_mark))
                continue
        pairs.append((key, value))
    if len(pairs) == len(node.value):
        return node
    return yaml.MappingNode(node.tag, pairs, node.start_mark, node.end_mark, flow_style=True)


def _mapping(loader: Any, node: yaml.MappingNode) -> Any:
    yield from loader.construct_yaml_map(_split_decimals(node))


_WrittenLoader.add_constructor("tag:yaml.org,2002:float", _written_float)
_WrittenLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
_WrittenLoader.add_constructor(_SPLIT_TAG, lambda loader, node: SplitDecimal(node.value))


def _scalar_key() -> Any:
    """What a scalar key becomes in the data (``2022``, ``+2022``, ``2_022``, ``0x7e6`` and ``2022.0`` are one key
    to a mapping), built by a constructor of its own so the document's is left as it was."""
    constructor = yaml.SafeLoader("")  # its constructor only: the pure-Python one, as libyaml's builds scalars

    def key(node: yaml.ScalarNode) -> Any:
        if node.tag == "tag:yaml.org,2002:str":  # most keys: the text is the key
            return node.value
        text = node.value
        if node.tag == "tag:yaml.org,2002:int" and text.isdigit() and (text == "0" or text[0] != "0"):
            return int(text)  # a plain year (a leading 0 is octal to YAML 1.1: built as it builds it)
        try:
            value = constructor.construct_object(node)
            hash(value)
            return value
        except Exception:  # noqa: BLE001 - not a plain value: the key's text stands for it
            return ("teks", node.value)

    return key


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def _line(node: yaml.Node) -> str:
    mark = node.start_mark
    return f"baris {mark.line + 1}" if mark is not None else "?"


def _check_plain(root: yaml.Node, key_of: Any = None) -> None:
    """Walk the node graph once (iteratively): refuse a node reached twice (an alias), a merge key (``<<``), a
    duplicate key (two keys the data would hold as one: ``key_of`` gives what a scalar key becomes) and nesting
    past :data:`MAX_YAML_DEPTH`."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise RefusedYaml(f"{_line(node)}: anchor/alias YAML (&nama … *nama, juga '<<: *nama') tidak diizinkan; "
                              "tulis isinya langsung di setiap tempat")
        seen.add(id(node))
        if depth > MAX_YAML_DEPTH:
            raise RefusedYaml(f"{_line(node)}: susunan bertingkat lebih dari {MAX_YAML_DEPTH} tingkat")
        if isinstance(node, yaml.MappingNode):
            keys: dict[Any, yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.tag == "tag:yaml.org,2002:merge":
                        raise RefusedYaml(f"{_line(key)}: kunci gabungan YAML '<<' tidak diizinkan; tulis isinya "
                                          "langsung di pemetaan itu")
                    held = key_of(key) if key_of is not None else key.value
                    if held in keys:
                        raise RefusedYaml(f"{_line(key)}: kunci '{key.value}' ditulis dua kali dalam satu pemetaan "
                                          f"(juga di {_line(keys[held])}, '{keys[held].value}'); hanya satu yang "
                                          "akan terpakai")
                    keys[held] = key
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
