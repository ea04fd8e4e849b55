"""Petitions: public pages in three languages, signatures that count only once confirmed by
email, guards against abuse, invalidation jobs, count history and the pack handed to targets
(docs/petitions.md)."""
