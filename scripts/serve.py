"""Serve a built site on localhost, as `make serve` does: Python's http.server, with the
content types the site's data files need whatever the machine's /etc/mime.types says
(DTS clients expect application/ld+json for the endpoint's .jsonld files)."""

from __future__ import annotations

import argparse
import functools
import http.server
from typing import ClassVar

TYPES = {".jsonld": "application/ld+json", ".xml": "application/xml", ".mjs": "text/javascript"}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **TYPES,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("port", type=int)
    parser.add_argument("--directory", default="build/html")
    args = parser.parse_args()
    handler = functools.partial(Handler, directory=args.directory)
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
