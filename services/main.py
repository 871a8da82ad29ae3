"""ASGI entry point for uvicorn: `services.main:app`.

With `--workers N` uvicorn starts fresh interpreters that import this module, not the CLI that
configured logging, so the JSON log format is set here as well (again, harmlessly, with one).
"""

from services.app import create_app
from services.web.observability import configure_logging

configure_logging()
app = create_app()
