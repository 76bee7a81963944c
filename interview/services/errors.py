"""Domain errors of the interview services: a message for the user, and no HTTP at all."""


class InterviewError(Exception):
    """A request that cannot be carried out now; `message` is shown to the user as is."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class InvalidInput(InterviewError):
    """The request itself is wrong (too long, out of range); nothing was changed."""


class TooManyStarts(InterviewError):
    """The user has started as many interviews as the limit allows for now."""


class DraftAlreadySubmitted(InterviewError):
    """A draft that arrived after its own answer was submitted with that very text (the
    save lost the race to its submit): nothing is lost."""
