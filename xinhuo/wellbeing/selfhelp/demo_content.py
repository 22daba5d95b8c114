"""The self-help corner's demo content: items a school counsellor might write, and two peer supporters.
selfhelp_demo(school, counsellor_user, students) is called by wellbeing/demo.py; running it again adds nothing."""

from __future__ import annotations

import datetime as dt
import io
import math
import struct
import wave

from django.core.files.base import ContentFile

from ..models import PeerSupporter, SelfHelpItem

K = SelfHelpItem.Kind

# (title, kind, topic, for parents too, text)
ITEMS: list[tuple[str, str, str, bool, str]] = [
    ("情绪急救三步法", K.FIRST_AID, "情绪急救", True, """\
当你突然很难受、很慌、很想哭，或者脑子里一片混乱时，可以先做这三步。

第一步：停下来，让身体安全。离开让你难受的地方，找一个安静、安全的角落坐下。双脚踩稳地面，感受一下脚底的触感。

第二步：慢慢呼吸，把注意力拉回当下。用鼻子吸气数到4，停一下，再用嘴巴慢慢呼气数到6，重复5次。然后说出你眼前能看到的5样东西、能听到的3种声音。

第三步：找一个人说出来。可以是你信任的老师、心理老师、家人或好朋友。一句"我现在不太好，能陪我一会儿吗"就够了。

如果你有伤害自己的念头，请马上告诉身边的大人，或者拨打下方的求助热线。这不是小题大做，你值得被认真对待。"""),
    ("如何面对同伴欺凌", K.FIRST_AID, "人际关系", True, """\
被取笑、孤立、推搡、在网上被辱骂，都可能是欺凌。被欺凌不是你的错。

当时：尽量保持冷静，用坚定的语气说"停下，我不喜欢这样"，然后走到有老师或同学多的地方。不要独自硬碰硬，安全第一。

之后：把发生的事情记下来——时间、地点、谁在场、说了什么做了什么；网上的内容先截图保存。

告诉大人：告诉班主任、心理老师或家长。如果担心被报复，可以先找心理老师单独谈，老师会和你一起商量怎么做。

看到别人被欺凌：不围观、不转发，可以陪在被欺凌的同学身边，或悄悄告诉老师。你的一个小举动，可能会给他很大的力量。

给家长：孩子说出被欺凌时，先倾听、先相信，不要急着责备孩子"为什么不还手"，并及时与班主任联系。"""),
    ("校园心理求助途径", K.FIRST_AID, "求助", True, """\
遇到烦恼时，你有很多可以求助的地方。

心理辅导室：每个工作日午休和放学后开放，可以在平台上预约，也可以直接来敲门。谈话内容会被保密，除非涉及你或他人的生命安全。

班主任和任课老师：他们是离你最近的大人，愿意听你说。

朋辈辅导员：经过培训的同学，可以陪你聊聊、帮你找到合适的老师。

心灵导师：学校请来的退休老教师和五老志愿者，可以在一段时间里陪伴你、听你说话。

校外热线：下方的求助热线24小时都有人接听。"""),
    ("考试焦虑怎么办", K.ARTICLE, "考试焦虑", True, """\
考试前紧张是很正常的，适度的紧张能让人更专注。但如果紧张到睡不着、吃不下、脑子一片空白，就需要给自己松松绑。

把担心写下来：考前花10分钟，把脑子里的担心一条条写在纸上。研究发现，写出来以后，担心占用的"脑力"会变少。

把大目标拆小：与其想"这次必须考好"，不如想"今晚把第三单元的错题再做一遍"。完成一个小目标，就给自己打个勾。

照顾好身体：保证睡眠，早餐吃好，考前别熬夜刷题。身体稳了，心才稳。

考场上卡住时：先跳过这道题，做两次深呼吸，对自己说"我会的题先拿到分"。

给家长：少问分数，多问"这几天累不累"。孩子需要的是陪伴，而不是更多的压力。"""),
    ("和父母沟通的小技巧", K.ARTICLE, "亲子沟通", True, """\
很多同学觉得"跟爸妈说不通"。其实，换一种说法，常常会有不一样的结果。

选个好时机：不要在父母刚下班很累、或者正在生气的时候谈重要的事。可以说"我想跟你聊件事，你什么时候方便？"

用"我"来开头：把"你们从来不理解我"换成"我最近压力很大，希望你们能听我说说"。少一些指责，对方更容易听进去。

先说感受，再说想法：比如"我有点难过，因为周末都在补课，我想留一个下午给自己"。

也听听他们的担心：父母的唠叨背后往往是担心。试着问一句"你们最担心的是什么？"

谈不拢也没关系：可以约定"我们都想一想，明天再聊"。也可以请班主任或心理老师帮忙一起沟通。"""),
    ("睡眠好习惯", K.ARTICLE, "睡眠", True, """\
初中生每天需要9小时左右的睡眠。睡得好，情绪和记忆力都会更好。

固定作息：每天尽量在同一时间睡觉和起床，周末也不要相差超过1小时。

睡前一小时放下手机：屏幕的光会让大脑以为还是白天。可以看看纸质书、听听轻音乐。

床只用来睡觉：不在床上写作业、刷视频，让身体记住"上床就是要睡了"。

睡不着时：不要躺着硬熬。可以起来到客厅安静地坐一会儿，做几组放松呼吸，有困意了再回去。

白天动一动：每天运动30分钟，晚上会睡得更香。但睡前两小时不要做剧烈运动。"""),
    ("478呼吸放松练习", K.AUDIO, "放松练习", True, """\
这是一段跟着提示音练习的呼吸放松音频。

做法：用鼻子安静地吸气，心里数4下；屏住呼吸，数7下；再用嘴巴缓缓呼气，数8下。这是一轮，可以做4轮。

提示音：高音表示开始吸气，中音表示屏气，低音表示呼气。

小提醒：刚开始如果屏气7下太难，可以缩短为吸2、屏3、呼4，熟练了再慢慢延长。练习时如果感到头晕，就恢复正常呼吸。"""),
    ("身体扫描：五分钟放松", K.EXERCISE, "放松练习", False, """\
找一个舒服的姿势坐好或躺下，轻轻闭上眼睛。

1. 先做三次深呼吸，感受空气进出鼻子。
2. 把注意力放到头顶，感受额头、眉毛、脸颊，如果哪里紧绷，就在呼气时让它放松。
3. 慢慢往下，感受肩膀和手臂，想象紧张像水一样从指尖流走。
4. 感受胸口和肚子随着呼吸起伏。
5. 再到双腿和双脚，感受它们被地面或床稳稳托住。
6. 最后，从头到脚整体感受一下自己的身体，对自己说一句"辛苦了"。
7. 慢慢睁开眼睛，动一动手指和脚趾。

每天睡前或课间做一次，几天后你会发现自己更容易平静下来。"""),
    ("我的情绪温度计", K.EXERCISE, "情绪管理", False, """\
情绪就像温度，有高有低。学会"测量"它，是管理情绪的第一步。

每天晚上花两分钟，在本子上写下：

1. 今天我的情绪温度是几度？（0度＝非常平静，10度＝非常激动或难过）
2. 是什么事情让温度升高或降低的？
3. 当时我的身体有什么感觉？（心跳快、手心出汗、胸口发闷……）
4. 我做了什么让自己好受一点？有用吗？

坚持记录一周，看看自己的情绪有什么规律。如果连续两周温度都很高或很低，记得找心理老师聊一聊。"""),
]

# two students of the demo trained as peer supporters
TRAINING = ("朋辈心理辅导员培训（16学时）", "朋辈心理辅导员培训（12学时）")


def breathing_wav(seconds_in: int = 4, hold: int = 7, out: int = 8, rounds: int = 2, rate: int = 8000) -> bytes:
    """A quiet WAV for the 4-7-8 exercise: a soft tone at each phase (high: breathe in, middle: hold, low: breathe
    out), silence in between. Made here so the demo ships no media files."""
    frames = bytearray()
    for _round in range(rounds):
        for pitch, length in ((660, seconds_in), (520, hold), (390, out)):
            for n in range(length * rate):
                t = n / rate
                value = 0.3 * math.sin(2 * math.pi * pitch * t) * max(0.0, 1 - t / 0.6) if t < 0.6 else 0.0
                frames += struct.pack("<h", int(value * 32767))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return buffer.getvalue()


def selfhelp_demo(school, counsellor_user, students) -> None:
    """The corner's items (for every grade; most for parents too) and two peer supporters from `students`."""
    for title, kind, topic, for_parents, body in ITEMS:
        item, created = SelfHelpItem.objects.get_or_create(school=school, title=title, defaults={
            "kind": kind, "topic": topic, "for_parents": for_parents, "body": body, "created_by": counsellor_user})
        if created and kind == K.AUDIO:
            item.audio.save("breathing-478.wav", ContentFile(breathing_wav()), save=True)
    for student, training in zip(list(students)[:2], TRAINING, strict=False):
        PeerSupporter.objects.get_or_create(school=school, student=student, defaults={
            "training": training, "trained_on": dt.date(2026, 9, 12), "active": True})
