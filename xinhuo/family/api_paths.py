"""The plain API views of every part (under /api/v1/)."""

from .committee.api import PATHS as _committee
from .notices.api import PATHS as _notices
from .school.api import PATHS as _school
from .volunteers.api import PATHS as _volunteers

PATHS = [*_school, *_committee, *_volunteers, *_notices]
