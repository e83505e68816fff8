from django.contrib import admin
from django.db import models as django_models

from wijkdialoog.web.dialogues import access, models

# Video links without a scheme are https (Django 6's default, chosen now).
URL_FIELDS = {django_models.URLField: {"assume_scheme": "https"}}


class ScriptItemInline(admin.TabularInline):
    model = models.ScriptItem
    extra = 0
    formfield_overrides = URL_FIELDS


@admin.register(models.Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]


@admin.register(models.Dialogue)
class DialogueAdmin(admin.ModelAdmin):
    list_display = ["title", "neighbourhood", "status", "invite_code"]
    list_filter = ["status"]
    inlines = [ScriptItemInline]
    # Set by closing and by erasing (privacy.py), not by hand.
    readonly_fields = ["closed_at", "personal_data_erased_at"]


@admin.register(models.ScriptItem)
class ScriptItemAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["title", "dialogue", "position", "kind", "state"]
    list_filter = ["kind", "state"]


class AdministratorsOnly:
    """E-mail addresses are for the municipality's administrators only, not every staff
    member the admin lets in; they come from the intake, never from here."""

    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return access.is_administrator(request.user)

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return access.is_administrator(request.user)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return access.is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return access.is_administrator(request.user)

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class ContactAddressInline(AdministratorsOnly, admin.StackedInline):
    model = models.ContactAddress
    extra = 0


@admin.register(models.ContactAddress)
class ContactAddressAdmin(AdministratorsOnly, admin.ModelAdmin):
    # The list of one dialogue is whom to tell what happened with its outcomes.
    list_display = ["email", "participant", "purpose", "created_at"]
    list_filter = ["participant__dialogue", "purpose"]
    readonly_fields = ["participant"]


@admin.register(models.Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["pseudonym", "dialogue", "role", "organisation_type", "scale", "keep_informed"]
    list_filter = ["role", "dialogue"]
    exclude = ["device_token"]

    def get_inlines(self, request, obj=None):  # type: ignore[no-untyped-def]
        return [ContactAddressInline] if access.is_administrator(request.user) else []


class ReadOnlyAdmin(admin.ModelAdmin):
    """The log and what is derived from it change only through the conductor.

    Hiding a statement here would bypass the engine; the console does it, logged.
    """

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(models.Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["dialogue", "seq", "kind", "recorded_at"]
    list_filter = ["kind"]


@admin.register(models.Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ["text", "dialogue", "agree", "disagree", "passes", "level", "is_hidden"]
    list_filter = ["is_hidden", "level", "is_bipotron"]


@admin.register(models.VoteRecord)
class VoteRecordAdmin(ReadOnlyAdmin):
    list_display = ["statement", "participant", "vote", "cast_at"]


@admin.register(models.PollAnswer)
class PollAnswerAdmin(ReadOnlyAdmin):
    list_display = ["item", "participant", "option"]


@admin.register(models.Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["dialogue", "text", "posted_at"]


@admin.register(models.ReportDraft)
class ReportDraftAdmin(admin.ModelAdmin):
    list_display = ["dialogue", "published_at", "updated_at"]
    # The public page is what was rendered at publishing; the console renders it again.
    readonly_fields = ["public_html", "published_at", "updated_at"]
