"""The web app over a store: ``create_app(db)`` (FastAPI; the ``web`` extra)."""
