"""The committed fixture (a dumpdata of the seed source) read as one source's questions."""

from questions.importer.sources import ImportedQuestion


def fixture_source(objects: list[dict]) -> tuple[dict, list[ImportedQuestion]]:
    """The fixture's source (key, name, kind) and its questions as import items."""
    by_model: dict[str, list[dict]] = {}
    for entry in objects:
        by_model.setdefault(entry["model"], []).append(entry)
    (source,) = by_model["questions.source"]
    tags = {
        tag["pk"]: (tag["fields"]["slug"], tag["fields"]["name_zh"], tag["fields"]["name_en"])
        for tag in by_model.get("questions.tag", [])
    }
    points: dict[int, list[dict]] = {}
    for point in sorted(
        by_model.get("questions.keypoint", []),
        key=lambda p: (p["fields"]["position"], p["pk"]),
    ):
        fields = point["fields"]
        points.setdefault(fields["question"], []).append(
            {key: fields[key] for key in ("label_zh", "label_en", "essential", "aliases")}
            | ({"synonyms": fields["synonyms"]} if fields.get("synonyms") else {})
        )
    questions = by_model.get("questions.question", [])
    keys = {question["pk"]: question["fields"]["origin_key"] for question in questions}
    items = []
    for question in questions:
        fields = question["fields"]
        items.append(
            ImportedQuestion(
                key=fields["origin_key"],
                title=fields["title"],
                answer_md=fields["answer_md"],
                supplement_md=fields["supplement_md"],
                slug=fields["slug"],
                number=fields["number"],
                tags=[tags[pk] for pk in fields["tags"]],
                difficulty=fields["difficulty"],
                answer_minutes=fields["answer_minutes"],
                key_points=points.get(question["pk"], []),
                related=[keys[pk] for pk in fields.get("related", []) if pk in keys],
            )
        )
    return source["fields"], items
