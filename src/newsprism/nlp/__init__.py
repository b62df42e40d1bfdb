"""Per-article language stages: sentences, entities, quotes, claims, time expressions."""
