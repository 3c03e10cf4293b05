"""The intake server's schema migrations (Alembic): ``customs-rating-intake db upgrade``.

``server.migrate`` drives them from code (no alembic.ini); ``versions/`` holds one revision per
schema change, the first being the schema as it was when migrations began (the baseline).
"""
