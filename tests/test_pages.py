from sitegen.pages import paginate


def test_pagination_windows_and_paths():
    pages = list(paginate(list(range(25)), 2, "tags/x/"))
    assert len(pages) == 13
    items, first = pages[0]
    assert items == [0, 1] and first.prev is None and first.next == "tags/x/page/2/"
    _, middle = pages[6]
    assert [p.number for p in middle.pages] == [1, 5, 6, 7, 8, 9, 13]
    assert middle.prev == "tags/x/page/6/" and middle.next == "tags/x/page/8/"
    last_items, last = pages[-1]
    assert last_items == [24] and last.next is None


def test_one_page_needs_no_pagination():
    assert list(paginate([1, 2], 10, "")) == [([1, 2], None)]
