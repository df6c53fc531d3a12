"""Korean words inside text of another language (a name in Hangul in an English note)
are marked as Korean: ``lang="ko"`` in HTML, the Korean font and rules in print."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx


HANGUL = re.compile(
    r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+(?:[\s\-][\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+)*"
)
SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment)


def _is_korean(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if "language-ko" in parent.get("classes", []) or isinstance(parent, SKIP):
            return True
        parent = parent.parent
    return False


class HangulRuns(SphinxPostTransform):
    """Every builder: the runs become ``lang="ko"`` in HTML and the Korean font in print."""

    default_priority = 40

    def run(self, **kwargs: Any) -> None:
        for text in list(self.document.findall(nodes.Text)):
            value = str(text)
            if not HANGUL.search(value) or _is_korean(text):
                continue
            parts: list[nodes.Node] = []
            position = 0
            for run in HANGUL.finditer(value):
                if run.start() > position:
                    parts.append(nodes.Text(value[position : run.start()]))
                parts.append(nodes.inline(run.group(), run.group(), classes=["language-ko"]))
                position = run.end()
            if position < len(value):
                parts.append(nodes.Text(value[position:]))
            text.parent.replace(text, parts)


def setup_hangul(app: Sphinx) -> None:
    app.add_post_transform(HangulRuns)
