"""Record linkage: which records of several sources are the same person or incident."""
