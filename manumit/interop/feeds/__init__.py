"""RSS 2.0 and Atom 1.0 feeds of the newest resources, of each browse page and of any
search; `plug_in()` makes every page with a feed link it from its <head>."""


def plug_in() -> None:
    from manumit.catalog import hooks
    from manumit.interop.feeds.head import feed_links

    hooks.register(hooks.PAGE_HEAD, feed_links)
