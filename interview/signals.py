"""What the interview app tells other apps, so they can attach without being imported here.

Each signal is sent inside the transaction that made the change, so a receiver's writes
commit or roll back with it. Receivers get `answer` (saved) and `now`.
"""

from django.dispatch import Signal

# A question was shown for the first time (its clock started).
answer_shown = Signal()
# An answer became done (submitted or skipped), or its automatic submission was replaced
# by newer text: sent by the one function that does it, `services.completion.complete`.
answer_done = Signal()
# A self-rating was stored or changed; also gets `previous_rating` (None the first time).
answer_rated = Signal()
