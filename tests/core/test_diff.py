"""Differences between the 2016 and 2025 wording: Chinese by character, English by word."""

from annotated_law.law.diff import diff, diff_html


def test_chinese_is_compared_by_character() -> None:
    ops = diff("处一万元以上十万元以下罚款", "处五万元以上五十万元以下罚款", "zh")
    assert ("delete", "一") in ops and ("insert", "五") in ops
    assert "".join(t for k, t in ops if k != "insert") == "处一万元以上十万元以下罚款"
    assert "".join(t for k, t in ops if k != "delete") == "处五万元以上五十万元以下罚款"


def test_english_is_compared_by_whole_words() -> None:
    ops = diff("closure of the website", "closure of the website or application", "en")
    assert ops == [("equal", "closure of the website"), ("insert", " or application")]
    ops = diff("a fine of RMB 10,000", "a fine of RMB 50,000", "en")
    assert ("delete", "10,000") in ops and ("insert", "50,000") in ops


def test_html_marks_changes_and_escapes_text() -> None:
    html = diff_html(diff("a < b", "a > b", "en"))
    assert html == "a <del>&lt;</del><ins>&gt;</ins> b"
