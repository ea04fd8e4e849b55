"""``carewatch estimate``: the reference figures, JSON output, and clear errors for bad files."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

KOSOVO = Path(__file__).parent / "core" / "data" / "kosovo_aggregate_patterns.csv"


def run(*args: str) -> str:
    out = StringIO()
    call_command("estimate", *args, stdout=out)
    return out.getvalue()


def test_loglinear_prints_rcaptures_estimate_interval_and_model() -> None:
    text = run("--patterns", str(KOSOVO), "--method", "loglinear")
    lines = text.splitlines()
    assert lines[0].startswith("Estimated total: 14,341.7 (95% interval ")
    assert "Documented: 4,400 on 4 lists (EXH, ABA, OSCE, HRW)" in text
    assert (
        "best by BIC: EXH + ABA + OSCE + HRW + EXH:ABA + EXH:OSCE + EXH:HRW + ABA:OSCE + OSCE:HRW"
        in text
    )
    assert "Warnings: none" in text


def test_json_is_one_object_with_the_figures() -> None:
    data = json.loads(run("--patterns", str(KOSOVO), "--method", "loglinear", "--json"))
    assert data["method"] == "loglinear"
    assert data["estimate"] == pytest.approx(14_341.7, abs=0.1)
    assert data["lower"] < data["estimate"] < data["upper"]
    assert data["observed"] == 4400 and data["lists"] == ["EXH", "ABA", "OSCE", "HRW"]
    assert data["warnings"] == []
    assert data["details"]["models_fitted"] == 64


def test_lcmcr_with_the_reference_settings_reproduces_the_r_package() -> None:
    data = json.loads(run("--patterns", str(KOSOVO), "--seed", "1", "--json"))
    assert data["method"] == "lcmcr"
    assert data["estimate"] == pytest.approx(10_400, rel=0.02)
    assert data["lower"] == pytest.approx(9_061, rel=0.05)
    assert data["upper"] == pytest.approx(13_943, rel=0.05)
    assert data["details"]["seed"] == 1


def test_lcmcr_prints_its_seed_so_a_run_can_be_repeated() -> None:
    text = run("--patterns", str(KOSOVO), "--burn-in", "100", "--samples", "50", "--thinning", "2")
    assert text.startswith("Estimated total: ")
    assert "seed " in text
    assert "Warnings:\n  - " in text
    assert "effectively independent draws" in text  # 50 draws: the diagnostics say so


def test_dga_is_available_too() -> None:
    data = json.loads(run("--patterns", str(KOSOVO), "--method", "dga", "--json"))
    assert data["method"] == "dga" and data["lower"] < data["estimate"] < data["upper"]


def test_warnings_are_printed(tmp_path: Path) -> None:
    path = tmp_path / "thin.csv"
    path.write_text("A,B,C,n\n1,0,0,40\n0,1,0,30\n0,0,1,25\n1,1,0,5\n0,1,1,4\n", encoding="utf-8")
    text = run("--patterns", str(path), "--method", "loglinear")
    assert "Warnings:\n  - Only 3 lists" in text
    assert "Lists 'A' and 'C' share no records" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"A,B,C,count\n1,0,0,5\n0,x,1,3\n",
            "line 3, column 'B': list flags must be 0 or 1, found 'x'",
        ),
        (
            b"A,B,C,count\n1,0,0,five\n",
            "line 2, column 'count': the count must be a number, found 'five'",
        ),
        (b"1,0,0,5\n0,1,1,3\n", "line 1 must be a header naming the lists"),
        (b"A,B,count\n1,0,5\n0,1,3\n1,1,1\n", "at least 3 lists"),
        (b"", "the file is empty"),
        (b"\xff\xfe\x00\x01binary", "not a text file in UTF-8"),
    ],
)
def test_bad_files_give_a_clear_error_not_a_traceback(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError) as caught:
        run("--patterns", str(path), "--method", "loglinear")
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        run("--patterns", str(tmp_path / "nowhere.csv"))


def test_a_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        run("--patterns", str(tmp_path))


def test_bad_settings_are_a_command_error() -> None:
    with pytest.raises(
        CommandError, match="cannot estimate: classes, samples and thinning must be at least 1"
    ):
        run("--patterns", str(KOSOVO), "--samples", "0")
