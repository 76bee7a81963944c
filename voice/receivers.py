"""Voice's receivers: transcribe a finished recording (when the site transcribes), and delete
a user's recording files with the account."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from interview.signals import answer_done
from voice.files import delete_files, user_file_names
from voice.models import Recording
from voice.transcription import configured
from voice.transcription_tasks import transcript_request


@receiver(answer_done, dispatch_uid="voice-transcribe")
def transcribe_when_done(sender, *, answer, now, **kwargs):
    """Queue the recording's transcript (nothing at all when transcription is off)."""
    if configured() is None:
        return
    recording = Recording.objects.filter(answer=answer).first()
    if recording is not None:
        transcript_request(recording=recording, now=now)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="voice-user-files")
def delete_user_files(sender, instance, **kwargs):
    """The rows go with the user (cascade); their files go once that has committed, so a
    deletion that rolls back keeps them."""
    names = user_file_names(instance.pk)
    if names:
        transaction.on_commit(lambda: delete_files(names))
