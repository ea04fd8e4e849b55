"""Rule of the house 1: the core never imports Django."""

import subprocess
import sys


def test_importing_the_whole_core_does_not_import_django() -> None:
    code = (
        "import pkgutil, importlib, sys, carewatch_core\n"
        "for m in pkgutil.walk_packages(carewatch_core.__path__, 'carewatch_core.'):\n"
        "    importlib.import_module(m.name)\n"
        "assert 'django' not in sys.modules, sorted(k for k in sys.modules if k.startswith('django'))\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
