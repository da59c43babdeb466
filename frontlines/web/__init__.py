"""api stage, over HTTP: ``create_app(store, coder_factory=...)`` is the FastAPI app that
``frontlines serve`` runs (events, timeline, articles, actors, relations, control; token-guarded
ingest and corrections)."""
from frontlines.web.app import create_app

__all__ = ["create_app"]
