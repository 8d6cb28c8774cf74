"""Serving the site: the production WSGI server, request logs, the health check and the shared cache's table."""
