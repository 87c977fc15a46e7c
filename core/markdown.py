"""Markdown written by people on the portal, as safe HTML: `render_markdown(text)`.

Used by the funding calls' descriptions (the `markdown` template filter of
funds_tags) and meant for any other text people format (coaching, peer exchange).

- Parsed by markdown-it-py (CommonMark, plus tables, ~~strikethrough~~ and definition
  lists): its parser is linear in the input, also on hostile input such as thousands of
  nested brackets, emphasis markers or backticks, and nesting is capped at 20 levels.
  The previous renderer (Python-Markdown) took seconds on hostile input; the worst case
  measured now is bounded at any stack depth (figures in bench/README.md; see
  _parse_on_a_fresh_stack for why that needs a thread on CPython 3.13).
- Then sanitised by nh3 against an allowlist: structure, emphasis, links and tables; no
  images (tracking pixels), no scripts, styles, iframes or forms. Raw HTML in the source
  goes through the same allowlist: allowed tags stay, every other tag is dropped (its
  text kept; the content of <script> and <style> dropped too). Links keep http(s) and
  mailto URLs only and get rel="nofollow noopener".
- Headings start at `top_heading` (h3 by default: a page has its own h1 and an h2 above
  the text): "#" and "##" become h3, "###" h4 and so on, so a writer's "# Title" never
  competes with the page's title.
- At most RENDER_MAX_CHARS characters are rendered; the forms and models cap each text
  field well below that (funds.models.DESCRIPTION_MAX_LENGTH), so this only bounds rows
  written before the limits existed.

Memoised per process on (text, top_heading): a call page is rendered from cache until
its description changes.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "RENDER_MAX_CHARS", "render_markdown"]

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
    "blockquote", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd", "a", "abbr",
    "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
})  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"
RENDER_MAX_CHARS = 30_000

_PARSER = (
    # The preset's maxNesting (20) stays: lower, a list five levels deep loses its text.
    MarkdownIt("commonmark", {"html": True, "xhtmlOut": False, "breaks": False, "linkify": False})
    .enable(["table", "strikethrough"])
    .use(deflist_plugin)
)
_HEADING = re.compile(r"<(/?)h([1-6])>")


def _sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def _shift_headings(html: str, top: int) -> str:
    # "#" and "##" both become the top level (writers often start at "##"), the rest follow.
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(max(int(m[2]) + top - 2, top), 6)}>", html)


def _parse_on_a_fresh_stack(text: str) -> str:
    """_PARSER.render(text), run in a new thread.

    CPython up to 3.13.12 keeps Python frames in 16 KB chunks and frees a chunk as soon as
    the call that needed it returns (https://github.com/python/cpython/issues/142183):
    a recursive parser oscillating across a chunk boundary allocates and frees memory on
    every call. Whether it does depends on how deep the caller's stack already is, so
    the same hostile text took an order of magnitude longer in some views than in
    others. A new thread starts with an empty stack: the parser always runs at the same
    depth, well inside the first chunk. The thread is cheap next to that, and results
    are memoised (figures in bench/README.md).
    """
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["html"] = _PARSER.render(text)
        except BaseException as error:  # re-raised in the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=work, name="markdown-render", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["html"]  # type: ignore[return-value]


@lru_cache(maxsize=512)
def render_markdown(text: str, *, top_heading: int = 3) -> str:
    """Markdown → sanitised HTML (a str safe to mark_safe)."""
    html = _parse_on_a_fresh_stack((text or "")[:RENDER_MAX_CHARS])
    return _shift_headings(_sanitise(html), top_heading)
