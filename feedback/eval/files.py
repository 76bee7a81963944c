"""Where the evaluation commands read their data, overridable for trying other files."""

from pathlib import Path

from django.conf import settings

from feedback.eval.data import Bank, LabelledAnswer, load_answers, load_bank

ANSWERS = settings.BASE_DIR / "feedback" / "eval" / "answers.jsonl"
ANSWERS_NEW = settings.BASE_DIR / "feedback" / "eval" / "answers_new.jsonl"
THRESHOLDS = settings.BASE_DIR / "feedback" / "eval" / "thresholds.json"
METADATA = settings.BASE_DIR / "fixtures" / "seed-metadata.json"
FIXTURE = settings.BASE_DIR / "fixtures" / "questions.json"


def add_data_arguments(parser) -> None:
    """--answers, --metadata, --fixture and --thresholds, defaulting to the committed files."""
    parser.add_argument("--answers", type=Path, default=ANSWERS, help="labelled answers (JSONL)")
    parser.add_argument(
        "--answers-new", type=Path, default=ANSWERS_NEW, help="the second set (JSONL, split)"
    )
    parser.add_argument("--metadata", type=Path, default=METADATA, help="key points by question")
    parser.add_argument("--fixture", type=Path, default=FIXTURE, help="model answers")
    parser.add_argument("--thresholds", type=Path, default=THRESHOLDS, help="tuned thresholds")


def load_data(options: dict) -> tuple[Bank, list[LabelledAnswer]]:
    """The bank and the labelled answers the options name."""
    bank = load_bank(options["metadata"], options["fixture"])
    return bank, load_answers(options["answers"], bank)
