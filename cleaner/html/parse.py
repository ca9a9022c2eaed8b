"""Parse a page once: page text to an lxml tree, and the elements no later step reads removed.

:func:`parse` is the one parse of the HTML path; :func:`strip_non_text` runs after the
metadata has been read (JSON-LD lives in ``<script>``, the title in ``<head>``).
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from ..decode import scrub
from ..errors import InputError
from ..limits import bound_markup, bound_tree

_PARSER = etree.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True, huge_tree=True, encoding="utf-8"
)
# every element an lxml.html HtmlElement (what trafilatura expects), looked up in C: lxml.html's
# own parser asks a Python method for each element proxy, a fifth of the time of a tree walk.
# Only form, input, select, textarea and label lose their form-field helpers, which no step uses.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement,
        comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity,
    )
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_PAGE_END = re.compile(r"</(?:body|html)\s*>", re.I)
_WRAPPERS = re.compile(
    r"</?(?:div|span|section|font|center|article|main|aside|header|footer|b|i|em|strong)\b[^>]*>", re.I
)


#: elements that never hold article text; dropped once metadata (JSON-LD) has been read
_NON_TEXT = ("script", "style", "noscript", "canvas", "iframe", "object", "embed", "svg", "head")


_PLAIN_INLINE = ("b", "strong", "i", "em", "span", "u", "font")


#: a <noscript> holding more text than this swallowed the page (an unclosed tag inside it,
#: "<noscript><div></noscript>", makes the parser nest everything after it there)
NOSCRIPT_MAX_CHARS = 2000


def _unwrap_page_noscript(tree: etree._Element) -> None:
    """Unwrap the <noscript> elements that hold the page (see ``NOSCRIPT_MAX_CHARS``)
    instead of deleting them with the page's text."""
    for el in list(tree.iter("noscript")):
        size = 0
        for piece in el.itertext():
            size += len(piece)
            if size > NOSCRIPT_MAX_CHARS:
                el.tag = "div"
                break


def strip_non_text(tree: etree._Element) -> None:
    """Remove scripts, styles and embeds (keeping their tail text): less for every later step.
    A <noscript> that swallowed the page is unwrapped instead (:data:`NOSCRIPT_MAX_CHARS`)."""
    _unwrap_page_noscript(tree)
    etree.strip_elements(tree, *_NON_TEXT, with_tail=False)
    plain = [el for el in tree.iter(*_PLAIN_INLINE) if not el.attrib]
    for el in plain:
        el.tag = "cleaner-unwrap"
    etree.strip_tags(tree, "cleaner-unwrap")


def _parse(text: str) -> etree._Element:
    try:
        # libxml2 reads UTF-8 bytes faster than a str (a third of the parse time)
        markup = text.encode("utf-8")
    except UnicodeEncodeError:
        # lone surrogates: libxml2 would stop at the first one (decode() scrubs its output;
        # this is for a str handed here directly)
        markup = scrub(text).encode("utf-8")
    try:
        tree = lxml_html.document_fromstring(markup, parser=_PARSER)
    except (etree.ParserError, ValueError) as err:
        raise InputError(f"cannot parse the page as HTML: {err}") from None
    if tree is None or not isinstance(tree.tag, str):
        raise InputError("cannot parse the page as HTML")
    return tree


def _closes_early(text: str) -> bool:
    """True when markup follows the first ``</html>`` (a plain ``find``: a case-blind regex
    scan of every page costs a third of the parse it protects)."""
    ends = [i for i in (text.find("</html"), text.find("</HTML")) if i >= 0]
    return bool(ends) and "<" in text[min(ends) + 7 :].replace("</html", "").replace("</HTML", "")


def parse(text: str) -> etree._Element:
    """Parse page text into an lxml HTML tree (the one parse of the HTML path).

    libxml2 drops what lies deeper than 2,048 nested elements. When the parser reports
    that limit, the page is parsed again with its wrapper tags (div, span, section...)
    flattened, so a pathologically nested page loses no text. libxml2 also drops what
    follows an early ``</html>`` (templates that close the page before the article), so
    the closing body and html tags are left out: the parser closes them at the end.

    The work is bounded (:mod:`cleaner.limits`): start tags are cut to their first
    256 attributes before the parse, the tree to 50,000 elements and 2,000,000 characters
    of text after it.
    """
    text = bound_markup(_XML_DECL.sub("", text, count=1))
    if _closes_early(text):
        text = _PAGE_END.sub("", text)
    tree = _parse(text)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _PARSER.error_log):
        tree = _parse(_WRAPPERS.sub(" ", text))
    bound_tree(tree, len(text))
    return tree
