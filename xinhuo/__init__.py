"""薪火 Xinhuo: the work platform of a school 关工委."""

__version__ = "0.1.0"
