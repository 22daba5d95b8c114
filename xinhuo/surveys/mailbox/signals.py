"""The mailbox's signal (DESIGN.md, workflows): fired by the services after each step, inside their transaction;
receivers.py sends the notices."""

from django.dispatch import Signal

# a step of a message's workflow (its receipt included): sender=Message, message=..., step=MessageStep, actor=...
# (actor None for the receipt of an anonymous letter)
message_changed = Signal()
