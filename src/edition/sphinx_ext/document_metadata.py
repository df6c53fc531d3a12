"""The metadata header of a document page: title, authors, outlet, date, languages, genre,
address and seed, as a field list."""

from __future__ import annotations

from docutils import nodes

from ..core.dates import display_source_date
from ..core.model import Source
from ..core.vocabulary import LANGUAGE_NAMES


def _field(name: str, *body: nodes.Node) -> nodes.field:
    field = nodes.field()
    field += nodes.field_name(name, name)
    paragraph = nodes.paragraph()
    paragraph.extend(body)
    field += nodes.field_body("", paragraph)
    return field


def _lang_text(text: str, lang: str) -> nodes.inline:
    return nodes.inline(text, text, classes=[f"language-{lang}"])


def metadata_fields(source: Source) -> nodes.field_list:
    meta = source.meta
    fields = nodes.field_list(classes=["ed-metadata"])
    if meta.title:
        body: list[nodes.Node] = [_lang_text(meta.title, meta.language)]
        if meta.title_translation:
            body += [
                nodes.Text(" ("),
                _lang_text(meta.title_translation, meta.translation_language),
                nodes.Text(", editorial translation)"),
            ]
        fields += _field("Title", *body)
    else:
        fields += _field("Title", nodes.emphasis("", "untitled in the source"))
    if meta.authorship == "named":
        people = []
        for author in meta.authors:
            text = author.name
            if author.name_original:
                text += f" ({author.name_original})"
            if author.affiliation:
                text += f", {author.affiliation}"
            people.append(text)
        fields += _field("Author", nodes.Text("; ".join(people)))
        for author in meta.authors:
            if author.orcid:
                url = f"https://orcid.org/{author.orcid}"
                fields += _field("ORCID", nodes.reference("", author.orcid, refuri=url))
    else:
        fields += _field("Author", nodes.emphasis("", meta.authorship))
    outlet = meta.outlet
    if outlet:
        text = outlet.name
        if outlet.name_original:
            text += f" ({outlet.name_original})"
        if outlet.issn:
            text += f", ISSN {outlet.issn}"
        fields += _field("Outlet", nodes.Text(f"{text} [{outlet.status}]"))
    else:
        fields += _field("Outlet", nodes.emphasis("", "not identified"))
    fields += _field("Date", nodes.Text(display_source_date(meta)))
    language = LANGUAGE_NAMES[meta.language]
    target = LANGUAGE_NAMES[meta.translation_language]
    fields += _field(
        "Languages", nodes.Text(f"{language} (original); {target} (editorial translation)")
    )
    fields += _field("Genre", nodes.Text(meta.genre))
    if meta.url:
        fields += _field("URL", nodes.reference("", meta.url, refuri=meta.url))
    else:
        fields += _field("URL", nodes.emphasis("", "not identified"))
    fields += _field(
        "Seed",
        nodes.literal("", meta.seed.file),
        nodes.Text(", SHA-256 "),
        nodes.literal("", meta.seed.sha256, classes=["ed-sha"]),
    )
    return fields
