"""Every problem code the checks and the build report is documented, from the code's own
list: the docs cannot miss one or describe one that no longer exists."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from edition.core.problems import DESCRIPTIONS, Code


def test_every_code_has_a_description() -> None:
    assert set(DESCRIPTIONS) == set(Code)
    assert all(text.endswith(".") and len(text) > 20 for text in DESCRIPTIONS.values())


def test_the_data_formats_page_lists_every_code(built_edition: Path) -> None:
    soup = BeautifulSoup(
        (built_edition / "schemas.html").read_text(encoding="utf-8"), "html.parser"
    )
    table = soup.find("table", class_="ed-problem-codes")
    assert table is not None
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in table.find_all("tr")
    ]
    listed = {cells[0]: cells[1] for cells in rows if cells}
    assert listed == {code.value: " ".join(code.description.split()) for code in Code}
