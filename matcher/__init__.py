"""FairMatch matcher: occupation normalization, embeddings and explained ranking (no HTTP, no queues)."""
