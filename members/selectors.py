def home_page_context(*, user) -> dict:
    return {}
