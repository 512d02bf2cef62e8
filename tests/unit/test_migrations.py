"""Alembic migrations: from an empty file they build exactly the models' schema, and a migration
that fails part-way leaves the database exactly as it was."""

from __future__ import annotations

import shutil
import sqlite3
from importlib import resources
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tests.unit.storage_helpers import make_populated_db
from workshop_app.storage import backup, db, migrate, schema_version, search, tables
from workshop_app.storage.operations import Library


def schema_of(path: Path) -> list[tuple[str, str, str]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT type, name, COALESCE(sql, '') FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    finally:
        connection.close()


def test_upgrading_an_empty_database_gives_exactly_the_models_schema(db_path: Path) -> None:
    library = Library(db_path)
    try:
        assert migrate.current_revision(library.engine) == migrate.head_revision()
        with library.engine.connect() as connection:
            # The search index (FTS5 virtual tables, their shadow tables and triggers, made by
            # migrations 0002 and 0007) is not in the models, because SQLAlchemy cannot describe
            # it; the comparison leaves it out explicitly, as Alembic's autogenerate does.
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "render_as_batch": True,
                    "include_name": search.include_name,
                },
            )
            differences = compare_metadata(context, tables.metadata)
        assert differences == []
        names = {name for kind, name, _ in schema_of(db_path) if kind == "table"}
        index_tables = {name for name in names if search.is_index_table(name)}
        assert {"search_text", "search_chunk", "search_stale", "search_words"} <= index_tables
        assert set(tables.metadata.tables) | {"alembic_version"} == names - index_tables
    finally:
        library.close()


def test_the_models_are_not_compared_against_themselves(db_path: Path) -> None:
    """The comparison above can fail: a column the migrations never created is noticed."""
    library = Library(db_path)
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("ALTER TABLE open_session DROP COLUMN opened_at")
    connection.close()
    try:
        with library.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_name": search.include_name})
            differences = compare_metadata(context, tables.metadata)
        assert [d[0] for d in differences] == ["add_column"]
    finally:
        library.close()


def _file_facts(path: Path) -> tuple[object, ...]:
    connection = sqlite3.connect(path)
    try:
        pragmas = ("user_version", "application_id", "page_size", "journal_mode", "encoding")
        facts = [connection.execute(f"PRAGMA {name}").fetchone()[0] for name in pragmas]
        facts.append(connection.execute("SELECT version_num FROM alembic_version").fetchall())
    finally:
        connection.close()
    header = path.read_bytes()[:100]
    return (*facts, header[18:20])  # the file format: 2, 2 is a WAL database


def test_a_new_library_has_the_schema_that_running_each_migration_on_the_file_gives(
    tmp_path: Path,
) -> None:
    """New libraries copy an empty library the migrations built once in memory: it must be
    what migrating the new file itself gives, to the byte of its schema and settings."""
    from alembic import command

    stepwise = tmp_path / "stepwise.sqlite3"
    engine = db.make_engine(stepwise)
    with engine.connect() as connection:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()
    engine.dispose()
    for name in ("first.sqlite3", "second.sqlite3"):  # the first builds the copy, then reuses it
        Library(tmp_path / name).close()
        assert schema_of(tmp_path / name) == schema_of(stepwise)
        assert _file_facts(tmp_path / name) == _file_facts(stepwise)
        assert _file_facts(stepwise)[-1] == b"\x02\x02"
    library = Library(tmp_path / "second.sqlite3")  # and it works as one: saved, searched
    try:
        library.create_workshop("Zürich", division="Straße")
        assert len(library.matching_ids("STRASSE")) == 1
        assert library.check_database() is None
    finally:
        library.close()


def test_the_start_up_check_finds_the_same_head_as_alembic() -> None:
    """Opening a current database skips Alembic (a sixth of a second at every start) because
    the newest revision read from the scripts is Alembic's head."""
    assert schema_version.declared_head(migrate.script_location()) == migrate.head_revision()


@pytest.mark.parametrize(
    ("lines", "head"),
    [
        ("revision: str = \"0002\"  # the newest\ndown_revision: str | None = '0001'", "0002"),
        ('revision = "0002"\ndown_revision = "0001"\nrevision = "0003"', "0003"),  # the last
        ('revision = REVISION\ndown_revision = "0001"', None),  # a name: Alembic decides
        ('revision = (\n    "0002"\n)\ndown_revision = "0001"', None),  # over several lines
        ('revision = "0002"', None),  # no down_revision
        ('revision = "00#2"\ndown_revision = "0001"', None),  # unsure where a comment starts
    ],
)
def test_the_start_up_check_reads_only_plain_assignments(
    tmp_path: Path, lines: str, head: str | None
) -> None:
    """Anything but a plain string or None leaves the answer to Alembic."""
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "0001_first.py").write_text(
        '"""first"""\nrevision = "0001"\ndown_revision = None\n', encoding="utf-8"
    )
    (versions / "0002_second.py").write_text(f'"""second"""\n{lines}\n', encoding="utf-8")
    assert schema_version.declared_head(tmp_path) == head


def test_reopening_a_current_database_runs_no_migration(db_path: Path) -> None:
    make_populated_db(db_path)
    before = schema_of(db_path)
    Library(db_path).close()
    assert schema_of(db_path) == before


_BROKEN_MIGRATION = '''
"""a migration that fails half-way"""
import sqlalchemy as sa
from alembic import op

revision = "0002_broken"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("leftover", sa.Column("id", sa.Integer, primary_key=True))
    with op.batch_alter_table("goal") as batch:  # rebuilds the goal table
        batch.add_column(sa.Column("colour", sa.String(), nullable=True))
    op.execute("UPDATE goal SET colour = 'red'")
    op.execute("DELETE FROM participant")
    raise RuntimeError("injected failure in the middle of a migration")


def downgrade() -> None:
    pass
'''


def install_broken_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's own migrations plus one more that fails after changing a lot."""
    source = Path(str(resources.files("workshop_app.storage") / "migrations"))
    scripts = tmp_path / "migrations"
    shutil.copytree(source, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0002_broken.py").write_text(
        _BROKEN_MIGRATION.format(head=migrate.head_revision()), encoding="utf-8"
    )

    monkeypatch.setattr(migrate, "script_location", lambda: scripts)


def test_a_failed_migration_rolls_back_completely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "workshops.sqlite3"
    (workshop_id,) = make_populated_db(path)
    schema_before = schema_of(path)
    connection = sqlite3.connect(path)
    rows_before = list(connection.iterdump())
    connection.close()

    install_broken_migrations(tmp_path, monkeypatch)
    with pytest.raises(RuntimeError, match="injected failure"):
        Library(path)
    monkeypatch.undo()

    assert schema_of(path) == schema_before  # no leftover table, no _alembic_tmp_goal, no colour
    connection = sqlite3.connect(path)
    assert list(connection.iterdump()) == rows_before  # the participants are all still there
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    library = Library(path)  # and the real app opens it as before
    assert len(library.workshop(workshop_id).participants) == 6
    library.close()


def test_checks_left_for_later_still_back_up_before_a_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path)
    library = Library(path)
    library.create_workshop("Not backed up yet")
    library.close()
    install_broken_migrations(tmp_path, monkeypatch)
    with pytest.raises(RuntimeError, match="injected failure"):
        Library(path, check_later=True)  # the window's open, which defers the backup otherwise
    assert b"Not backed up yet" in backup.backups(path)[0].read_bytes()
