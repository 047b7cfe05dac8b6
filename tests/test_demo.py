"""The README's demo command runs on the built-in sandbox with no credentials."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_demo_runs(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MP_", "MPNB_"))}
    env["MPNB_HOME"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-m", "mpnb.demo"], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "target:     SANDBOX" in out.stdout
    assert "backup written first" in out.stdout
    assert list((tmp_path / "backups").iterdir())
