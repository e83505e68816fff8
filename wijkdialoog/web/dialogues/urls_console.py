from django.urls import path

from wijkdialoog.web.dialogues import views_console as views
from wijkdialoog.web.dialogues import views_moderation, views_privacy, views_report

app_name = "console"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("", views.home, name="home"),
    path("nieuw/", views.create, name="create"),
    path("importeren/", views.import_view, name="import"),
    path("<int:dialogue_id>/", views.dialogue_view, name="dialogue"),
    path("<int:dialogue_id>/onderdeel/", views.item_add, name="item_add"),
    path("<int:dialogue_id>/volgende/", views.open_next, name="open_next"),
    path("<int:dialogue_id>/mededeling/", views.notice, name="notice"),
    path("<int:dialogue_id>/verbergen/", views.hide, name="hide"),
    path("<int:dialogue_id>/sluiten/", views.close, name="close"),
    path(
        "<int:dialogue_id>/moderatielogboek/",
        views_moderation.moderation_log_page,
        name="moderation_log",
    ),
    path("<int:dialogue_id>/privacy/", views_privacy.privacy_terms, name="privacy"),
    path("<int:dialogue_id>/privacy/wissen/", views_privacy.erase, name="erase"),
    path("<int:dialogue_id>/rapport/", views_report.report_page, name="report"),
    path(
        "<int:dialogue_id>/rapport/voorbeeld/", views_report.report_preview, name="report_preview"
    ),
    path(
        "<int:dialogue_id>/rapport/voorbeeld-openbaar/",
        views_report.report_public_preview,
        name="report_public_preview",
    ),
    path(
        "<int:dialogue_id>/rapport/download/<str:kind>/",
        views_report.report_download,
        name="report_download",
    ),
    path(
        "<int:dialogue_id>/rapport/publiceren/", views_report.report_publish, name="report_publish"
    ),
    path(
        "<int:dialogue_id>/rapport/intrekken/",
        views_report.report_unpublish,
        name="report_unpublish",
    ),
]
