from rest_framework import viewsets

from ..models import Message

PATHS: list = []


class MessageViewSet(viewsets.GenericViewSet):
    queryset = Message.objects.none()
