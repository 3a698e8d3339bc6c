"""The web layer: a blueprint a module (auth, articles, api, review, corpus, dashboard, admin, errors)."""
