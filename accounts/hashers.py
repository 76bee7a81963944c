"""How passwords are stored: Argon2id at OWASP's recommended cost.

Django's default, PBKDF2-SHA256 at 1,000,000 iterations, spends about a quarter of a second
of one core on every sign-in, sign-up and password change; that cost is all computation, which
an attacker's GPUs do cheaply. Argon2id (the Password Hashing Competition's winner, OWASP's
first choice for password storage) makes each guess fill and read 19 MiB of memory instead, the
part that GPUs cannot make cheap. With OWASP's parameters for it (m = 19 MiB, t = 2, p = 1),
which its cheat sheet ranks as strong as its PBKDF2 advice, a hash costs about 30 ms of CPU
here: a class signing in at the start of an exam needs an eighth of the CPU it did.

Hashes stored before keep working (the other hashers in PASSWORD_HASHERS read them) and are
rewritten as Argon2id at their owner's next successful sign-in: Django does that whenever the
preferred hasher, or its cost, differs from the stored hash's.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (the same `argon2$argon2id$…` strings) at OWASP's cost."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
