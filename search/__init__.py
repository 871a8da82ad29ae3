"""FairMatch search: the SearchBackend protocol and its embedded and Elasticsearch backends."""
