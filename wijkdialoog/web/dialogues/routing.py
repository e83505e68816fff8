from django.urls import path

from wijkdialoog.web.dialogues import consumers

websocket_urlpatterns = [
    path("ws/d/<str:code>/", consumers.ParticipantConsumer.as_asgi()),
    path("ws/console/<int:dialogue_id>/", consumers.ConsoleConsumer.as_asgi()),
]
