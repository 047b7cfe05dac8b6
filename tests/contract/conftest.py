"""The frames fixtures (an isolated seeded sandbox with backups under tmp_path), shared with the contract."""

from tests.frames.conftest import fws, make_ws

__all__ = ["fws", "make_ws"]
