"""Bad register data and mention records are clear errors at their file and line."""

from __future__ import annotations

from pathlib import Path

from conftest import line_of
from edition.core.problems import Code, Problem
from edition.data.project import load_project


def _problems(root: Path) -> list[Problem]:
    return load_project(root, root / "seeds").problems


def _append(path: Path, text: str) -> Path:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return path


def _actor(id_: str, form: str, extra: str = "") -> str:
    return (
        f"- id: {id_}\n  type: person\n  name: Someone\n  names:\n    en: [{form}]\n"
        f"{extra}  description: A fixture.\n"
    )


def test_duplicate_register_id(demo_root: Path) -> None:
    path = _append(demo_root / "sources/register/actors.yaml", _actor("angle-org", "Another"))
    (problem,) = _problems(demo_root)
    assert problem.code == Code.DUPLICATE_ID
    assert (problem.path, problem.line) == (path, len(path.read_text().splitlines()) - 5)
    assert "'angle-org' is already used (actors.yaml, line 2)" in problem.message


def test_duplicate_id_across_actors_and_events(demo_root: Path) -> None:
    _append(demo_root / "sources/register/actors.yaml", _actor("first-event", "Another"))
    (problem,) = _problems(demo_root)
    assert problem.code == Code.DUPLICATE_ID
    assert "events.yaml" in problem.message or "actors.yaml" in problem.message


def test_name_form_claimed_by_two_entries(demo_root: Path) -> None:
    path = _append(demo_root / "sources/register/actors.yaml", _actor("other", "angle"))
    (problem,) = _problems(demo_root)
    assert problem.code == Code.REGISTER
    lines = path.read_text(encoding="utf-8").splitlines()
    claimed = len(lines) - lines[::-1].index("    en: [angle]")
    assert (problem.path, problem.line) == (path, claimed)
    assert "name form 'angle' (en) of 'other' is already claimed by 'angle-org'" in (
        problem.message
    )


def test_unknown_entry_in_a_mention_record(demo_root: Path) -> None:
    path = demo_root / "sources/demo/mentions.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("entry: second-person", "entry: nobody"),
        encoding="utf-8",
    )
    (problem,) = _problems(demo_root)
    assert problem.code == Code.REGISTER
    assert (problem.path, problem.line) == (path, line_of(path, "entry: nobody"))
    assert "'nobody' is not in the register" in problem.message


def test_mention_record_phrase_not_found(demo_root: Path) -> None:
    path = demo_root / "sources/demo/mentions.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("phrase: bold", "phrase: italic"),
        encoding="utf-8",
    )
    (problem,) = _problems(demo_root)
    assert problem.code == Code.REGISTER
    assert problem.line == line_of(path, "phrase: italic")


def test_date_not_in_the_calendar(demo_root: Path) -> None:
    path = demo_root / "sources/register/actors.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("to: 2019-06-11", "to: 2019-02-30"),
        encoding="utf-8",
    )
    (problem,) = _problems(demo_root)
    assert problem.code == Code.SCHEMA
    assert (problem.path, problem.line) == (path, line_of(path, "to: 2019-02-30"))
    assert "'2019-02-30' is not a date in the calendar" in problem.message


def test_malformed_date(demo_root: Path) -> None:
    path = demo_root / "sources/register/events.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("from: 2019-07-25", "from: 25.07.2019"),
        encoding="utf-8",
    )
    (problem,) = _problems(demo_root)
    assert problem.code == Code.SCHEMA
    assert problem.line == line_of(path, "from: 25.07.2019")


def test_event_ending_before_it_begins(demo_root: Path) -> None:
    path = demo_root / "sources/register/events.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("to: 2019-07-26", "to: 2019-07-20"),
        encoding="utf-8",
    )
    (problem,) = _problems(demo_root)
    assert "ends (2019-07-20) before it begins (2019-07-25)" in problem.message


def test_unknown_participant(demo_root: Path) -> None:
    path = demo_root / "sources/register/events.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "participants: [angle-org, second-person]", "participants: [angle-org, ghost]"
        ),
        encoding="utf-8",
    )
    (problem,) = _problems(demo_root)
    assert problem.line == line_of(path, "participants:")
    assert "participant 'ghost' is not in the register" in problem.message
