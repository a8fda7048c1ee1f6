"""wiretrace's benchmarks, beside the package in the checkout: `python -m benchmarks NAME`."""

from __future__ import annotations

import os
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent  # the checkout that holds this package


def checkout_path(*parts: str) -> Path:
    """A path in the checkout beside the package; a clear error when it is not there."""
    path = ROOT.joinpath(*parts)
    if not path.exists():
        raise click.ClickException(
            f"{path} not found: this benchmark reads it from a wiretrace checkout "
            f"(run it from the repository, beside {ROOT / 'benchmarks'})"
        )
    return path


def child_env() -> dict[str, str]:
    """This process's environment with the checkout on PYTHONPATH, so a child finds the package."""
    env = dict(os.environ)
    paths = [str(ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env
