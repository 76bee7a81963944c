from core.text import is_chinese, typed_length


def test_typed_length_counts_a_crlf_line_break_as_one_character():
    assert typed_length("a\r\nb") == 3
    assert typed_length("a\nb") == 3
    assert typed_length("中文") == 2


def test_is_chinese_reads_any_chinese_language_code():
    assert is_chinese("zh-hans")
    assert is_chinese("zh-Hant")
    assert is_chinese("zh")
    assert not is_chinese("en")
    assert not is_chinese("")
    assert not is_chinese(None)
