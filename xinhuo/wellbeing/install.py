"""Writing a scale's spec into the scale tables: the standard scales at migration time, a configured scale's
copy. Model classes are passed in so the data migration can hand over its historical models."""

from __future__ import annotations

from .scales import STANDARD_SCALES, ScaleSpec


def write_scale(models: dict, spec: ScaleSpec, *, scale) -> None:
    """Replace `scale`'s items, options and bands by those of `spec` (`models` maps ScaleItem, ScaleOption and
    ScaleBand to their classes)."""
    item_model, option_model, band_model = models["ScaleItem"], models["ScaleOption"], models["ScaleBand"]
    option_model.objects.filter(scale=scale).delete()
    item_model.objects.filter(scale=scale).delete()
    band_model.objects.filter(scale=scale).delete()
    option_model.objects.bulk_create(option_model(scale=scale, order=n, label=o.label, score=o.score)
                                     for n, o in enumerate(spec.options))
    for item in spec.items:
        row = item_model.objects.create(scale=scale, number=item.number, text=item.text, scored=item.scored,
                                        reverse=item.reverse, subscale=item.subscale, alert_at=item.alert_at)
        option_model.objects.bulk_create(option_model(scale=scale, item=row, order=n, label=o.label, score=o.score)
                                         for n, o in enumerate(item.options))
    band_model.objects.bulk_create(band_model(scale=scale, subscale=b.subscale, low=b.low, high=b.high,
                                              label=b.label, risk=int(b.risk)) for b in spec.bands)


def ensure_standard_scales() -> None:
    """The standard scales, installed again if missing: the migration installs them, but a test database that a
    transactional test flushed has lost them (the demo and the test world call this)."""
    from . import models

    if models.Scale.objects.filter(school=None, code__in=[s.code for s in STANDARD_SCALES]).count() \
            < len(STANDARD_SCALES):
        install_standard_scales({name: getattr(models, name)
                                 for name in ("Scale", "ScaleItem", "ScaleOption", "ScaleBand")})


def install_standard_scales(models: dict) -> None:
    """Create or refresh the standard scales (no school, ready); idempotent."""
    for spec in STANDARD_SCALES:
        scale, _ = models["Scale"].objects.update_or_create(
            school=None, code=spec.code,
            defaults={"name": spec.name, "instructions": spec.instructions, "source": spec.source,
                      "standard": True, "ready": True})
        write_scale(models, spec, scale=scale)
