from django.dispatch import Signal

request_changed = Signal()  # sender=PrivacyRequest, request=, step=, actor= (core.workflow)
student_erased = Signal()  # sender=Erasure, erasure=
