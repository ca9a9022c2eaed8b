"""The sizes real pages reach, measured on the development sets: what cleaner.limits bounds.

For every page of each source (parsed as cleaner parses it), the largest of: attributes on
one element, elements in the page, characters in one text node, children of one element,
nesting depth, tokens in one class attribute, bytes of the page; ``prose_node`` and ``text``
are the longest text node and the total text outside scripts, styles and the like.
``cleaner/limits.py`` sets each bound well above the maxima printed here (its docstring
gives the figures and the margin); rerun this after adding pages.

    python benchmarks/devset_limits.py ../shared/devset/wcxb-articles ../shared/devset/trafilatura-eval
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

from lxml import etree

from cleaner.decode import decode
from cleaner.html.parse import parse

MEASURES = ("bytes", "elements", "attributes", "text_node", "prose_node", "text", "children", "depth", "class_tokens")
#: elements whose text is not prose (scripts, styles, JSON-LD): their text nodes are measured apart
_NOT_PROSE = frozenset({"script", "style", "noscript", "template", "svg", "textarea"})


def measure(tree: etree._Element, size: int) -> dict[str, int]:
    """The measures of one parsed page."""
    out = dict.fromkeys(MEASURES, 0)
    out["bytes"] = size
    depth: dict[etree._Element, int] = {}
    for el in tree.iter():
        out["elements"] += 1
        parent = el.getparent()
        depth[el] = depth.get(parent, 0) + 1 if parent is not None else 1
        out["depth"] = max(out["depth"], depth[el])
        out["children"] = max(out["children"], len(el))
        for piece, owner in ((el.text, el), (el.tail, parent)):
            if piece:
                out["text_node"] = max(out["text_node"], len(piece))
                if owner is None or owner.tag not in _NOT_PROSE:
                    out["prose_node"] = max(out["prose_node"], len(piece))
                    out["text"] += len(piece)
        if isinstance(el.tag, str):
            out["attributes"] = max(out["attributes"], len(el.attrib))
            out["class_tokens"] = max(out["class_tokens"], len((el.get("class") or "").split()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("sources", nargs="+", help="devset source folders (holding html/*.html.gz)")
    args = parser.parse_args()
    for source in args.sources:
        top = dict.fromkeys(MEASURES, (0, ""))
        pages = sorted(Path(source, "html").glob("*.html*"))
        for path in pages:
            data = path.read_bytes()
            data = gzip.decompress(data) if path.suffix == ".gz" else data
            for name, value in measure(parse(decode(data)), len(data)).items():
                if value > top[name][0]:
                    top[name] = (value, path.name)
        print(f"{source}: {len(pages)} pages")
        for name, (value, page) in top.items():
            print(f"  {name:13} {value:>12,}  {page}")


if __name__ == "__main__":
    main()
