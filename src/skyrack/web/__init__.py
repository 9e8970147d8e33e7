"""The web service and page: ``skyrack serve``.

:func:`skyrack.web.app.create_app` builds the FastAPI application (JSON API with
OpenAPI docs, background simulation and sweep jobs, the offline page).
"""
