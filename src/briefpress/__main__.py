"""`python -m briefpress` is the `briefpress` command."""

from briefpress.cli import run

run()
