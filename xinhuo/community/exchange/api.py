"""API of the exchange part: viewsets (declared in declare.API_ROUTES) and plain views (PATHS, under /api/v1/)."""

PATHS: list = []
