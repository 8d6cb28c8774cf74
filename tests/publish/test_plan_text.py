from types import SimpleNamespace

from onestockport.publish.templatetags.plan_text import breadcrumbs, emphasis, figure, is_count, plain, plan_shape


def test_emphasis_escapes_before_marking_bold():
    assert emphasis("Plant **11,500 trees** <b>now</b>") == "Plant <strong>11,500 trees</strong> &lt;b&gt;now&lt;/b&gt;"


def test_emphasis_does_not_let_markers_smuggle_html():
    assert emphasis('**<img src=x onerror="y">**') == "<strong>&lt;img src=x onerror=&quot;y&quot;&gt;</strong>"


def test_plain_drops_markers():
    assert plain("Improve the **air quality** in Stockport") == "Improve the air quality in Stockport"


def test_figure_formats_like_the_plan():
    assert figure(3800) == "3,800"
    assert figure(11500.0) == "11,500"
    assert figure(103.4) == "103.4"


def test_breadcrumbs_pairs_labels_and_urls():
    assert breadcrumbs("Home", "/", "Theme", "/themes/x/") == {"crumbs": [("Home", "/"), ("Theme", "/themes/x/")]}


def _theme(*priorities):
    return SimpleNamespace(priorities=SimpleNamespace(all=lambda: list(priorities)))


def _priority(ambition="An ambition", actions=2, measures=("m",)):
    return SimpleNamespace(
        ambition=ambition, action_count=actions, measures=SimpleNamespace(all=lambda: list(measures))
    )


def test_plan_shape_in_words_when_every_theme_has_as_many_priorities():
    themes = [_theme(_priority(), _priority(), _priority()) for _ in range(3)]
    assert plan_shape(themes) == (
        "Three themes, each with three priorities. "
        "Every priority has an ambition, numbered actions and measures of success."
    )


def test_plan_shape_counts_when_themes_differ_and_names_only_what_every_priority_has():
    themes = [_theme(_priority(), _priority(ambition="")), _theme(_priority(actions=0))]
    assert plan_shape(themes) == "2 themes and 3 priorities. Every priority has measures of success."


def test_plan_shape_of_one_theme_with_one_priority():
    assert plan_shape([_theme(_priority(ambition="", actions=0, measures=()))]) == "1 theme and 1 priority."


def test_only_numbers_are_counts():
    assert [is_count(value) for value in (3800, 0, None, "", "not stated", True)] == [
        True,
        True,
        False,
        False,
        False,
        False,
    ]
