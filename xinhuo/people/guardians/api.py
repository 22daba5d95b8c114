from xinhuo.people import api


class GuardianViewSet(api.GuardianViewSet):
    pass
