"""Stage 1 of a render: a request resolved, once, into a RenderPlan of the objects every
later stage needs (plan.resolve), so that no stage reaches back into the Project."""

from vertebro_print.plan.model import Part, RenderPlan
from vertebro_print.plan.resolve import check, resolve, resolve_language

__all__ = ["Part", "RenderPlan", "check", "resolve", "resolve_language"]
