"""The Colab install cell, the same in every notebook: build_notebooks.py puts it after the parameters cell.

On Colab it shows as a form: its title, and the URL as a field. At build time @REPO@ becomes pyproject.toml's
[project.urls] Repository and @OWNER@ the placeholder owner the URL has until the repository is published
(while it does, the cell asks the reader for the URL instead of failing inside pip).
"""

# %%
# @title Colab only: install mpnb from its repository (anywhere else this does nothing)
# the repository to install from: pyproject.toml's [project.urls] Repository, at build time
MPNB_REPO_URL = "@REPO@"  # @param {type:"string"}
try:
    import google.colab  # noqa: F401
except ImportError:
    IN_COLAB = False
else:
    IN_COLAB = True
if IN_COLAB:
    import subprocess
    import sys

    if "@OWNER@" in MPNB_REPO_URL:
        raise RuntimeError(
            "This notebook was built before mpnb's repository URL was known. Set MPNB_REPO_URL above to "
            "the repository's https://github.com/OWNER/mpnb URL (or a fork of it) and run this cell again."
        )
    # Colab already has matplotlib and ipywidgets; the notebooks extra would only add JupyterLab
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", f"mpnb @ git+{MPNB_REPO_URL}"], check=True)
