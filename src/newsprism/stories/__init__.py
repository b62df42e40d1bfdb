"""Corpus-level stages: stories, claim matching across outlets, the merged timeline and the
side-by-side comparison."""
