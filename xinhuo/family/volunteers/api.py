"""API of the volunteers part: viewsets (declared in declare.API_ROUTES) and plain views (PATHS, under /api/v1/)."""

PATHS: list = []
