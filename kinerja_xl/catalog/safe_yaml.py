"""YAML read as plain data: no aliases, no duplicate keys, bounded size and depth.

Catalogs, review layouts and transcriptions are written and shared by agencies, so they are user input.
An alias (``*name``) makes one node appear wherever it is named: nested nine times, a few hundred bytes
stand for millions of values, and anything that walks the loaded data (the content hash, the checks)
expands them again. A duplicate key keeps only its last value, silently. Both are refused here, before
anything is constructed: the document is composed once (libyaml when present), the node graph is walked
once with every node visited at most once (an alias is a node met twice), and only then turned into data.
"""

from __future__ import annotations

from typing import Any

import yaml

#: libyaml's safe loader is ~10x faster than the pure-Python one and equally safe.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: A catalog of 12,000 indicators is ~3 MB; far beyond any real one, and small enough to parse quickly.
MAX_YAML_BYTES = 32 * 1024 * 1024
#: Nesting of mappings and lists (a catalog tree ten levels deep needs ~25).
MAX_YAML_DEPTH = 64


class RefusedYaml(yaml.YAMLError):
    """A YAML document that is valid YAML but not plain data (an alias, a duplicate key, too large or deep)."""

    worded = True  # its message is for the user (errors.describe_yaml_error shows it as it is)


def load_yaml(text: str) -> Any:
    """The data of one YAML document; :class:`RefusedYaml` (a ``yaml.YAMLError``) says what is refused."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_YAML_BYTES:
        raise RefusedYaml(f"berkas YAML berukuran {_mb(size)}, melebihi batas {_mb(MAX_YAML_BYTES)}")
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_plain(node, _scalar_key())
        return loader.construct_document(node)
    finally:
        loader.dispose()


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
