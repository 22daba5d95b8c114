from xinhuo.people import api


class StaffViewSet(api.StaffViewSet):
    pass
