"""``python -m guarantor`` runs the CLI."""

from guarantor.cli import main

main()
