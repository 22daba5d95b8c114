from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "xinhuo.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.conf import settings

        from . import converters, registry, signals, tokens  # noqa: F401  (tokens: revoked on logout, by a signal receiver)

        converters.install()  # `<int:>` in URLs bounded to a row id's range: before any URLconf is imported

        # drf-spectacular reads this dict lazily, at the first schema; the apps' manifests fill it
        overrides = settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]
        assert isinstance(overrides, dict)
        overrides.update(registry.api_enums())
