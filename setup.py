"""Build hook: a wheel carries the prebuilt cache entries of the built-in glossary.

Everything else about the build is in pyproject.toml. After the package is copied into the
build folder, `python -m lexicon.check.prebuilt` runs on that copy and writes its entries
into `lexicon/terms/prebuilt/` (see lexicon/cache.py): a first run of the installed
package then costs what a warm one does. If that step fails, the wheel is built without
them (each run's cache fills on first use, as before) and the build says why.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithPrebuilt(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout: its cache fills on first use
        root = Path(self.build_lib).resolve()
        env = {**os.environ, "PYTHONPATH": str(root), "LEXICON_NO_CACHE": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        command = [sys.executable, "-m", "lexicon.check.prebuilt", str(root / "lexicon" / "terms" / "prebuilt")]
        done = subprocess.run(command, env=env, cwd=root, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"warning: no prebuilt cache entries: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        else:
            print(done.stdout.strip())


setup(cmdclass={"build_py": BuildWithPrebuilt})
