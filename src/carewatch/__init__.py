"""CareWatch Django project."""
