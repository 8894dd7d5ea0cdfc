"""Laying a handout out as a PDF: the templates' environment, the render, the URL fetcher, fonts."""
