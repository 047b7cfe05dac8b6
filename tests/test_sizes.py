"""No file in ``mpnb/`` passes 450 lines: a longer module holds more than one thing and should be split by
what it holds (see CONTRIBUTING.md's map)."""

from __future__ import annotations

from pathlib import Path

import mpnb

ROOT = Path(mpnb.__file__).parent
MAX_LINES = 450


def _too_long(root: Path, limit: int = MAX_LINES) -> dict[str, int]:
    """Every text file below ``root`` longer than ``limit`` lines, with its line count."""
    out: dict[str, int] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        try:
            n = len(path.read_text(encoding="utf-8").splitlines())
        except UnicodeDecodeError:  # a binary file has no lines to count
            continue
        if n > limit:
            out[path.relative_to(root.parent).as_posix()] = n
    return out


def test_no_file_in_the_package_is_over_450_lines() -> None:
    assert _too_long(ROOT) == {}, "split these by what they hold"


def test_the_check_sees_a_long_file(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1), encoding="utf-8")
    (tmp_path / "pkg" / "short.py").write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    (tmp_path / "pkg" / "blob.bin").write_bytes(b"\xff\xfe" * 2000)
    assert _too_long(tmp_path / "pkg") == {"pkg/long.py": MAX_LINES + 1}
