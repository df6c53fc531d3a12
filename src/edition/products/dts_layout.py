"""The static DTS endpoint's layout: where each response lives (RFC 6570 templates with the
parameters in the path, as the DTS specification's example for static sites), and how
one response names another: relative to its own file unless the site's address is known."""

from __future__ import annotations

import posixpath

ENTRY_FILE = "index.jsonld"
COLLECTION_TEMPLATE = "collection{/id}{;nav}.jsonld"
NAVIGATION_TEMPLATE = "navigation/{resource}{;down}{/ref}.jsonld"
DOCUMENT_TEMPLATE = "document/{resource}{/ref}.xml"


def expand(template: str, **values: str | int | None) -> str:
    """The RFC 6570 expansions these templates use: ``{x}``, ``{/x}``, ``{;x}``."""
    out, rest = [], template
    while "{" in rest:
        head, _, tail = rest.partition("{")
        expression, _, rest = tail.partition("}")
        out.append(head)
        operator = expression[0] if expression[0] in "/;" else ""
        for name in expression.lstrip("/;").split(","):
            value = values.get(name)
            if value is None:
                continue
            if operator == "/":
                out.append(f"/{value}")
            elif operator == ";":
                out.append(f";{name}={value}")
            else:
                out.append(str(value))
    out.append(rest)
    return "".join(out)


class Addresses:
    """Where each response lives, and how one response names another."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url.rstrip("/") + "/" if base_url else None

    def link(self, target: str, from_file: str) -> str:
        """``target`` (a path under dts/, possibly a template) as seen from ``from_file``."""
        if self.base_url:
            return self.base_url + target
        here = posixpath.dirname(from_file)
        # posixpath.relpath would mangle the braces of a template: only the prefix moves.
        up = "../" * (here.count("/") + 1) if here else ""
        return up + target

    def templates(self, from_file: str, **fixed: str) -> dict[str, str]:
        def partial(template: str) -> str:
            for name, value in fixed.items():
                template = template.replace(f"{{{name}}}", value)
            return self.link(template, from_file)

        return {
            "collection": partial(COLLECTION_TEMPLATE),
            "navigation": partial(NAVIGATION_TEMPLATE),
            "document": partial(DOCUMENT_TEMPLATE),
        }
