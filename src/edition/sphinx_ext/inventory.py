"""``objects.inv`` written again only when what it lists changed.

Sphinx writes the inventory (every label, page and register entry, for other projects'
links) at the end of every build, each of its lines through zlib at the highest level:
0.4 s of a one-note rebuild at N = 1000, for a file that stays the same unless a page, a
paragraph, a note or an entry comes, goes or is retitled. A digest of what the file lists
(every domain's objects, the pages' addresses, the project's name and version, Sphinx's
version) is kept with the doctrees; while it is the same and the file is there, the file
is not written again. ``edition_inventory_kept = False`` has Sphinx write it every time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import sphinx
from sphinx.builders.html import INVENTORY_FILENAME

from ..products.output_files import write_if_changed
from .outputs import is_site
from .settings import edition_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

KEPT = "edition-inventory.sha256"  # in the doctrees folder


def inventory_digest(builder: Builder) -> str:
    """A digest of everything Sphinx's ``InventoryFile.dump`` writes for ``builder``."""
    env = builder.env
    digest = hashlib.sha256(
        f"{sphinx.__version__}\0{env.config.project}\0{env.config.version}\0".encode()
    )
    for domain in env.domains.sorted():
        digest.update(f"\0{domain.name}\0{sorted(domain.get_objects())!r}".encode())
    addresses = {docname: builder.get_target_uri(docname) for docname in sorted(env.all_docs)}
    digest.update(repr(addresses).encode())
    return digest.hexdigest()


def _write_only_when_changed(app: Sphinx) -> None:
    builder = app.builder
    if not (is_site(builder) and edition_config(app.config).inventory_kept):
        return
    write = builder.dump_inventory  # type: ignore[attr-defined]
    kept = Path(app.doctreedir) / KEPT

    def dump_inventory() -> None:
        digest = inventory_digest(builder)
        try:
            unchanged = kept.read_text(encoding="ascii") == digest
        except (OSError, ValueError):
            unchanged = False
        if unchanged and (Path(builder.outdir) / INVENTORY_FILENAME).is_file():
            return
        write()
        write_if_changed(kept, digest.encode("ascii"))

    setattr(builder, "dump_inventory", dump_inventory)  # noqa: B010 (a method of Sphinx's)


def setup_inventory(app: Sphinx) -> None:
    app.connect("builder-inited", _write_only_when_changed)
