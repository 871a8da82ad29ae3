"""HTTP routers: thin translations between requests and service functions."""
