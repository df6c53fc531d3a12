"""The parser the contribution gate reads contributed prose with: MyST's own markdown-it
parser and plugins, as ``myst_parser.parsers.mdit`` builds them for the syntax the build
enables (:data:`edition.data.safety.BUILD_EXTENSIONS`)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@cache
def gate_parser() -> MarkdownIt:
    """MyST's own parser (as myst_parser.parsers.mdit builds it) for the gate's extensions.

    Links are tokenised whatever their target (markdown-it would leave a ``javascript:``
    link as text), so that the gate sees, and refuses, every link a contributor wrote."""
    # Imported when prose is first scanned: a check of files all kept in the parse cache
    # (a pre-commit hook's) never needs the parser.
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import make_fence_rule
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.field_list import fieldlist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin
    from mdit_py_plugins.myst_blocks import myst_block_plugin
    from mdit_py_plugins.myst_role import myst_role_plugin
    from mdit_py_plugins.substitution import substitution_plugin

    md = (
        MarkdownIt("commonmark")
        .enable("table")
        .use(front_matter_plugin)
        .use(myst_block_plugin)
        .use(myst_role_plugin)
        .use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
        .use(deflist_plugin)
        .use(fieldlist_plugin)
        .use(substitution_plugin, "{", "}")
    )
    md.block.ruler.before(
        "fence",
        "colon_fence",
        make_fence_rule(markers=(":",), token_type="colon_fence", exact_match=False),
        {"alt": ["paragraph", "reference", "blockquote", "list", "footnote_def"]},
    )
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md
