"""Stage 2 of a render: the plan's HTML, from the handout templates (compose) in the
Jinja2 environment the templates are written for (templates)."""
