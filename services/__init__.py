"""FairMatch services: the FastAPI app, database, authentication, background tasks and CLI."""
