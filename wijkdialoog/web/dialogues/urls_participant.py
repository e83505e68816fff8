from django.urls import path

from wijkdialoog.web.dialogues import views_api, views_participant, views_privacy, views_report

app_name = "participant"

urlpatterns = [
    path("", views_participant.home, name="home"),
    path("d/<str:code>/", views_participant.join_page, name="join"),
    path("d/<str:code>/dialoog/", views_participant.dialogue_page, name="page"),
    path("d/<str:code>/rapport/", views_report.public_report, name="report"),
    path("d/<str:code>/mijn-gegevens/", views_privacy.own_data_download, name="own_data"),
    path("api/d/<str:code>/join", views_api.join_api, name="join_api"),
]
