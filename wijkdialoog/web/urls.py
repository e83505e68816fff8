from django.contrib import admin
from django.urls import include, path

from wijkdialoog.web import address_limits

urlpatterns = [
    # Ahead of the admin's own URLs: its login counts against the same limit as the console's.
    path("admin/login/", address_limits.limit_posts("logins")(admin.site.login)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("console/", include("wijkdialoog.web.dialogues.urls_console")),
    path("", include("wijkdialoog.web.dialogues.urls_participant")),
]
