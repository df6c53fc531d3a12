"""Every configuration value of the edition, declared once (sphinx-design's ``SdConfig``
pattern): its type, default, what a change rebuilds, how it is checked, and what it is for.

The values are registered with Sphinx as flat ``edition_<name>`` settings of ``conf.py``,
which stay the public interface; the extension's modules read them through
:func:`edition_config`, validated, rather than as loose ``config.edition_*`` attributes.
An edition whose ``conf.py`` sets a wrong value stops at once with the setting's name.
"""

from __future__ import annotations

import dataclasses as dc
import re
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

from ..core.dates import parse_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def _optional_text(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError("a string or None")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("a non-empty string")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("True or False")
    return value


def _iso_date(value: Any) -> str:
    date = parse_date(value)
    if date is None or date.day is None:
        raise ValueError("a date of the calendar written YYYY-MM-DD")
    return str(value)


def _base_url(value: Any) -> str | None:
    if value is not None and not (isinstance(value, str) and re.match(r"https?://", value)):
        raise ValueError("None, or the published site's http(s) address")
    return value


def _years(value: Any) -> list[int] | None:
    if value is None:
        return None
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(year, int) for year in value)
        and value[0] <= value[1]
    ):
        return list(value)
    raise ValueError("None, or the first and last year of the timeline, e.g. (2017, 2024)")


def _setting(default: Any, rebuild: str, check: Any, help: str) -> Any:
    return dc.field(default=default, metadata={"rebuild": rebuild, "check": check, "help": help})


@dc.dataclass(frozen=True)
class EditionConfig:
    """The edition's settings, as ``conf.py`` gives them (``edition_`` + the field's name)."""

    root: str | None = _setting(
        None, "env", _optional_text, "the repository root, relative to conf.py (default: ..)"
    )
    seeds_dir: str | None = _setting(
        None,
        "env",
        _optional_text,
        "the folder of the seed texts, relative to conf.py (default: $EDITION_SEEDS or "
        "../shared/seeds beside the repository)",
    )
    plain_panels: bool = _setting(
        False,
        "env",
        _flag,
        "panels as plain sections instead of dropdowns (the e-book: its readers cannot hold "
        "the dropdowns' inline SVG)",
    )
    navigation_cache: bool = _setting(
        True,
        "html",
        _flag,
        "furo's sidebar navigation built once per folder (False: furo's own, for each page)",
    )
    register_lists_as_html: bool = _setting(
        True,
        "html",
        _flag,
        'the register\'s "Mentioned in" lists written as HTML in the standalone site, not as '
        "nodes (the same pages, in a fraction of the time and memory of a large register)",
    )
    register_fields_when_written: bool = _setting(
        True,
        "html",
        _flag,
        "the register entries' fields written as HTML in the website's pages after "
        "Sphinx's post-transforms, not as nodes that each of them walks (the same pages, "
        "in a fraction of the time of a large register)",
    )
    inventory_kept: bool = _setting(
        True,
        "",
        _flag,
        "objects.inv written again only when what it lists changed (Sphinx writes it at "
        "every build; the same file)",
    )
    bibtex_index: bool = _setting(
        True,
        "env",
        _flag,
        "sphinxcontrib-bibtex told once per build which pages cite each key, instead of "
        "searching every citation for each entry (the same bibliography, in a fraction of "
        "the time of a large edition)",
    )
    lean_memory: bool = _setting(
        True,
        "",
        _flag,
        "no page kept in memory between reading and writing, and Python's cycle collector "
        "run less often during the build (a large edition's peak memory and time)",
    )
    base_url: str | None = _setting(
        None, "env", _base_url, "the published site's address, for permanent citations"
    )
    pdf_url: str | None = _setting(
        None,
        "env",
        _base_url,
        "the published address of the printed book (PDF), for the pages' citation_pdf_url "
        "(default: none, as the site does not carry the book)",
    )
    issued: str = _setting(
        "1970-01-01", "env", _iso_date, "the date of issue of this version of the edition"
    )
    timeline_years: tuple[int, int] | None = _setting(
        None,
        "env",
        _years,
        "the first and last year of the Chronology's timeline (default: the years of the "
        "documents' dates); earlier events stand above the axis, marked as earlier",
    )
    editors: str = _setting(
        "The editors", "env", _text, "who is responsible for the edition, as citations name them"
    )

    def __post_init__(self) -> None:
        for setting in dc.fields(self):
            try:
                setting.metadata["check"](getattr(self, setting.name))
            except (TypeError, ValueError) as exc:
                value = getattr(self, setting.name)
                raise ConfigError(
                    f"edition_{setting.name} = {value!r} in conf.py: it must be {exc}"
                ) from None


def edition_config(config: Config) -> EditionConfig:
    """The validated settings of the build whose Sphinx ``config`` this is."""
    values = {s.name: getattr(config, f"edition_{s.name}") for s in dc.fields(EditionConfig)}
    return EditionConfig(**values)


def _validate(app: Sphinx, config: Config) -> None:
    edition_config(config)  # raises ConfigError, naming the setting


def setup_settings(app: Sphinx) -> None:
    for setting in dc.fields(EditionConfig):
        types = {type(setting.default)} | ({str} if setting.default is None else set())
        if setting.name == "timeline_years":
            types = {type(None), tuple, list}
        app.add_config_value(
            f"edition_{setting.name}",
            setting.default,
            setting.metadata["rebuild"],
            types=frozenset(types),
            description=setting.metadata["help"],
        )
    app.connect("config-inited", _validate)
