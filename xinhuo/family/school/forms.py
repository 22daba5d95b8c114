"""Forms of the parent school. They only parse input; the services validate and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, datetime_input
from xinhuo.core.models import Grade, Term, User
from xinhuo.elders import selectors as elder_selectors
from xinhuo.people import selectors as people_selectors

from .models import MicroLecture, ParentCourse, ParentSession, SessionMode, SpeakerKind
from .services import MATERIAL_ACCEPT, MAX_SPEAKERS, MEDIA_ACCEPT, quiz_text


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return getattr(obj, "display_name", None) or obj.name


class CourseForm(BootstrapMixin, forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.none(), widget=FastSelect)
    title = forms.CharField(label=_("Title"), max_length=100,
                            help_text=_("e.g. 新生家长入学课程, 青春期心理与亲子沟通, 家庭教育促进法解读."))
    summary = forms.CharField(label=_("Summary"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    grades = forms.ModelMultipleChoiceField(label=_("For grades"), queryset=Grade.objects.none(), required=False,
                                            widget=forms.CheckboxSelectMultiple,
                                            help_text=_("None chosen: for the parents of every grade."))
    organiser = PersonChoiceField(label=_("Organiser"), queryset=User.objects.none(), required=False,
                                  widget=FastSelect,
                                  help_text=_("The organiser runs the check-in list at the sessions."))

    def __init__(self, *args, terms=None, grades=None, organisers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms  # type: ignore[attr-defined]
        self.fields["grades"].queryset = grades  # type: ignore[attr-defined]
        self.fields["organiser"].queryset = organisers  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(course: ParentCourse) -> dict:
        return {"term": course.term, "title": course.title, "summary": course.summary,
                "grades": list(course.grades.all()), "organiser": course.organiser}


class SessionForm(BootstrapMixin, forms.Form):
    topic = forms.CharField(label=_("Topic"), required=False, max_length=100,
                            help_text=_("Left empty: the course's title."))
    mode = forms.ChoiceField(label=_("How"), choices=SessionMode.choices, widget=forms.RadioSelect)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=datetime_input())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=datetime_input())
    place = forms.CharField(label=_("Place"), required=False, max_length=100,
                            help_text=_("For a session on site, e.g. 学校报告厅."))
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=5000)
    cancelled = forms.BooleanField(label=_("Cancelled"), required=False)

    def __init__(self, *args, staff=None, elders=None, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, MAX_SPEAKERS + 1):
            self.fields[f"speaker_{i}_name"] = forms.CharField(label=_("Speaker %(n)d") % {"n": i}, required=False,
                                                               max_length=50)
            self.fields[f"speaker_{i}_kind"] = forms.ChoiceField(label=_("Kind"), required=False,
                                                                 choices=[("", "—"), *SpeakerKind.choices])
            self.fields[f"speaker_{i}_staff"] = PersonChoiceField(label=_("Staff record"), required=False,
                                                                  queryset=staff, widget=FastSelect)
            self.fields[f"speaker_{i}_elder"] = PersonChoiceField(label=_("Elder record"), required=False,
                                                                  queryset=elders, widget=FastSelect)

    def speakers(self) -> list[dict]:
        data = self.cleaned_data
        return [{"name": data.get(f"speaker_{i}_name", ""), "kind": data.get(f"speaker_{i}_kind", ""),
                 "staff": data.get(f"speaker_{i}_staff"), "elder": data.get(f"speaker_{i}_elder")}
                for i in range(1, MAX_SPEAKERS + 1)]

    def values(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("topic", "mode", "starts_at", "ends_at", "place", "capacity", "cancelled")} | {
            "speakers": self.speakers()}

    def speaker_rows(self):
        return [[self[f"speaker_{i}_{f}"] for f in ("name", "kind", "staff", "elder")]
                for i in range(1, MAX_SPEAKERS + 1)]

    @staticmethod
    def initial_for(session: ParentSession) -> dict:
        out = {"topic": session.topic, "mode": session.mode, "starts_at": session.starts_at,
               "ends_at": session.ends_at, "place": session.place, "capacity": session.capacity,
               "cancelled": session.cancelled}
        for i, s in enumerate(session.speakers.all(), start=1):
            out |= {f"speaker_{i}_name": s.name, f"speaker_{i}_kind": s.kind, f"speaker_{i}_staff": s.staff_id,
                    f"speaker_{i}_elder": s.elder_id}
        return out


class LectureForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    session = forms.ModelChoiceField(label=_("Session"), queryset=ParentSession.objects.none(), required=False,
                                     help_text=_("An online session: watching this lecture to its end, or passing "
                                                 "its quiz, checks its registered parents in."))
    upload = forms.FileField(label=_("Video or audio file"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": MEDIA_ACCEPT}),
                            help_text=_("MP4 video (at most 200 MB) or MP3, M4A, OGG, WAV audio (at most 50 MB)."))
    link = forms.CharField(label=_("Or a link to the video"), required=False, max_length=300)
    summary = forms.CharField(label=_("Summary"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 6}))
    quiz = forms.CharField(label=_("Quiz"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("One question a line: the question, then 2 to 6 choices separated by |; "
                                       "mark the right choice with *. "
                                       "E.g. 孩子沉迷手机怎么办？|没收|*一起约定使用时间|不管"))
    pass_mark = forms.IntegerField(label=_("Pass mark (%)"), min_value=1, max_value=100, initial=80)

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(lecture: MicroLecture) -> dict:
        return {"title": lecture.title, "session": lecture.session, "link": lecture.link,
                "summary": lecture.summary, "quiz": quiz_text(lecture), "pass_mark": lecture.pass_mark}


class MaterialForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=100)
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": MATERIAL_ACCEPT}),
                           help_text=_("PDF, Word (DOCX) or PowerPoint (PPTX), at most 20 MB."))


class ChildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        klass = f"{obj.school_class.grade.name}{obj.school_class.name}" if obj.school_class else ""
        return f"{obj.name} {klass}".strip()


class RegisterForm(forms.Form):
    student = ChildChoiceField(label=_("For the family of"), queryset=None, widget=forms.RadioSelect,
                               empty_label=None)

    def __init__(self, *args, school, children=(), **kwargs):
        """children: the parent's children in the school (selectors.my_children)."""
        super().__init__(*args, **kwargs)
        field = self.fields["student"]
        field.queryset = people_selectors.students_of_school(school).filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in children]).select_related("school_class__grade")
        if len(children) == 1:
            field.initial = children[0].pk


class WalkInForm(forms.Form):
    guardian = forms.IntegerField()
    student = forms.IntegerField()


class ExcellentForm(forms.Form):
    guardians = forms.TypedMultipleChoiceField(coerce=int, choices=())

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardians"].choices = [(c["guardian"].pk, c["guardian"].name)  # type: ignore[attr-defined]
                                            for c in candidates]


def staff_choices(school):
    return people_selectors.staff_in_post(school).order_by("name_pinyin", "pk")


def elder_choices(school):
    return elder_selectors.elders_of_school(school).order_by("name", "pk")
