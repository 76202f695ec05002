"""Untrusted text made safe for the place it is printed: page titles and nav entries, YAML front
matter, Markdown link destinations, DOI links, Markdown written by taxonomy authors, and the
site texts MkDocs themes print without escaping.

Paper files and the taxonomy come from strangers' pull requests. Every function here takes such
text and returns something that shows the text (or an inert stand-in) and can never become
markup, a script or a link to anything but http(s). Exports and pages share all of them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import quote, urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

# -- characters ------------------------------------------------------------------------------

# What a YAML 1.1 reader accepts in a stream (PyYAML's Reader.NON_PRINTABLE, the rule MkDocs' front
# matter parser applies: anything else makes it drop the whole front matter), less the characters
# YAML reads as line breaks (NEL, U+2028, U+2029), which a quoted scalar would fold into spaces.
_YAML_UNPRINTABLE = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_NOT_TEXT = ("Cc", "Cs", "Cn", "Zl", "Zp")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def visible(text: object) -> str:
    """``text`` on one line, without the characters that are not text: C0/C1 controls, line and
    paragraph separators, lone surrogates, non-characters (U+FFFE…) and the bidi embeddings and
    overrides that reorder what follows them become spaces; runs of spaces one space."""
    value = "" if text is None else str(text)
    if not value.isprintable() or _BIDI.search(value):
        value = "".join(" " if unicodedata.category(c) in _NOT_TEXT or _BIDI.match(c) else c for c in value)
    return " ".join(value.split())


# -- links and Markdown text ------------------------------------------------------------------


def safe_url(url: object) -> str:
    """Only http(s) links reach a page; anything else becomes an inert ``#``.

    A URL with whitespace, ``<``, ``>`` or ``"`` is refused too; ``'`` is a valid URL character
    (autoescape escapes it in attributes).
    """
    text = str(url or "").strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:  # e.g. a ']' in the host ("Invalid IPv6 URL"): not a link a browser can follow
        return "#"
    if scheme in ("http", "https") and not re.search(r'[\s<>"\x00-\x1f\x7f]', text):
        return text
    return "#"


_MD_ALWAYS = re.compile(r"([\\`*\[\]#|{}])")
_MD_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # an underscore inside a word is not emphasis
_MD_LINE_START = re.compile(r"^[-+!]")


def md_text(text: object) -> Markup:
    """Text shown literally in Markdown (a heading, a table cell, a link's text, a paragraph).

    Contributor and taxonomy text is not markup: newlines and what :func:`visible` removes become spaces,
    ``&`` and ``<``/``>`` become entities, and the characters that start Markdown syntax (links,
    emphasis, code, table cells, attribute lists, headings, list items) get a backslash. The result
    is ``Markup`` so autoescape does not escape the entities again.
    """
    value = visible(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_ALWAYS.sub(r"\\\1", value)
    value = _MD_UNDERSCORE.sub(r"\\_", value)
    if _MD_LINE_START.match(value):  # "- x", "+ x" would start a list
        value = "\\" + value
    return Markup(value)


# -- titles ----------------------------------------------------------------------------------

# Themes print page and nav titles without escaping (MkDocs' theme environment does not
# autoescape), and print them through Jinja's `striptags`, which turns `&lt;` back into `<`:
# entities cannot protect a title. A title that holds contributor or taxonomy text therefore gets
# look-alikes for the characters that could make markup or leave an attribute.
_TITLE_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "＂", "`": "ˋ"})


def page_title(text: object) -> str:
    """A page or nav title that no theme can print as markup, on one line, with no character a
    YAML reader refuses."""
    return visible(text).translate(_TITLE_LOOKALIKES)


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar any YAML reader accepts and reads back as ``text``
    (escapes for quotes, backslashes and every character outside YAML's printable set; a lone
    surrogate, which is no text, becomes U+FFFD)."""

    def escape_char(match: re.Match) -> str:
        code = ord(match.group())
        if 0xD800 <= code <= 0xDFFF:
            return "\\ufffd"  # a lone surrogate has no escape a YAML reader accepts
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _YAML_UNPRINTABLE.sub(escape_char, body) + '"'


def front_matter(meta: dict[str, str]) -> str:
    """YAML front matter MkDocs never refuses: one ``key: "escaped value"`` line per entry."""
    lines = [f"{key}: {yaml_string(str(value))}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


# -- URLs in Markdown --------------------------------------------------------------------------


def md_url(url: object) -> str:
    """An http(s) URL as a Markdown link destination that Markdown reads back whole: refused URLs
    become ``#``; a URL with parentheses goes in ``<…>``; backslashes and backticks, which Markdown
    would read as escapes or code, are percent-encoded."""
    text = safe_url(url).replace("\\", "%5C").replace("`", "%60")
    return f"<{text}>" if "(" in text or ")" in text else text


# A DOI's suffix may hold characters that mean something in a URL (``#``, ``?``, ``%``) or in
# Markdown and HTML (``<``, ``>``, ``[``, ``]``): the resolver link percent-encodes all of them.
_DOI_SAFE = "/:;()._-"


def doi_url(doi: object) -> str:
    """The ``https://doi.org/`` link of a DOI, percent-encoded."""
    return "https://doi.org/" + quote(visible(doi), safe=_DOI_SAFE)


def code_fence(text: object) -> str:
    """A backtick fence longer than any run of backticks in ``text``: the code block cannot be closed
    from inside."""
    runs = re.findall(r"`+", str(text or ""))
    return "`" * max(3, 1 + max((len(r) for r in runs), default=0))


# -- Markdown written by taxonomy authors --------------------------------------------------------


def _markdown() -> MarkdownIt:
    # CommonMark without raw HTML (tags are shown as text) and without images (an image from
    # another host would be a request from every reader's browser); links pass only as http(s) or
    # without a scheme (relative, fragment), so javascript:, vbscript:, data: and file: stay text.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")
    md.validateLink = lambda url: (
        safe_url(url) != "#"
        or url.startswith(("#", "/", "./", "../"))
        or not re.match(r"^\s*[a-z][a-z0-9+.-]*:", url, re.I)
    )
    return md


_MD = _markdown()


def markdown_html(text: object) -> Markup:
    """Taxonomy Markdown (a chapter's intro, the survey description) as HTML: emphasis, links and
    lists work, raw HTML is shown as text, images are not loaded, only http(s) and relative links
    stay links."""
    return Markup(_MD.render(str(text or "")))


# -- site texts MkDocs themes print raw --------------------------------------------------------


def theme_text(text: object) -> Markup | None:
    """A config text (``site_description``) for themes that print it into an HTML attribute without
    escaping it (Material's description meta tag): escaped once, as ``Markup`` so that templates
    which do escape (``| e``) do not escape it again."""
    if text is None or isinstance(text, Markup):
        return text
    return escape(str(text))


# Inside a <script> element only "</script" and "<!--" could end or change it; escaping every
# "<", ">" and "&" (and the JavaScript line separators) rules them out.
_JSON_IN_HTML = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def json_text(value) -> str:
    """Compact JSON that is safe inside an HTML ``<script>`` element, and in a data file that a
    consumer may put in one. ``str.replace`` per character, not ``str.translate``: the latter
    looks up every character in a dict, a second per 10 MB of papers.json."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _JSON_IN_HTML:
        if char in text:
            text = text.replace(char, escaped)
    return text
