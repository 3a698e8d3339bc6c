"""`flask` commands, a module per subject: users, collections, review, corpus, nlp (detect, evaluate), train, jobs."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    """Attach every command to the app's `flask` CLI."""
    from annotator.cli.collections import collections
    from annotator.cli.corpus import export_command, import_command
    from annotator.cli.jobs import jobs
    from annotator.cli.layers import export_layers_command
    from annotator.cli.nlp import detect_command, evaluate_command
    from annotator.cli.review import review_command
    from annotator.cli.train import train_command
    from annotator.cli.users import load_demo, users

    for command in (
        users,
        load_demo,
        review_command,
        detect_command,
        evaluate_command,
        export_command,
        import_command,
        export_layers_command,
        train_command,
        jobs,
        collections,
    ):
        app.cli.add_command(command)
