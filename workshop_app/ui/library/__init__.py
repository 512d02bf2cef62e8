"""The workshops library (start screen): workshops, templates, the request portfolio."""
