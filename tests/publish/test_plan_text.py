from onestockport.publish.templatetags.plan_text import breadcrumbs, emphasis, figure, plain


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
