"""ASGI entry point for uvicorn: `services.main:app`."""

from services.app import create_app

app = create_app()
