"""The blind evaluation set (answers_new.jsonl) is well formed: data only, never the matcher."""

import hashlib
import json

from feedback.eval import check_answers


def test_answers_new_is_valid_against_the_seed_metadata():
    records, problems = check_answers.check_file()
    assert problems == []
    assert len(records) >= 180
    assert {r["question"] for r in records} == set(check_answers.key_point_counts())


def test_every_new_kind_is_well_represented_and_a_third_is_untouched():
    records, _ = check_answers.check_file()
    kinds = [r["kind"] for r in records]
    for kind in ("keyword_dump", "short_paraphrase", "mixed", "phone", "dictated"):
        assert 25 <= kinds.count(kind) <= 35, kind
    untouched = sum(r["split"] == "untouched" for r in records)
    assert 0.25 <= untouched / len(records) <= 0.4


def test_split_rule_is_the_first_hex_digit_of_the_ids_sha256():
    assert check_answers.split_for("n-q01-dump-1") == (
        "untouched" if hashlib.sha256(b"n-q01-dump-1").hexdigest()[0] in "01234" else "new"
    )


def test_the_checker_reports_bad_lines(tmp_path):
    good = {"id": "n-q01-x-1", "question": "q01", "kind": "mixed", "text": "a", "found": [True] * 5}
    good["split"] = check_answers.split_for(good["id"])
    bad_length = dict(good, id="n-q01-x-2", found=[True] * 4)
    bad_length["split"] = check_answers.split_for(bad_length["id"])
    dump = dict(good, id="n-q01-x-3", kind="keyword_dump")
    dump["split"] = check_answers.split_for(dump["id"])
    lines = [json.dumps(good), json.dumps(good), "{not json"]
    lines += [json.dumps(bad_length), json.dumps(dump)]
    path = tmp_path / "answers.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = check_answers.check_file(path)
    assert any("line 2: duplicate id" in p for p in problems)
    assert any("line 3: invalid JSON" in p for p in problems)
    assert any("line 4: found has 4 labels" in p for p in problems)
    assert any("line 5: a keyword_dump states nothing" in p for p in problems)
    assert len(problems) == 4
