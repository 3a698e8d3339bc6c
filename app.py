"""Entry point `flask` finds: the sourcing annotator app."""

from annotator.app import create_app

app = create_app()
