"""The sourcing annotator: a Flask app for checking how a news article is sourced.

The package imports nothing itself, so the pure layers (`annotator.nlp`, `annotator.review`,
`annotator.formats`) load without Flask or SQLAlchemy; the app is built by `annotator.app.create_app`.
"""
