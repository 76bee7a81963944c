"""What the voice tests share: a spoken answer, the sample recording, posting chunks."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from interview import services as interview_services
from interview.tests.factories import interview_with
from questions.tests.factories import QuestionFactory
from testsupport import START
from voice.models import AnswerMode, InterviewVoice

SAMPLE = (Path(__file__).parent / "data" / "sample.webm").read_bytes()
WEBM = "audio/webm;codecs=opus"


def speaking_answer(user, *, questions=1, mode=AnswerMode.SPEAK):
    """The first answer of a new interview of `user`'s, on the clock, answered by voice."""
    interview = interview_with(user, QuestionFactory.create_batch(questions), now=START)
    InterviewVoice.objects.create(interview=interview, answer_mode=mode)
    answer = interview.answers.get(position=1)
    return interview_services.answer_show(answer=answer, now=START)


def answer_url(answer, action: str) -> str:
    return f"/voice/answers/{answer.interview_id}/{answer.position}/{action}/"


def post_chunk(client, answer, sequence, data, *, part="p1", mime=WEBM):
    return client.post(
        answer_url(answer, "chunks"),
        {
            "part": part,
            "sequence": str(sequence),
            "mime": mime,
            "chunk": SimpleUploadedFile("blob", data, content_type=mime.split(";")[0]),
        },
    )


def pieces(data: bytes, count: int) -> list[bytes]:
    """`data` cut into `count` consecutive slices, as a recorder's timeslices are."""
    size = -(-len(data) // count)
    return [data[index : index + size] for index in range(0, len(data), size)]


def finish(client, answer, *, part="p1", duration_ms=2000, **figures):
    data = {"part": part, "duration_ms": str(duration_ms)}
    data.update({name: str(value) for name, value in figures.items()})
    return client.post(answer_url(answer, "finish"), data)
