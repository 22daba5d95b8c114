"""Pages of the notices part (namespace family:)."""

from django.urls import path

from . import views

urlpatterns = [
    path("notices/", views.notices_list, name="notices-list"),
    path("notices/new/", views.notices_new, name="notices-new"),
    path("notices/<int:pk>/", views.notices_detail, name="notices-detail"),
    path("notices/<int:pk>/edit/", views.notices_edit, name="notices-edit"),
    path("notices/<int:pk>/progress/", views.notices_progress, name="notices-progress"),
    path("notices/<int:pk>/send/", views.notices_send, name="notices-send"),
    path("notices/<int:pk>/remind/", views.notices_remind, name="notices-remind"),
    path("notices/<int:pk>/export/", views.notices_export, name="notices-export"),
    path("notices/<int:pk>/files/<int:file_pk>/", views.notices_attachment, name="notices-attachment"),
    path("notices/my/", views.notices_mine, name="notices-mine"),
    path("notices/my/<int:pk>/", views.notices_read, name="notices-read"),
    path("notices/my/<int:pk>/reply/<int:student_pk>/", views.notices_reply, name="notices-reply"),
    path("messages/", views.messages_list, name="messages-list"),
    path("messages/new/", views.messages_new, name="messages-new"),
    path("messages/<int:pk>/", views.messages_thread, name="messages-thread"),
]
