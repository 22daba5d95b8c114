from rest_framework import viewsets

from ..models import Survey


class OpenSurveyViewSet(viewsets.GenericViewSet):
    queryset = Survey.objects.none()
