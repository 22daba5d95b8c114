"""The demo school's history: a timeline of about twenty published items from the founding in 1956 to 2026
(photos and objects as small generated pictures, documents told in their story, two oral-history recordings of a
few seconds), contributed by the committee and any elder curator the elders' demo made. The second school gets
none."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.utils import timezone

from .models import HistoryItem

TIMELINE = [
    (1956, "founding", "photo", "建校：三间土坯房里的第一课",
     "1956年秋，县里在城关镇东郊划出一块地，三间土坯房、六十名学生，学校就这样开办了。"),
    (1958, "students", "photo", "第一届毕业生合影", "四十二名毕业生站在校门前，后排右起第三位是后来回校任教的李老师。"),
    (1960, "founding", "object", "老校钟", "一口铸铁钟挂在操场边的槐树上，敲了二十多年，如今陈列在校史馆。"),
    (1963, "red", "document", "学雷锋小组成立记录", "学生会的记录本上写着：“每周六下午为烈军属挑水、扫院子。”"),
    (1966, "teachers", "photo", "教师们在田间上劳动课", "那几年课堂搬到了田埂上，老师们带着学生认庄稼、学农活。"),
    (1972, "founding", "photo", "第一座砖瓦教学楼", "师生一起搬砖和泥，两层十二间教室的教学楼在秋天落成。"),
    (1977, "students", "document", "恢复高考后的第一张喜报", "1977年冬，学校有五名毕业生考上大学，喜报贴在校门口。"),
    (1981, "honours", "object", "县“文明学校”奖牌", "学校第一次获得县级荣誉，奖牌至今挂在校史馆正中。"),
    (1986, "campus_life", "photo", "第一届校运动会", "煤渣跑道上的百米赛跑，全校师生和附近村民都来看。"),
    (1990, "committee", "oral_history", "周老讲学校关工委的成立",
     "1990年学校成立关心下一代工作委员会，老校长周老讲述当年的情景。"),
    (1995, "founding", "photo", "新校门落成", "新校门由校友捐资修建，门楣上的校名是老校长亲笔题写。"),
    (1999, "red", "photo", "迎澳门回归主题升旗仪式", "全校师生在操场举行升旗仪式，合唱《七子之歌》。"),
    (2003, "campus_life", "photo", "第一间计算机教室", "三十台电脑，同学们第一次在课堂上打字、上网查资料。"),
    (2008, "committee", "document", "抗震救灾捐款倡议书", "关工委五老带头捐款，师生共捐款两万余元。"),
    (2012, "honours", "object", "市“关心下一代工作先进集体”牌匾", "学校关工委被评为市级先进集体。"),
    (2016, "teachers", "oral_history", "老教师谈六十年校史", "建校六十周年座谈会上，三位老教师回忆各自的教书岁月。"),
    (2019, "red", "photo", "“我和我的祖国”快闪", "国庆七十周年，师生在新操场上唱响《我和我的祖国》。"),
    (2021, "committee", "photo", "五老党史宣讲团成立", "七位五老组成党史宣讲团，走进各班讲红色故事。"),
    (2024, "campus_life", "photo", "校史馆开馆", "旧教学楼改建为校史馆，陈列老照片、老物件二百余件。"),
    (2026, "founding", "photo", "建校七十周年", "七十年薪火相传，校友们从各地回到母校。"),
]


def picture(seed: int, year: int) -> bytes:
    from PIL import Image, ImageDraw

    tone = max(60, 200 - (2026 - year))  # older years in browner, darker tones
    img = Image.new("RGB", (360, 240), (tone, tone - 30, tone - 60))
    draw = ImageDraw.Draw(img)
    for i in range(5):
        x = 30 + i * 62
        draw.rectangle((x, 110 + (seed + i) % 30, x + 40, 220), fill=(tone - 50, tone - 70, tone - 90))
    draw.rectangle((0, 0, 359, 239), outline=(240, 230, 210), width=6)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=70)
    return out.getvalue()


def build(ctx) -> None:
    if not ctx.named or ctx.director is None:
        return
    from .selectors import contributor_choices

    school = ctx.school
    people = list(contributor_choices(school)[:3]) or [ctx.director]
    now = timezone.now()
    rows = []
    for n, (year, theme, kind, title, story) in enumerate(TIMELINE):
        item = HistoryItem(school=school, kind=kind, title=title, year=year, theme=theme, story=story,
                           status="published", created_by=ctx.director, created_at=now, updated_at=now,
                           date=dt.date(year, 9, 1) if n % 4 == 0 else None)
        if kind in ("photo", "object"):
            data = picture(n, year)
            item.file.save(f"demo-{n}.jpg", ContentFile(data), save=False)  # through the storage API
            item.file_name, item.size = f"{title}.jpg", len(data)
        elif kind == "oral_history":
            from xinhuo.family.school.demo import placeholder_audio

            data = placeholder_audio(3.0)
            item.file.save(f"demo-{n}.wav", ContentFile(data), save=False)
            item.file_name, item.size = f"{title}.wav", len(data)
        rows.append(item)
    HistoryItem.objects.bulk_create(rows)
    links = [HistoryItem.contributors.through(historyitem_id=item.pk, user_id=people[n % len(people)].pk)
             for n, item in enumerate(rows)]
    HistoryItem.contributors.through.objects.bulk_create(links)
    # bulk_create sends no post_save, and this part runs after the search part's own reindex
    from xinhuo.library.search.indexing import reindex

    reindex(school.pk, kinds=["history"])
