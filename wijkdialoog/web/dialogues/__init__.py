"""Dialogues: models, the conductor, websocket consumers, participant pages and the console."""
