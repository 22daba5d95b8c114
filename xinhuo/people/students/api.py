from xinhuo.people import api


class StudentViewSet(api.StudentViewSet):
    pass
