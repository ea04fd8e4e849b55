"""The framework layer under every app: form fields, template tags, middleware, the API's input
types, errors and pagination, shared model helpers. It imports no CareWatch app."""
