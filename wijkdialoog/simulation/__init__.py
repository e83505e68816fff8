"""Replay real Polis conversations to measure routers against the full-data truth."""
