from rest_framework import viewsets

from ..models import Survey


class ResultViewSet(viewsets.GenericViewSet):
    queryset = Survey.objects.none()
