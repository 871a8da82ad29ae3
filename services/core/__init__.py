"""Service functions: the business rules between routers and the database, search and matcher."""
