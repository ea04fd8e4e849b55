"""A process that loads the apps and every page (as ``carewatch serve`` and ``check`` do) does not
import the heavy libraries that only some work needs (docs/architecture.md, "Start-up")."""

import subprocess
import sys

from tests.conftest import instance_environment

#: Imported when linking, making or reading a PDF, or writing a receipt; never to start.
LOADED_WHEN_USED = ("splink", "duckdb", "pyarrow", "fpdf", "pypdf", "num2words")


def _python(tmp_path, code: str) -> subprocess.CompletedProcess[str]:
    """``code`` run by a new interpreter on an instance of its own."""
    return subprocess.run(
        [sys.executable, "-c", code],
        env=instance_environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )


def test_loading_every_page_imports_none_of_the_libraries_only_some_work_needs(tmp_path) -> None:
    code = (
        "import sys, django\n"
        "django.setup()\n"
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"
        "import carewatch.linkage.receivers, carewatch.publishing.views\n"
        f"print(sorted(name for name in {LOADED_WHEN_USED!r} if name in sys.modules))\n"
    )
    done = _python(tmp_path, code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_job_an_import_queues_is_the_linkage_job() -> None:
    """The receiver names its job by path (so as not to import the linker to start): the path
    must lead to the job."""
    from django.utils.module_loading import import_string

    from carewatch.linkage.jobs import link_imported
    from carewatch.linkage.receivers import LINK_IMPORTED

    assert import_string(LINK_IMPORTED) is link_imported


def _loads_pages(tmp_path, *args: str) -> tuple[subprocess.CompletedProcess[str], bool]:
    """A ``carewatch`` command's result, and whether it imported the URL configuration."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('carewatch.urls' in sys.modules, file=sys.__stdout__))\n"
        f"sys.argv = ['carewatch', *{list(args)!r}]\n"
        "from carewatch.cli import main\n"
        "main()\n"
    )
    done = _python(tmp_path, code)
    return done, done.stdout.strip().splitlines()[-1] == "True"


def test_an_operation_starts_without_loading_every_page(tmp_path) -> None:
    """Django runs its system checks before a command, and they load every page (the URL
    configuration, every view): a second or more of each start. The checks belong to ``check``
    and ``serve``; an operation (here ``backup verify`` of a file that is not there) skips them."""
    done, loaded = _loads_pages(tmp_path, "backup", "verify", str(tmp_path / "none.tar.gz"))
    assert done.returncode != 0 and "none.tar.gz" in done.stderr  # the command itself ran
    assert not loaded
    checked, loaded = _loads_pages(tmp_path, "check")
    assert checked.returncode == 0 and loaded
