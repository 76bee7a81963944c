"""What the accounts app tells feature apps, so it never has to import them."""

from django.dispatch import Signal

# The user's desired retention changed; receivers get `user`. Sent inside the transaction.
retention_changed = Signal()
