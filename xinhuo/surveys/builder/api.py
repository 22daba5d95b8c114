from rest_framework import viewsets

from ..models import Survey


class SurveyViewSet(viewsets.GenericViewSet):
    queryset = Survey.objects.none()
