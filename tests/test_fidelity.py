"""The transcription is the seed: text plus recorded omissions reproduce each seed exactly.

These tests read the data files and the seeds directly, with their own normalisation, so
that they do not merely repeat the edition's own fidelity check.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from edition.data.project import Project

REPO = Path(__file__).parent.parent
SLUGS = ["essay-dprk-us-2019", "pompeo-bloomberg-2019", "zhebin-2024", "rt-choe-son-hui-2019"]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _data(slug: str, name: str) -> dict:
    return yaml.safe_load((REPO / "sources" / slug / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("slug", SLUGS)
def test_transcription_and_omissions_reproduce_the_seed(slug: str, seeds_dir: Path) -> None:
    meta = _data(slug, "source.yaml")
    seed = (seeds_dir / meta["seed"]["file"]).read_text(encoding="utf-8")
    blocks = _data(slug, "original.yaml")["blocks"]
    transcribed = [b["text"] for b in blocks if b.get("kind") != "editorial-heading"]
    assert _squash(" ".join(transcribed)) == _squash(seed)


@pytest.mark.parametrize("slug", SLUGS)
def test_recorded_checksum_is_the_seeds(slug: str, seeds_dir: Path) -> None:
    meta = _data(slug, "source.yaml")
    digest = hashlib.sha256((seeds_dir / meta["seed"]["file"]).read_bytes()).hexdigest()
    assert meta["seed"]["sha256"] == digest


@pytest.mark.parametrize("slug", SLUGS)
def test_every_omission_has_a_reason_and_nothing_else_is_left_out(slug: str) -> None:
    blocks = _data(slug, "original.yaml")["blocks"]
    for block in blocks:
        if block.get("kind") == "omission":
            assert block["reason"].strip(), block["id"]


def test_only_boilerplate_and_captions_are_omitted() -> None:
    """The essay and the news item are complete; omissions exist only where the dossier
    names boilerplate (Zhebin's page) or photo residue (RT)."""
    omitted = {
        slug: [
            b["id"] for b in _data(slug, "original.yaml")["blocks"] if b.get("kind") == "omission"
        ]
        for slug in SLUGS
    }
    assert omitted["essay-dprk-us-2019"] == []
    assert omitted["pompeo-bloomberg-2019"] == []
    assert omitted["zhebin-2024"], "the cover-page boilerplate is recorded as omitted"
    assert omitted["rt-choe-son-hui-2019"], "the photo captions are recorded as omitted"
    zhebin = "\n".join(
        b["text"]
        for b in _data("zhebin-2024", "original.yaml")["blocks"]
        if b.get("kind") == "omission"
    )
    assert "Cite item" in zhebin
    rt = "\n".join(
        b["text"]
        for b in _data("rt-choe-son-hui-2019", "original.yaml")["blocks"]
        if b.get("kind") == "omission"
    )
    assert "Luong Thai Linh" in rt


def test_essay_markers_are_text_in_their_order(edition: Project) -> None:
    text = " ".join(b.text for b in edition.sources["essay-dprk-us-2019"].original.rendered)
    assert re.findall(r"\[(\d)\]", text) == ["1", "4", "6", "3", "5", "2", "7"]


def test_zhebin_reference_list_is_all_there(edition: Project) -> None:
    blocks = [
        b for b in edition.sources["zhebin-2024"].original.rendered if re.fullmatch(r"r\d+", b.id)
    ]
    numbers = [int(b.text.split(".", 1)[0]) for b in blocks]
    assert numbers == list(range(1, 24))
    assert [b.id for b in blocks] == [f"r{n}" for n in range(1, 24)]


def test_crossheads_of_rt_are_sections(edition: Project) -> None:
    headings = [
        b.text
        for b in edition.sources["rt-choe-son-hui-2019"].original.rendered
        if b.kind == "heading"
    ]
    assert headings == ["Criticism from the North", "American response", "Mutual stiffness"]
