"""The Django project: the live dialogue's pages, websockets and the conductor."""
