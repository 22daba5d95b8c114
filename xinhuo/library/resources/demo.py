"""The demo school's resource library: about 200 published resources with real-looking Chinese titles, summaries
and text in the collections 红色故事100讲, 家庭教育微课, 心理加油站, 法治教育, 传统节日, 学雷锋 and 科学家精神, plus
policy texts for teachers and elders. Generated from the lists below: articles and external links mostly; small
files where a kind needs one (a few seconds of WAV for the parents' audio micro-lectures, one-page PDFs and Word
files whose text is extracted as an upload's would be, small JPEG pictures). View counts, ratings and favourites
are spread over the school's accounts, and a few resources are linked to the demo's activities and parent-school
sessions. Bulk-created: well under a second of database time. The second school gets none."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from .models import Collection, CollectionItem, DailyView, Favourite, Rating, Resource, UsedIn
from .text import extract

SMARTEDU = "https://basic.smartedu.cn/"  # 国家中小学智慧教育平台

RED_STORIES = [
    ("狼牙山五壮士", "1941年秋，五位八路军战士掩护群众和主力转移，弹尽后纵身跳下悬崖。"),
    ("小英雄雨来", "晋察冀边区的少年雨来机智掩护交通员，与敌人周旋的故事。"),
    ("放牛娃王二小", "13岁的王二小把日军引进八路军的埋伏圈，献出了年轻的生命。"),
    ("刘胡兰：生的伟大，死的光荣", "15岁的共产党员刘胡兰面对铡刀毫不畏惧。"),
    ("黄继光舍身堵枪眼", "上甘岭战役中，黄继光用胸膛堵住敌人的机枪射孔。"),
    ("邱少云烈火永生", "为了潜伏任务不暴露，邱少云在烈火中一动不动。"),
    ("董存瑞舍身炸碉堡", "隆化战斗中，董存瑞托起炸药包炸毁敌人的暗堡。"),
    ("江姐在狱中", "重庆渣滓洞里，江竹筠受尽酷刑，始终坚贞不屈。"),
    ("赵一曼的家书", "抗日女英雄赵一曼就义前写给儿子的最后一封信。"),
    ("杨靖宇：白山黑水间的铁骨", "东北抗日联军总司令杨靖宇孤身奋战到最后一刻。"),
    ("方志敏《可爱的中国》", "狱中写下的《可爱的中国》，寄托着对祖国的无限深情。"),
    ("夏明翰就义诗", "“砍头不要紧，只要主义真。”一首就义诗传唱至今。"),
    ("飞夺泸定桥", "红军二十二名勇士冒着枪林弹雨攀着铁索夺下泸定桥。"),
    ("四渡赤水出奇兵", "毛泽东指挥红军四渡赤水，跳出敌人的包围圈。"),
    ("巧渡金沙江", "七只小船、七天七夜，中央红军全部渡过金沙江。"),
    ("爬雪山过草地", "红军战士在雪山草地经受了生死考验。"),
    ("遵义会议：伟大的转折", "1935年1月的遵义会议在危急关头挽救了党和红军。"),
    ("南昌起义第一枪", "1927年8月1日，南昌城头打响武装反抗国民党反动派的第一枪。"),
    ("井冈山会师", "朱德、毛泽东率部在井冈山胜利会师。"),
    ("半条被子", "三位女红军把仅有的一条被子剪下一半留给老乡。"),
    ("金色的鱼钩", "长征路上，老班长把最后一口鱼汤留给了病号。"),
    ("开国大典", "1949年10月1日，天安门城楼上庄严宣告中华人民共和国成立。"),
    ("上甘岭的一个苹果", "坑道里的一个苹果转了一圈，又回到了连长手里。"),
    ("“最可爱的人”", "抗美援朝志愿军战士在冰天雪地中坚守阵地。"),
    ("冰雕连", "长津湖战役中，志愿军战士冻成冰雕仍保持战斗姿态。"),
    ("雷锋的钉子精神", "雷锋把学习比作钉子，挤时间、钻进去。"),
    ("焦裕禄与兰考的泡桐", "县委书记焦裕禄带领兰考人民治理风沙、内涝和盐碱。"),
    ("铁人王进喜", "“宁可少活二十年，拼命也要拿下大油田。”"),
    ("邓稼先：两弹元勋", "隐姓埋名二十八年，为我国核武器事业奉献一生。"),
    ("钱学森归国路", "历经五年阻挠，钱学森终于回到祖国。"),
    ("“当代愚公”黄大发", "三十多年带领村民在悬崖上修出“生命渠”。"),
    ("张桂梅和华坪女高", "她创办全国第一所免费女子高中，让大山里的女孩走出大山。"),
    ("黄文秀：扎根扶贫一线", "北师大研究生回到家乡当驻村第一书记。"),
    ("卫国戍边英雄", "喀喇昆仑高原上，边防官兵誓死捍卫祖国领土。"),
    ("红船精神", "嘉兴南湖的一条红船，承载着开天辟地的伟业。"),
    ("延安窑洞里的灯光", "延安时期，窑洞里的油灯下写出了许多重要著作。"),
    ("西柏坡：“两个务必”", "新中国成立前夕，党中央在西柏坡提出“两个务必”。"),
    ("小萝卜头的故事", "在狱中长大的宋振中，渴望自由，渴望读书。"),
    ("王孝和的微笑", "就义前的一张照片，留下了一个共产党员从容的微笑。"),
    ("鸡毛信", "儿童团长海娃把一封插着鸡毛的急信送到八路军手中。"),
    ("李大钊：铁肩担道义", "中国共产主义运动的先驱，从容走上绞刑架。"),
    ("杨开慧：死不足惜", "“死不足惜，但愿润之革命早日成功。”"),
    ("左权将军", "八路军副参谋长，在十字岭突围中壮烈牺牲。"),
    ("八女投江", "东北抗联八名女战士弹尽后挽臂走进乌斯浑河。"),
    ("平型关大捷", "八路军出师抗日的第一个大胜仗。"),
    ("百团大战", "八路军一百多个团对华北日军交通线发起进攻。"),
    ("渡江战役", "“百万雄师过大江”，解放南京。"),
    ("鸭绿江边的誓言", "志愿军跨过鸭绿江，保家卫国。"),
    ("麦贤得：钢铁战士", "头部重伤仍坚持战斗三个多小时。"),
    ("王杰：一不怕苦，二不怕死", "为掩护民兵扑向炸药包。"),
    ("张富清：深藏功名六十年", "战斗英雄把军功章锁在箱底。"),
    ("王继才：守岛三十二年", "夫妻二人守护开山岛，升起五星红旗。"),
    ("杜富国：你退后，让我来", "扫雷英雄在雷场上舍身护战友。"),
    ("钟南山：逆行的背影", "八十多岁的院士奔赴抗疫一线。"),
    ("“两弹一星”功勋群像", "二十三位功勋科学家的报国之路。"),
    ("抗洪精神", "1998年，军民一心筑起抗洪的钢铁长城。"),
    ("载人航天：杨利伟首飞", "2003年神舟五号，中国人第一次飞上太空。"),
    ("脱贫攻坚：十八洞村的变化", "精准扶贫首倡地的山乡巨变。"),
    ("北京冬奥会志愿者", "一起向未来，青年志愿者的微笑。"),
    ("“七一勋章”获得者的故事", "平凡岗位上的共产党员。"),
]
FAMILY = [
    "学会倾听孩子说话", "如何陪孩子写作业不发火", "孩子沉迷手机怎么办", "青春期的亲子沟通", "培养孩子的阅读习惯",
    "好习惯从整理书包开始", "夸孩子的正确方式", "如何面对孩子的考试成绩", "隔代教养的优势与误区",
    "留守儿童家长的远程陪伴", "帮助孩子交朋友", "孩子说谎了，先别急着批评", "家务劳动是最好的课堂",
    "合理安排孩子的周末", "睡眠与孩子的成长", "孩子被欺负了怎么办", "父亲在家庭教育中的角色", "二孩家庭的公平",
    "小升初的心理准备", "初三家长怎样减压", "和孩子一起制订家庭公约", "家庭中的生命安全教育", "零花钱怎么给",
    "孩子的情绪需要被看见", "家校沟通的小技巧", "陪伴胜过说教", "培养孩子的责任心", "如何与老师有效沟通",
    "假期作息怎么管", "家风家训的传承",
]
PSYCH = [
    "考试焦虑的自我调节", "情绪温度计：认识自己的情绪", "深呼吸放松练习", "和同学闹矛盾了怎么办", "学会说“不”",
    "面对失败的勇气", "我的优点清单", "睡前十分钟正念练习", "青春期的身体变化", "网络交友要当心", "如何管理时间",
    "孤独的时候做点什么", "被批评后怎样调整心情", "给自己写一封信", "压力山大？试试运动", "向谁求助：心理老师在这里",
    "同伴压力与独立思考", "学会感恩", "走出悲伤：失去亲人之后", "自信心小训练", "校园欺凌我不做沉默者",
    "新学期适应指南", "注意力训练小游戏", "合理看待手机和游戏", "心理委员手册",
]
LAW = [
    ("未成年人保护法", "六大保护：家庭、学校、社会、网络、政府、司法"),
    ("预防未成年人犯罪法", "不良行为与严重不良行为的界限"),
    ("宪法与我们", "每年12月4日是国家宪法日"),
    ("民法典里的未成年人", "八周岁以上的未成年人是限制民事行为能力人"),
    ("防范电信网络诈骗", "不轻信、不透露、不转账"),
    ("校园欺凌的法律责任", "欺凌不是玩笑，可能构成违法甚至犯罪"),
    ("交通安全法规", "未满12周岁不得骑自行车上路"),
    ("禁毒教育", "珍爱生命，远离毒品"),
    ("网络安全法与个人信息", "保护好自己的姓名、住址、照片"),
    ("防溺水安全", "“六不”：不私自下水游泳……"),
    ("消防安全常识", "火灾时弯腰捂鼻，沿疏散通道撤离"),
    ("国家安全人人有责", "4月15日是全民国家安全教育日"),
    ("家庭教育促进法", "父母是孩子的第一任老师"),
    ("反家庭暴力法", "家庭暴力不是家务事"),
    ("模拟法庭：一起校园纠纷", "法官、检察官和律师由同学们扮演"),
    ("知识产权小课堂", "尊重他人的作品和发明"),
    ("食品安全进校园", "不买“三无”零食"),
    ("预防性侵害教育", "身体的隐私部位不许别人碰"),
    ("劳动法与勤工俭学", "未满16周岁不得被招用"),
    ("法治副校长讲法", "派出所民警讲身边的案例"),
]
FESTIVALS = [
    ("清明", "清明节的由来", "清明既是节气也是节日，人们扫墓祭祖、踏青插柳。"),
    ("清明", "清明祭英烈：我们为什么要缅怀先烈", "清明时节，少先队员走进烈士陵园献花、宣誓。"),
    ("清明", "网上祭英烈活动指南", "在“中华英烈网”献一束花、写一段寄语。"),
    ("清明", "清明诗词赏析", "“清明时节雨纷纷”，读杜牧的《清明》。"),
    ("清明", "清明踏青安全提示", "踏青出游，注意防火和交通安全。"),
    ("端午", "端午节与屈原", "赛龙舟、吃粽子，纪念爱国诗人屈原。"),
    ("端午", "包粽子劳动实践", "五老和同学们一起包粽子。"),
    ("端午", "香囊里的传统文化", "艾草、菖蒲，端午香囊的讲究。"),
    ("端午", "龙舟竞渡的精神", "同舟共济、奋勇争先。"),
    ("端午", "端午防溺水提醒", "节日期间不到野外水域戏水。"),
    ("中秋", "中秋节的传说", "嫦娥奔月、吴刚伐桂的故事。"),
    ("中秋", "月是故乡明：中秋诗词朗诵", "读苏轼《水调歌头》。"),
    ("中秋", "自制月饼", "家长和孩子一起动手做月饼。"),
    ("中秋", "中秋写给远方亲人的信", "留守儿童给在外打工的父母写信。"),
    ("中秋", "中秋团圆饭上的家风", "饭桌上聊聊家里的老规矩。"),
    ("重阳", "重阳节敬老", "九九重阳，登高望远，敬老爱老。"),
    ("重阳", "五老讲述：我的青春岁月", "退休老教师讲过去的学校生活。"),
    ("重阳", "给爷爷奶奶洗一次脚", "重阳节家庭孝亲作业。"),
    ("重阳", "重阳节慰问五老活动剪影", "关工委和学生志愿者走访慰问五老。"),
    ("重阳", "重阳诗词：遍插茱萸少一人", "读王维《九月九日忆山东兄弟》。"),
]
LEIFENG = [
    "雷锋日记选读", "学雷锋志愿服务进社区", "身边的“活雷锋”", "雷锋精神在新时代", "学雷锋月活动方案",
    "“小雷锋”服务岗", "雷锋的故事：一件旧雨衣", "雷锋的故事：傻子", "争做美德少年", "文明交通志愿者",
    "爱心义卖活动", "关爱空巢老人", "图书角志愿服务", "校园环保小卫士", "雷锋歌曲教唱：学习雷锋好榜样",
]
SCIENTISTS = [
    ("袁隆平：禾下乘凉梦", "一粒种子改变世界。"), ("屠呦呦与青蒿素", "从古籍中得到启发，拯救数百万生命。"),
    ("黄旭华：深潜三十年", "核潜艇总设计师隐姓埋名三十年。"), ("南仁东与“中国天眼”", "二十二年只做一件事。"),
    ("李四光找石油", "地质学家打破“中国贫油论”。"), ("华罗庚自学成才", "初中毕业的数学家。"),
    ("孙家栋：航天“大总师”", "从东方红一号到北斗。"), ("王淦昌：我愿以身许国", "两弹一星功勋科学家。"),
    ("竺可桢的物候日记", "坚持观察记录几十年。"), ("詹天佑修京张铁路", "中国人自己设计修建的第一条干线铁路。"),
]
POLICY = [
    "关于进一步加强新时代关心下一代工作的意见", "中小学德育工作指南", "关于加强中小学生心理健康管理工作的通知",
    "家庭教育促进法学习读本", "未成年人保护法（2020年修订）全文", "关于全面加强和改进新时代学校体育工作的意见",
    "大中小学劳动教育指导纲要（试行）", "中小学法治副校长聘任与管理办法", "关于深化“五老”工作的若干意见",
    "中小学生守则（2015年修订）", "关于加强中小学生手机管理工作的通知", "中小学幼儿园安全管理办法",
    "青少年红色教育实践活动指引", "关于进一步减轻义务教育阶段学生作业负担和校外培训负担的意见",
    "学校关工委工作手册", "县关工委年度工作要点", "五老志愿服务规范", "关心下一代工作先进集体评选办法",
    "“五好”基层关工委建设标准", "中小学校家长学校工作指导意见",
]


def _article(topic: str, lead: str, angle: str) -> str:
    return (f"{lead}\n\n"
            f"【学习目标】通过“{topic}”，{angle}\n\n"
            f"【内容】{topic}告诉我们：做人要有理想、有担当；做事要脚踏实地、持之以恒。"
            "请同学们结合身边的人和事，想一想自己能做些什么。\n\n"
            "【讨论】1. 这个故事里最打动你的是哪一个细节？2. 今天的我们应该怎样传承这种精神？\n\n"
            "【延伸】和家人一起读一读、讲一讲，把你的感想写在成长记录里。")


def _family_text(topic: str) -> str:
    return (f"各位家长好，今天的微课主题是“{topic}”。\n\n"
            "一、常见情形：很多家长反映，孩子到了这个阶段，说多了不听，说少了不放心。\n\n"
            "二、怎么做：先放下手机，蹲下来听孩子把话说完；不急着下结论，先说出孩子的感受；"
            "和孩子一起商量办法，约定好就坚持执行。\n\n"
            "三、小练习：本周每天和孩子聊十分钟，只听不评，记录下孩子说得最多的一件事。\n\n"
            "欢迎在家长学校群里分享您的做法。")


def _psych_text(topic: str) -> str:
    return (f"同学你好，欢迎来到心理加油站。今天我们聊聊“{topic}”。\n\n"
            "每个人都会遇到烦恼，这很正常。试试这三步：停一停，深呼吸五次；说出来，"
            "把感受告诉信任的人；动起来，做一件让自己开心的小事。\n\n"
            "如果烦恼持续两周以上，或者让你吃不好、睡不着，请一定找班主任或心理老师聊一聊，"
            "心理辅导室每天中午开放，也可以在平台上预约。")


def pdf_with_text(title: str, lines: list[str]) -> bytes:
    """A one-page PDF in a CJK font every machine has (ReportLab's built-in STSong), so its text extracts."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setTitle(title)
    c.setFont("STSong-Light", 16)
    c.drawString(60, 780, title)
    c.setFont("STSong-Light", 11)
    for i, line in enumerate(lines):
        c.drawString(60, 750 - 18 * i, line[:42])
    c.save()
    return out.getvalue()


def docx_with_text(title: str, lines: list[str]) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(title, level=1)
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def jpeg(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (320, 200), (200 - seed % 60, 60 + seed * 7 % 120, 50))
    draw = ImageDraw.Draw(img)
    for i in range(6):
        draw.ellipse((20 + i * 45, 60 + (seed + i) % 40, 70 + i * 45, 110 + (seed + i) % 40), fill=(250, 220, 120))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=70)
    return out.getvalue()


def _wav() -> bytes:
    from xinhuo.family.school.demo import placeholder_audio

    return placeholder_audio(4.0)


class _Maker:
    def __init__(self, ctx, rng: random.Random) -> None:
        self.ctx, self.rng = ctx, rng
        self.rows: list[Resource] = []
        self.members: list[tuple[int, int]] = []  # (index of the row, collection index)
        self.now = timezone.now()

    def add(self, collection: int | None, *, kind: str, title: str, summary: str, body: str = "", tags: str = "",
            audiences: tuple[str, ...] = ("students",), source: str = "", licence: str = "", url: str = "",
            file: tuple[str, bytes] | None = None, file_name: str = "", contributor=None) -> Resource:
        n = len(self.rows)
        created = self.now - dt.timedelta(days=self.rng.randint(1, 700), minutes=n)
        r = Resource(school=self.ctx.school, kind=kind, title=title, summary=summary, body=body,
                     tags=f",{tags}," if tags else "", source=source, licence=licence, external_url=url,
                     status="published", contributor=contributor or self.ctx.director,
                     view_count=self.rng.choice([0, 3, 8, 15, 26, 40, 75, 120, 260]),
                     created_at=created, updated_at=created,
                     **{f"for_{a}": True for a in audiences})
        if file is not None:
            name, data = file
            ext = name.rsplit(".", 1)[-1]
            r.file.save(f"demo-{n}.{ext}", ContentFile(data), save=False)  # through the storage API
            r.file_name, r.size = file_name or name, len(data)
            r.extracted_text = extract(ext, data)
        self.rows.append(r)
        if collection is not None:
            self.members.append((n, collection))
        return r


COLLECTIONS = [
    ("红色故事100讲", "英雄人物、革命事迹和新时代楷模的故事，每讲五到十分钟，适合班会、队会和国旗下讲话。"),
    ("家庭教育微课", "家长学校的微课：亲子沟通、习惯养成、青春期、隔代教养，每课十分钟，手机上随时听。"),
    ("心理加油站", "写给同学们的心理自助小课：认识情绪、缓解压力、人际交往，需要时找心理老师。"),
    ("法治教育", "宪法、未成年人保护法、预防未成年人犯罪法和安全常识，法治副校长和五老讲法。"),
    ("传统节日", "清明、端午、中秋、重阳：节日的由来、诗词、习俗和学校的主题活动。"),
    ("学雷锋", "雷锋的故事、雷锋日记和学雷锋志愿服务，三月学雷锋月的活动资料。"),
    ("科学家精神", "两弹一星元勋和当代科学家的故事，激励同学们爱科学、学科学。"),
]


def build(ctx) -> None:
    if not ctx.named or ctx.director is None:
        return
    from xinhuo.core.models import Membership, Role

    school = ctx.school
    rng = random.Random(f"library-{school.code}")
    collections = Collection.objects.bulk_create([
        Collection(school=school, title=t, description=d, order=i) for i, (t, d) in enumerate(COLLECTIONS)])
    staff = {m.role: m.user for m in Membership.objects.filter(school=school).select_related("user")
             .order_by("pk") if m.role in (Role.COUNSELLOR, Role.HEAD_TEACHER, Role.ELDER, Role.LEADER)}
    m = _Maker(ctx, rng)
    wav = _wav()

    for i, (hero, lead) in enumerate(RED_STORIES, start=1):
        kind = "video" if i % 3 == 1 else "article" if i % 3 == 2 else "audio"
        title = f"第{i}讲：{hero}"
        m.add(0, kind=kind if kind != "audio" else "article", title=title, summary=lead,
              body=_article(hero, lead, "了解英雄事迹，感悟爱国主义精神。"),
              tags="红色故事,爱国主义" + (",英雄人物" if i % 2 else ",革命历史"),
              audiences=("students", "teachers", "elders") if i % 4 else ("students", "parents", "elders"),
              source="学校关工委·党史宣讲团", licence="校内使用",
              url=f"{SMARTEDU}syncClassroom/red-story-{i}" if kind == "video" else "",
              contributor=staff.get(Role.ELDER) if i % 5 == 0 else None)
    for i, topic in enumerate(FAMILY, start=1):
        audio = i <= 8  # the first lectures recorded: a few seconds of audio stand in for the recording
        m.add(1, kind="audio" if audio else "article", title=f"家庭教育微课{i:02d}：{topic}",
              summary=f"家长学校微课，约十分钟。{topic}，给家长的三个小建议。", body=_family_text(topic),
              tags="家庭教育,微课" + (",青春期" if "青春期" in topic or "初三" in topic else ""),
              audiences=("parents",) if i % 3 else ("parents", "teachers"), source="学校家长学校",
              licence="校内使用", file=("lecture.wav", wav) if audio else None, file_name=f"{topic}.wav",
              contributor=staff.get(Role.HEAD_TEACHER))
    for i, topic in enumerate(PSYCH, start=1):
        m.add(2, kind="audio" if i in (3, 8) else "article", title=f"心理加油站｜{topic}",
              summary=f"心理老师写给同学们的小课：{topic}。", body=_psych_text(topic),
              tags="心理健康,自助", audiences=("students", "parents") if i % 2 else ("students",),
              source="学校心理辅导室", licence="校内使用",
              file=("relax.wav", wav) if i in (3, 8) else None, file_name=f"{topic}.wav",
              contributor=staff.get(Role.COUNSELLOR))
    for i, (topic, point) in enumerate(LAW, start=1):
        lines = [f"主题：{topic}", f"要点：{point}", "一、法律是怎样规定的", "二、身边的案例", "三、我们应该怎么做"]
        if i <= 8:
            doc = ("pdf", pdf_with_text(topic, lines)) if i % 2 else ("docx", docx_with_text(topic, lines))
            m.add(3, kind="document", title=f"法治课件：{topic}", summary=f"{point}。可用于班会和法治讲座。",
                  tags="法治教育,课件", audiences=("students", "teachers"), source="法治副校长",
                  licence="校内使用", file=(f"law.{doc[0]}", doc[1]), file_name=f"{topic}.{doc[0]}")
        else:
            m.add(3, kind="article", title=f"法治小课堂：{topic}", summary=point,
                  body=_article(topic, point, "知法、懂法、守法、用法。"), tags="法治教育,安全",
                  audiences=("students", "parents"), source="学校关工委", licence="校内使用")
    for i, (festival, topic, lead) in enumerate(FESTIVALS, start=1):
        picture = i % 4 == 0
        m.add(4, kind="image" if picture else "article", title=f"{festival}｜{topic}", summary=lead,
              body="" if picture else _article(topic, lead, f"了解{festival}的习俗，传承中华优秀传统文化。"),
              tags=f"传统节日,{festival}", audiences=("students", "parents", "elders"), source="学校关工委",
              licence="校内使用", file=("photo.jpg", jpeg(i)) if picture else None, file_name=f"{topic}.jpg")
    for i, topic in enumerate(LEIFENG, start=1):
        link = i % 5 == 0
        m.add(5, kind="link" if link else "article", title=f"学雷锋｜{topic}", summary=f"{topic}：三月学雷锋月资料。",
              body="" if link else _article(topic, "雷锋精神永放光芒。", "学习雷锋，做新时代好少年。"),
              tags="学雷锋,志愿服务", audiences=("students", "parents", "elders", "teachers"),
              source="中国文明网" if link else "学校少先队大队部", licence="公开" if link else "校内使用",
              url=f"http://www.wenming.cn/specials/leifeng/{i}" if link else "")
    for i, (name, lead) in enumerate(SCIENTISTS, start=1):
        m.add(6, kind="video" if i % 2 else "article", title=f"科学家故事：{name}", summary=lead,
              body=_article(name, lead, "学习科学家精神，爱科学、学科学。"), tags="科学家精神,爱国主义",
              audiences=("students", "teachers"), source="国家中小学智慧教育平台", licence="公开",
              url=f"{SMARTEDU}sciencist/{i}" if i % 2 else "")
    for i, title in enumerate(POLICY, start=1):
        lines = [title, "第一条 为了……，制定本办法。", "第二条 本办法适用于……", "第三条 学校关工委应当……"]
        as_pdf = i % 4 == 1
        m.add(None, kind="document" if as_pdf else "article", title=title, summary="政策文件，供教师和五老学习。",
              body="" if as_pdf else "\n".join(lines), tags="政策文件", audiences=("teachers", "elders"),
              source="教育部 / 中国关心下一代工作委员会", licence="公开",
              file=("policy.pdf", pdf_with_text(title, lines)) if as_pdf else None, file_name=f"{title[:40]}.pdf")

    rows = Resource.objects.bulk_create(m.rows)
    positions: dict[int, int] = {}
    items = []
    for index, c in m.members:
        positions[c] = positions.get(c, 0) + 1
        items.append(CollectionItem(collection=collections[c], resource=rows[index], position=positions[c]))
    CollectionItem.objects.bulk_create(items)
    _marks(ctx, rng, rows)
    _used_in(ctx, rows)


def _marks(ctx, rng: random.Random, rows: list[Resource]) -> None:
    """Ratings, favourites and today's views by some of the school's accounts (the named parent's among them)."""
    from xinhuo.core.models import Membership, Role

    users = list(Membership.objects.filter(school=ctx.school, role__in=[Role.PARENT, Role.STUDENT, Role.ELDER,
                                                                          Role.HEAD_TEACHER])
                 .order_by("pk").values_list("user_id", "role")[:60])
    audience: dict[str, str] = {Role.PARENT: "for_parents", Role.STUDENT: "for_students", Role.ELDER: "for_elders",
                                Role.HEAD_TEACHER: "for_teachers"}
    ratings, favourites, views = [], [], []
    today = ctx.today
    for user_id, role in users:
        seen = [r for r in rows if getattr(r, audience[role])]
        for r in rng.sample(seen, min(len(seen), 6)):
            ratings.append(Rating(resource=r, user_id=user_id, stars=rng.choice([3, 4, 4, 5, 5, 5])))
        for r in rng.sample(seen, min(len(seen), 3)):
            favourites.append(Favourite(resource=r, user_id=user_id))
        for r in rng.sample(seen, min(len(seen), 2)):
            views.append(DailyView(resource=r, user_id=user_id, day=today - dt.timedelta(days=rng.randint(0, 20))))
    Rating.objects.bulk_create(ratings, ignore_conflicts=True)
    Favourite.objects.bulk_create(favourites, ignore_conflicts=True)
    DailyView.objects.bulk_create(views, ignore_conflicts=True)


def _used_in(ctx, rows: list[Resource]) -> None:
    """A few red stories and festival items used in the demo's activities; family lectures in parent sessions."""
    from xinhuo.activities.models import Activity
    from xinhuo.family.models import ParentSession

    activities = list(Activity.objects.filter(school=ctx.school, kind__in=["story_contest", "festival",
                                                                           "flag_ceremony", "study_trip"])
                      .order_by("starts_at", "pk")[:8])
    red = [r for r in rows if "红色故事" in r.tags]
    links = [UsedIn(resource=red[i % len(red)], activity=a, by=ctx.director) for i, a in enumerate(activities)]
    sessions = list(ParentSession.objects.filter(course__school=ctx.school).order_by("starts_at", "pk")[:4])
    family = [r for r in rows if "家庭教育" in r.tags]
    links += [UsedIn(resource=family[i], session=s, by=ctx.director) for i, s in enumerate(sessions)]
    UsedIn.objects.bulk_create(links, ignore_conflicts=True)
