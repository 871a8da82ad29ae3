"""FairMatch matcher: occupation normalization, embeddings and explained ranking."""
