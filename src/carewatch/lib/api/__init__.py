"""What every app's API routes share: input types, the error body, pagination, existence checks."""
