"""Record linkage for the staff: the ``carewatch link-file`` command (the review queue comes later)."""
