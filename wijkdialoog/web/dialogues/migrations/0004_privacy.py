# Privacy (issue 5): e-mail addresses move from Participant to ContactAddress, and a
# dialogue gets a retention period counted from when it closed.

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def move_addresses_apart(apps, schema_editor):
    Participant = apps.get_model("dialogues", "Participant")
    ContactAddress = apps.get_model("dialogues", "ContactAddress")
    # The intake kept an address only when someone did not answer "no"; keep that rule.
    given = Participant.objects.exclude(email="").exclude(keep_informed="no")
    ContactAddress.objects.bulk_create(
        ContactAddress(
            participant_id=participant.pk,
            email=participant.email,
            purpose="outcomes",
            created_at=participant.joined_at,
        )
        for participant in given.iterator()
    )


def move_addresses_back(apps, schema_editor):
    Participant = apps.get_model("dialogues", "Participant")
    ContactAddress = apps.get_model("dialogues", "ContactAddress")
    for contact in ContactAddress.objects.iterator():
        Participant.objects.filter(pk=contact.participant_id).update(email=contact.email)


def date_closed_dialogues(apps, schema_editor):
    # Dialogues closed before this migration: the retention counts from their last event.
    Dialogue = apps.get_model("dialogues", "Dialogue")
    Event = apps.get_model("dialogues", "Event")
    for dialogue in Dialogue.objects.filter(status="closed", closed_at__isnull=True):
        last = Event.objects.filter(dialogue_id=dialogue.pk).order_by("-seq").first()
        dialogue.closed_at = last.recorded_at if last is not None else dialogue.created_at
        dialogue.save(update_fields=["closed_at"])


class Migration(migrations.Migration):

    dependencies = [
        ('dialogues', '0003_staff_roles'),
    ]

    operations = [
        migrations.AddField(
            model_name='dialogue',
            name='closed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='gesloten op'),
        ),
        migrations.AddField(
            model_name='dialogue',
            name='personal_data_erased_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='persoonsgegevens gewist op'),
        ),
        migrations.AddField(
            model_name='dialogue',
            name='retention_days',
            field=models.PositiveIntegerField(default=365, help_text='Zoveel dagen na het sluiten wissen we de persoonsgegevens van de deelnemers; hun stellingen en stemmen blijven zonder naam bewaard.', validators=[django.core.validators.MaxValueValidator(3650)], verbose_name='bewaartermijn (dagen na sluiten)'),
        ),
        migrations.CreateModel(
            name='ContactAddress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='e-mailadres')),
                ('purpose', models.CharField(choices=[('outcomes', 'horen wat er met de uitkomsten gebeurt')], default='outcomes', max_length=20, verbose_name='doel')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='gegeven op')),
                ('participant', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='contact', to='dialogues.participant', verbose_name='deelnemer')),
            ],
            options={
                'verbose_name': 'contactadres',
                'verbose_name_plural': 'contactadressen',
            },
        ),
        migrations.RunPython(move_addresses_apart, move_addresses_back),
        migrations.RunPython(date_closed_dialogues, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='participant',
            name='email',
        ),
    ]
