"""The benchmark harness runs and reports (tiny sizes, one fast measure). It asserts nothing
about speed: timings belong to `make bench`, not to the test suite."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks import core, run
from benchmarks.core import Sizes
from benchmarks.harness import Result
from tests import postgres


def test_the_harness_measures_and_writes_its_table(tmp_path: Path) -> None:
    results = run.run(["edit"], Sizes.tiny(), out_dir=tmp_path, echo=False)
    assert [r.key for r in results] == ["edit_p95"]
    assert results[0].baseline is not None and results[0].ratio is not None
    table = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert "One edit to committed on disk" in table and "| target |" in table
    data = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    assert data["results"][0]["key"] == "edit_p95"
    assert data["info"]["mode"] == "tiny" and data["info"]["machine"]["cpus"]
    assert data["info"]["machine"]["cpu"] and data["info"]["load"]


def test_a_failing_group_keeps_the_groups_measured_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table is written after each group: a group that fails leaves the results of the
    ones before it on disk, and the groups not run are named."""
    real = run._groups

    def groups(sizes: Sizes, workdir: Path) -> dict[str, Callable[[], list[Result]]]:
        available = real(sizes, workdir)

        def broken() -> list[Result]:
            raise RuntimeError("the child process failed")

        return {**available, "list": broken}

    monkeypatch.setattr(run, "_groups", groups)
    with pytest.raises(RuntimeError):
        run.run(["edit", "list", "verify"], Sizes.tiny(), out_dir=tmp_path, echo=False)
    table = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert "One edit to committed on disk" in table
    assert "not run yet (or stopped by a failure): list, verify" in table
    assert "| (verify: not run yet) |" in table
    data = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    assert [r["key"] for r in data["results"]] == ["edit_p95"]
    assert data["info"]["done"] == ["edit"] and data["info"]["pending"] == ["list", "verify"]


def test_the_verify_measure_can_sign_its_workshop_off(tmp_path: Path) -> None:
    """The verify measure signs a synthetic workshop off through the app's own gate: when the
    gate learns a new rule, the synthetic room must settle it too, or `make bench` stops."""
    from pypdf import PdfReader

    from benchmarks import commands

    pdf, certificate = commands.signed_summary(60, tmp_path)
    assert certificate.exists()
    assert "/Sig" in str(PdfReader(pdf).trailer["/Root"]["/AcroForm"]["/Fields"][0].get_object())


@pytest.mark.slow
def test_the_room_measure_runs_and_stores_every_rating_once(tmp_path: Path) -> None:
    results = run.run(["room"], Sizes.tiny(), out_dir=tmp_path, echo=False)
    assert [r.key for r in results] == ["room_rate_p95", "room_window_pause"]
    rate, pause = results
    assert rate.baseline is not None and rate.details["every rating stored once"] is True
    assert len(rate.details["samples"]) == 2 and len(pause.details["samples"]) == 2


def test_the_team_library_measures_run_on_both_engines(
    tmp_path: Path, pg_server: postgres.Server | None
) -> None:
    """The team library group on a tiny library copied into the test server: every measure on
    both engines has its baseline, and the bare drivers' search finds what the app finds."""
    if pg_server is None:
        pytest.skip(f"PostgreSQL half skipped: {postgres.unavailable()}")
    from benchmarks import generate, team
    from workshop_app.storage.copying import copy_library
    from workshop_app.storage.operations import Library

    file = tmp_path / "library.sqlite3"
    generate.build_library(file, 3)
    url = pg_server.new_database()
    try:
        source, target = Library(file, make_backup=False), Library(url)
        try:
            assert copy_library(source, target).workshops == 3
        finally:
            target.close()
            source.close()
        sizes = replace(Sizes.tiny(), samples=0, edits=3)
        results = team.measure_pair(file, url, sizes, tmp_path, 3)
        assert [r.key for r in results] == [
            f"team_{measure}_{engine}_3"
            for engine in ("sqlite", "postgresql")
            for measure in ("open", "search", "edit_p95")
        ]
        assert all(r.baseline and r.ratio for r in results)
        in_file, on_server = (r.details["found"] for r in results if "found" in r.details)
        assert in_file == on_server and in_file["payroll"] > 0  # the same library on both
        for engine, where in (("sqlite", str(file)), ("postgresql", url)):
            library, bare = Library(where, make_backup=False), core.bare_connection(engine, where)
            try:
                for query in team.QUERIES:
                    assert team.bare_search(bare, engine, query) == library.matching_ids(query)
            finally:
                bare.close()
                library.close()
    finally:
        pg_server.drop(url)


def test_the_edit_baseline_writes_what_an_edit_writes(tmp_path: Path) -> None:
    """The bare driver's edit leaves the file as the app's would: the text indexed for search
    before the commit, the row's version moved on, the audit row written."""
    from workshop_app.core.demo import demo_workshop
    from workshop_app.storage.operations import Library

    path = tmp_path / "bare.sqlite3"
    library = Library(path, make_backup=False)
    workshop = library.workshop(library.add_workshop(demo_workshop()))
    library.close()
    request = workshop.requests[0]
    bare = core.bare_connection("sqlite", path)
    try:
        core.bare_edit(bare, "sqlite", workshop.id, "request", request.id, "text", "Zebra ERP")
        assert bare.execute("SELECT count(*) FROM search_stale").fetchone() == (0,)
        version = "SELECT version FROM row_version WHERE item_id = ?"
        assert bare.execute(version, (request.id,)).fetchone() == (1,)
    finally:
        bare.close()
    library = Library(path, make_backup=False)
    try:
        assert library.matching_ids("zebra erp") == {workshop.id}
        assert library.audit_log(workshop.id)[-1].after == '"Zebra ERP"'
    finally:
        library.close()
