"""Every limit of the banks app, defined once and used by models, forms, services and templates."""

# Questions one basket holds (a paper longer than this is not a practice session).
BASKET_MAX_QUESTIONS = 50
# Saved (named) baskets per user, besides the working basket.
MAX_SAVED_BASKETS = 20
BASKET_NAME_MAX_CHARS = 60
# Answers read per query while streaming the history CSV.
CSV_BATCH_SIZE = 500
