from sitegen.slugs import slugify, unique_slug


def test_readable_ascii_slugs():
    assert slugify("Héllo, World!") == "hello-world"
    assert slugify("Пам’ять і «щастя»") == "pamiat-i-shchastia"
    assert slugify("???") == "untitled"


def test_long_titles_are_cut_at_a_word():
    slug = slugify("word " * 40, max_length=20)
    assert len(slug) <= 20 and not slug.endswith("-")


def test_unique_slug_adds_a_number():
    taken = {"a"}
    assert unique_slug("a", taken) == "a-2"
    assert unique_slug("a", taken) == "a-3"


def test_every_script_gets_a_readable_slug_of_its_own():
    cases = {"Straße": "strasse", "łódź": "lodz", "Ærø": "aero", "Αθήνα": "athina",
             "日本": "riben", "中国": "zhongguo", "서울": "seoul", "თბილისი": "tbilisi"}
    assert {name: slugify(name) for name in cases} == cases


def test_signs_that_make_another_name_are_spelled_out():
    assert [slugify(t) for t in ("C", "C++", "C#", "#news")] == [
        "c", "c-plus-plus", "c-sharp", "news"]
