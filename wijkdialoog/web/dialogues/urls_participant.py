from django.urls import path

from wijkdialoog.web.dialogues import views_api

app_name = "participant"

urlpatterns = [
    path("api/d/<str:code>/join", views_api.join_api, name="join_api"),
]
