from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("console/", include("wijkdialoog.web.dialogues.urls_console")),
    path("", include("wijkdialoog.web.dialogues.urls_participant")),
]
