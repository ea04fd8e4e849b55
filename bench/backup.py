"""Benchmark: ``carewatch backup``, ``backup verify`` and ``restore`` of a large instance, beside
the bare copy of the same database.

    uv run python bench/backup.py                          # 1,000,000 incidents, SQLite
    uv run python bench/backup.py --incidents 100000       # quicker
    uv run python bench/backup.py --instance /tmp/bench-1m # reuse bench/dashboard.py's instance
    uv run python bench/backup.py --database-url postgresql://postgres@127.0.0.1:5432/postgres

No target in docs/performance.md yet: the figures are what an administrator plans a backup window
and a restore drill with. The instance is loaded as ``bench/dashboard.py`` loads it (N incidents
with their tags, counts, one record and one report each, facilities; written in bulk). Then, timed:
``carewatch backup`` into a fresh folder; ``carewatch backup verify``; ``carewatch restore`` into a
new, empty instance (a second SQLite folder, or a second scratch PostgreSQL database). The
reference in the same run is the bare copy of the same database, compressed as the archive is
(gzip level 3): SQLite's online backup of the file, or ``pg_dump`` in its custom format. The
machine's CPUs may be shared: compare the ratios, and the absolute figures beside them.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dashboard import carewatch, load  # the same instance as the dashboard bench

RESTORE_DB = "carewatch_bench_restore"
SOURCE_DB = "carewatch_bench_backup"


def timed(env: dict[str, str], *args: str) -> float:
    """``carewatch ARGS`` (as the dashboard bench runs it), timed."""
    started = time.perf_counter()
    carewatch(env, *args)
    return time.perf_counter() - started


def scratch(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(admin_url)._replace(path=f"/{name}"))


def drop(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def reference_sqlite(database: Path, folder: Path) -> tuple[float, int]:
    """SQLite's online backup of the file, then gzip level 3: (seconds, bytes)."""
    started = time.perf_counter()
    copy = folder / "copy.sqlite3"
    source, target = sqlite3.connect(database), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    with (
        copy.open("rb") as raw,
        gzip.open(folder / "copy.sqlite3.gz", "wb", compresslevel=3) as out,
    ):
        shutil.copyfileobj(raw, out, 1 << 20)
    return time.perf_counter() - started, (folder / "copy.sqlite3.gz").stat().st_size


def reference_postgres(url: str, folder: Path) -> tuple[float, int]:
    """``pg_dump --format=custom --compress=3``: (seconds, bytes)."""
    out = folder / "dump.pgc"
    started = time.perf_counter()
    subprocess.run(
        ["pg_dump", "--format=custom", "--compress=3", "--file", str(out), url], check=True
    )
    return time.perf_counter() - started, out.stat().st_size


def prepare(args: argparse.Namespace, env: dict[str, str], data_dir: str) -> None:
    marker = Path(data_dir) / "bench-loaded.txt"
    if (
        not args.database_url
        and marker.exists()
        and marker.read_text().strip() == str(args.incidents)
    ):
        print(f"reusing the {args.incidents:,} incidents already loaded in {data_dir}", flush=True)
        return
    timed(env, "migrate", "--verbosity", "0")
    timed(env, "load_gazetteer")
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carewatch.settings")
    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    counts = load(args.incidents, args.seed)
    connection.close()
    print(
        f"loaded in {time.perf_counter() - started:.1f} s: "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items()),
        flush=True,
    )
    if not args.database_url:
        marker.write_text(str(args.incidents))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url", default="", help="A PostgreSQL admin URL (scratch databases are made)."
    )
    parser.add_argument("--instance", default="", help="Keep (or reuse) the SQLite instance here.")
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="carewatch-bench-backup-"))
    data_dir = args.instance or str(work / "source")
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CAREWATCH_") and k != "DATABASE_URL"
    }
    base |= {"CAREWATCH_ENV": "development", "CAREWATCH_LOG_LEVEL": "WARNING"}
    env = base | {"CAREWATCH_DATA_DIR": data_dir}
    target = base | {"CAREWATCH_DATA_DIR": str(work / "restored")}
    if args.database_url:
        env["DATABASE_URL"] = scratch(args.database_url, SOURCE_DB)
        target["DATABASE_URL"] = scratch(args.database_url, RESTORE_DB)
    try:
        prepare(args, env, data_dir)
        archive = work / "archive.tar.gz"
        took_backup = timed(env, "backup", str(archive))
        size = archive.stat().st_size
        took_verify = timed(env, "backup", "verify", str(archive))
        took_restore = timed(target, "restore", str(archive))
        if args.database_url:
            took_ref, ref_size = reference_postgres(env["DATABASE_URL"], work)
        else:
            took_ref, ref_size = reference_sqlite(Path(data_dir) / "carewatch.sqlite3", work)
        kind = "PostgreSQL" if args.database_url else "SQLite"
        print(f"\n{kind}, {args.incidents:,} incidents")
        print(f"  backup   {took_backup:8.1f} s   archive {size / 1e6:8.1f} MB")
        print(f"  verify   {took_verify:8.1f} s")
        print(f"  restore  {took_restore:8.1f} s")
        print(f"  reference (bare compressed copy) {took_ref:.1f} s, {ref_size / 1e6:.1f} MB")
        print(
            f"  ratios: backup {took_backup / took_ref:.1f}x the reference's time, "
            f"archive {size / ref_size:.2f}x its size; restore {took_restore / took_ref:.1f}x"
        )
    finally:
        if args.database_url:
            drop(args.database_url, SOURCE_DB)
            drop(args.database_url, RESTORE_DB)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
