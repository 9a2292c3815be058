"""How Chinese and English copy is set: spaces around filled values, list and sentence joins."""

from bot.typography import fill, join_groups, join_sentences


def test_an_empty_value_leaves_the_templates_own_text_as_written():
    # "审阅v2" is the template's own text; an empty note between them adds no space.
    assert fill("审阅{note}v2", {"note": ""}, "zh-CN") == "审阅v2"


def test_a_conversion_in_a_chinese_template_is_applied_as_in_english():
    assert fill("文件{name!r}", {"name": "a"}, "zh-CN") == "文件'a'"
    assert fill("file {name!r}", {"name": "a"}, "en") == "file 'a'"


def test_groups_are_joined_with_the_languages_semicolon():
    assert join_groups("zh-CN", ["M-1 概念稿", "M-2 定稿"]) == "M-1 概念稿；M-2 定稿"
    assert join_groups("en", ["M-1 concept", "M-2 final"]) == "M-1 concept; M-2 final"


def test_english_sentences_are_spaced_and_chinese_ones_are_not():
    assert join_sentences("en", ["Saved.", "", "Thanks."]) == "Saved. Thanks."
    assert join_sentences("zh-CN", ["已保存。", "", "谢谢。"]) == "已保存。谢谢。"
